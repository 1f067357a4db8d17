// The technician's side of the device API (appliance/src/http/routes/device-routes.ts): the drivers
// the appliance has (fetched once), the raw traffic shape, and small readers of the drivers' JSON
// Schemas, so the page can offer a driver's test commands and options without knowing the driver.
import { signal } from '@preact/signals';
import { api } from './api.ts';
import type { DeviceBadge } from './i18n-technician.ts';
import type { DeviceView } from './room-store.ts';

/** A JSON Schema as the appliance sends it (TypeBox output); only what the page reads. */
export interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
  description?: string;
}

export interface DriverInfo {
  id: string;
  title: string;
  description: string;
  transports: string[];
  exampleTransport: string;
  traffic: string;
  options: JsonSchema;
  commands: JsonSchema;
}

/** One chunk of raw traffic, as it arrived on (or left for) the wire. */
export interface TrafficChunk {
  /** Increases with every chunk the appliance saw (all devices): the poll's cursor. */
  seq: number;
  at: number;
  dir: 'in' | 'out';
  length: number;
  truncated: boolean;
  /** `aa bb cc` */
  hex: string;
  /** Printable ASCII as is; `\r`, `\n` and every other byte escaped (`\xNN`, a backslash as `\x5c`). */
  text: string;
}

/** GET /api/devices/drivers, once per page load (drivers only change with the appliance). */
export const drivers = signal<DriverInfo[] | null>(null);
let loading: Promise<void> | null = null;

export function loadDrivers(): Promise<void> {
  loading ??= api('GET', '/api/devices/drivers').then((r) => {
    if (r.ok && Array.isArray(r.data)) drivers.value = r.data as DriverInfo[];
    else loading = null;
  });
  return loading;
}

export const driverOf = (id: string): DriverInfo | undefined => drivers.value?.find((d) => d.id === id);

export const badgeOf = (d: DeviceView): DeviceBadge => (d.disabled ? 'disabled' : d.status.status);

/** Statuses that need the technician (a connecting device is on its way, a disabled one is off). */
export const isFailing = (d: DeviceView): boolean =>
  !d.disabled && d.status.status !== 'ok' && d.status.status !== 'connecting';

/**
 * The last error, unless it only says what the badge says: the appliance records "disabled" as a
 * disconnect's message, which is no error of the device.
 */
export function shownLastError(d: DeviceView): DeviceView['lastError'] {
  const e = d.lastError;
  if (!e) return null;
  if (d.disabled && e.message === 'disabled') return null;
  return e;
}

/**
 * Counters worth a glance in the list: traffic both ways, garbage, reconnects and retries. Each
 * group shows the first key the driver reports.
 */
const KEY_COUNTER_GROUPS: readonly (readonly string[])[] = [
  ['bytesIn'],
  ['bytesOut'],
  ['linesIn', 'framesIn', 'datagramsIn', 'messagesIn'],
  ['linesOut', 'framesOut', 'datagramsOut', 'messagesOut', 'commandsOut'],
  ['discarded', 'discardedBytes', 'discards', 'malformed', 'dropped'],
  ['reconnects'],
  ['retries'],
];

export function keyCounters(counters: Record<string, number>): [string, number][] {
  const out: [string, number][] = [];
  for (const group of KEY_COUNTER_GROUPS) {
    const k = group.find((name) => typeof counters[name] === 'number');
    if (k) out.push([k, counters[k] as number]);
  }
  return out;
}

/** `bytesIn` → `bytes in`, for counters the page has no label for. */
export const humanize = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

export function formatCount(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, '\u202f');
}

/** 09:05:07 */
export function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((x) => String(x).padStart(2, '0')).join(':');
}

/** 09:05:07.042 */
export function formatTimeMs(epochMs: number): string {
  return `${formatTime(epochMs)}.${String(new Date(epochMs).getMilliseconds()).padStart(3, '0')}`;
}

// ---- commands ----

export type FieldKind = 'integer' | 'number' | 'boolean' | 'string' | 'choice' | 'json';

export interface CommandField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  minimum?: number;
  maximum?: number;
  choices?: string[];
  default?: unknown;
}

export interface CommandVariant {
  type: string;
  description?: string;
  fields: CommandField[];
}

const variantsOf = (s: JsonSchema): JsonSchema[] => s.anyOf ?? s.oneOf ?? [s];

function typeName(s: JsonSchema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  return s.type;
}

function fieldOf(name: string, s: JsonSchema, required: boolean): CommandField {
  const base = {
    name,
    required,
    ...(s.description ? { description: s.description } : {}),
    ...(s.default !== undefined ? { default: s.default } : {}),
  };
  const literals =
    s.enum ?? (s.anyOf?.every((x) => x.const !== undefined) ? s.anyOf.map((x) => x.const) : null);
  if (literals?.every((x) => typeof x === 'string'))
    return { ...base, kind: 'choice', choices: literals as string[] };
  const t = typeName(s);
  if (t === 'integer' || t === 'number') {
    return {
      ...base,
      kind: t,
      ...(s.minimum !== undefined ? { minimum: s.minimum } : {}),
      ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
    };
  }
  if (t === 'boolean') return { ...base, kind: 'boolean' };
  if (t === 'string') return { ...base, kind: 'string' };
  return { ...base, kind: 'json' };
}

/** The commands of a driver's command schema: an object per command, told apart by a `type` const. */
export function commandVariants(schema: JsonSchema | undefined): CommandVariant[] {
  if (!schema) return [];
  const out: CommandVariant[] = [];
  for (const v of variantsOf(schema)) {
    const typeSchema = v.properties?.type;
    const type = typeSchema?.const ?? (typeSchema?.enum?.length === 1 ? typeSchema.enum[0] : undefined);
    if (typeof type !== 'string') continue;
    const required = new Set(v.required ?? []);
    const fields = Object.entries(v.properties ?? {})
      .filter(([name]) => name !== 'type')
      .map(([name, s]) => fieldOf(name, s, required.has(name)));
    out.push({ type, ...(typeSchema?.description ? { description: typeSchema.description } : {}), fields });
  }
  return out;
}

/** A command's body from the panel's inputs (all kept as text); an empty optional field is left out. */
export function commandBody(
  v: CommandVariant,
  values: Record<string, string>,
): { ok: true; body: Record<string, unknown> } | { ok: false; field: string; why: string } {
  const body: Record<string, unknown> = { type: v.type };
  for (const f of v.fields) {
    let raw = values[f.name] ?? '';
    // A required choice shows its first option until another is picked.
    if (f.kind === 'choice' && raw === '' && f.required) raw = f.choices?.[0] ?? '';
    if (f.kind === 'boolean') {
      body[f.name] = raw === 'true';
      continue;
    }
    if (raw.trim() === '') {
      if (f.required) return { ok: false, field: f.name, why: 'required' };
      continue;
    }
    if (f.kind === 'integer' || f.kind === 'number') body[f.name] = Number(raw);
    else if (f.kind === 'json') {
      try {
        body[f.name] = JSON.parse(raw);
      } catch (err) {
        return { ok: false, field: f.name, why: (err as Error).message };
      }
    } else body[f.name] = raw;
  }
  return { ok: true, body };
}

// ---- options help ----

export interface OptionHelp {
  name: string;
  type: string;
  range: string | null;
  default: string | null;
  description: string | null;
}

/** The top-level options of a driver, as a short reference beside the JSON box. */
export function optionHelp(schema: JsonSchema | undefined): OptionHelp[] {
  return Object.entries(schema?.properties ?? {}).map(([name, s]) => {
    const min = s.minimum ?? s.minLength;
    const max = s.maximum ?? s.maxLength;
    return {
      name,
      type: typeName(s) ?? (s.anyOf ? 'any of' : 'value'),
      range: min !== undefined || max !== undefined ? `${min ?? ''}…${max ?? ''}` : null,
      default: s.default !== undefined ? JSON.stringify(s.default) : null,
      description: s.description ?? null,
    };
  });
}

// ---- form errors ----

export type FormField = 'driver' | 'id' | 'transport' | 'disabled' | 'options' | 'form';

/** Where a refusal's `details[].path` belongs in the add / edit form. */
export function fieldOfPath(path: string): FormField {
  const top = /^\/([^/]+)/.exec(path)?.[1];
  if (top === 'driver' || top === 'id' || top === 'transport' || top === 'disabled' || top === 'options')
    return top;
  return 'form';
}

/** `/options/voting/configuration` → `voting/configuration`, for a line under the options box. */
export const optionPath = (path: string): string => path.replace(/^\/options\/?/, '');

// ---- traffic ----

export interface TrafficLine {
  /** Escaped text without its line end. */
  body: string;
  /** `\r\n`, `\n`, `\r`, or '' when the chunk ends mid-line. */
  end: string;
}

/** A chunk's escaped text cut at its line ends (the ends kept, to be shown dimmed). */
export function splitLines(text: string): TrafficLine[] {
  const out: TrafficLine[] = [];
  const re = /\\r\\n|\\n|\\r/g;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ body: text.slice(from, m.index), end: m[0] });
    from = m.index + m[0].length;
  }
  if (from < text.length || out.length === 0) out.push({ body: text.slice(from), end: '' });
  return out;
}

export interface HexRow {
  offset: string;
  hex: string;
  ascii: string;
}

/** A classic dump: 16 bytes a row, offset, hex, and the printable bytes. */
export function hexRows(hex: string): HexRow[] {
  const bytes = hex.split(' ').filter(Boolean);
  const rows: HexRow[] = [];
  for (let i = 0; i < bytes.length; i += 16) {
    const slice = bytes.slice(i, i + 16);
    rows.push({
      offset: i.toString(16).padStart(4, '0'),
      hex: slice.join(' '),
      ascii: slice
        .map((b) => {
          const n = Number.parseInt(b, 16);
          return n >= 0x20 && n < 0x7f ? String.fromCharCode(n) : '·';
        })
        .join(''),
    });
  }
  return rows;
}
