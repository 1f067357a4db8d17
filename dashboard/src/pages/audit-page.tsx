// `/admin/audit`: the login diary and the audit log (`GET /api/audit`), newest first: presets by kind
// (the login diary is `auth.`), who did it, a date range and free text, all kept in the address so a
// reload or a shared link shows the same. Each event: its time, what happened in words (the raw
// type for kinds this page does not know), who, and the details that matter, with everything the
// appliance recorded a press away. "Older" pages back with the `next` cursor; "Export CSV" downloads
// the same search (`/api/audit/export`, audited by the appliance).
import { useEffect, useRef, useState } from 'preact/hooks';
import { loadDirectory, personName, persons, type Refusal, unitName } from '../admin-store.ts';
import { api } from '../api.ts';
import { FormFailure } from '../components/admin/form-bits.tsx';
import { PersonGate } from '../components/person-gate.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { type AdminMessages, AUDIT_PRESETS, type AuditPreset, ta } from '../i18n-admin.ts';
import { me } from '../session.ts';

export interface AuditEvent {
  seq: number;
  at: number;
  meetingId: string | null;
  type: string;
  actor: string;
  actorName: string | null;
  payload: Record<string, unknown>;
}

interface Filters {
  preset: AuditPreset;
  personId: string;
  from: string;
  to: string;
  q: string;
}

const PAGE = 50;
const PRESETS = Object.keys(AUDIT_PRESETS) as AuditPreset[];

function filtersOf(search: string): Filters {
  const q = new URLSearchParams(search);
  const preset = q.get('preset');
  return {
    preset: (PRESETS as string[]).includes(preset ?? '') ? (preset as AuditPreset) : 'logins',
    personId: q.get('person') ?? '',
    from: /^\d{4}-\d{2}-\d{2}$/.test(q.get('from') ?? '') ? q.get('from')! : '',
    to: /^\d{4}-\d{2}-\d{2}$/.test(q.get('to') ?? '') ? q.get('to')! : '',
    q: q.get('q') ?? '',
  };
}

/** `2026-12-01` → that day's local midnight (ms); `end`: the next day's. */
function dayStart(v: string, end = false): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0)).getTime();
}

/** The appliance's query for these filters (the list and the CSV export share it). */
export function auditQuery(f: Filters): URLSearchParams {
  const q = new URLSearchParams();
  const type = AUDIT_PRESETS[f.preset];
  if (type) q.set('type', type);
  if (f.personId) q.set('personId', f.personId);
  const from = dayStart(f.from);
  const to = dayStart(f.to, true);
  if (from !== null) q.set('from', String(from));
  if (to !== null) q.set('to', String(to));
  if (f.q.trim()) q.set('q', f.q.trim().slice(0, 100));
  return q;
}

export function AuditPage() {
  return (
    <PersonGate roles={['sysadmin', 'unit_admin']} page={ta.value.pages.audit}>
      <AuditLog />
    </PersonGate>
  );
}

function AuditLog() {
  const am = ta.value;
  const au = am.audit;
  const viewer = me.value!;
  const isSys = viewer.roles.includes('sysadmin');
  const [f, setF] = useState<Filters>(filtersOf(location.search));
  const [text, setText] = useState(f.q);
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<Refusal | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    void loadDirectory();
  }, []);
  useEffect(() => {
    document.title = `${au.presets[f.preset]} · ${au.title}`;
  }, [f.preset, au]);

  // Every change of the filters: into the address, then the newest page for them.
  useEffect(() => {
    const url = new URLSearchParams();
    if (f.preset !== 'logins') url.set('preset', f.preset);
    if (f.personId) url.set('person', f.personId);
    if (f.from) url.set('from', f.from);
    if (f.to) url.set('to', f.to);
    if (f.q.trim()) url.set('q', f.q.trim());
    const s = url.toString();
    history.replaceState(history.state, '', `${location.pathname}${s ? `?${s}` : ''}`);
    void fetchPage(null);
  }, [f]);

  // Free text applies once typing pauses.
  useEffect(() => {
    if (text === f.q) return;
    const timer = setTimeout(() => setF((x) => ({ ...x, q: text })), 400);
    return () => clearTimeout(timer);
  }, [text]);

  const fetchPage = async (before: number | null) => {
    const mine = ++generation.current;
    setLoading(true);
    const q = auditQuery(f);
    q.set('limit', String(PAGE));
    if (before !== null) q.set('before', String(before));
    const r = await api('GET', `/api/audit?${q}`);
    if (mine !== generation.current) return;
    setLoading(false);
    if (!r.ok) {
      setFailure(r);
      if (before === null) setEvents([]);
      return;
    }
    setFailure(null);
    const data = r.data as { events: AuditEvent[]; next: number | null };
    setEvents(before === null ? data.events : [...(events ?? []), ...data.events]);
    setNext(data.next);
  };

  const set = (patch: Partial<Filters>) => setF({ ...f, ...patch });
  const people = (persons.value ?? [])
    .filter((p) => isSys || p.unitId === viewer.unitId)
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
  const exportHref = `/api/audit/export?${auditQuery(f)}`;
  const filtered = f.personId || f.from || f.to || f.q;

  return (
    <div class="page page--audit">
      <TopBar role={au.title}>
        <a class="btn" href="/admin" data-testid="back-admin">
          ← {am.pages.admin}
        </a>
      </TopBar>
      <main class="audit">
        <div class="audit-presets" role="tablist" aria-label={au.title} data-testid="audit-presets">
          {PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              role="tab"
              class={`preset preset--${p}`}
              aria-selected={f.preset === p}
              data-testid={`preset-${p}`}
              onClick={() => set({ preset: p })}
            >
              <span class="preset__dot" aria-hidden="true" />
              {au.presets[p]}
            </button>
          ))}
        </div>
        <div class="audit-filters" data-testid="audit-filters">
          <label class="field">
            <span class="field__label">{au.person}</span>
            <select
              class="field__control"
              data-testid="audit-person"
              value={f.personId}
              onChange={(e) => set({ personId: (e.currentTarget as HTMLSelectElement).value })}
            >
              <option value="">{au.anyPerson}</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.fullName}
                  {p.username ? ` (${p.username})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label class="field field--date">
            <span class="field__label">{au.from}</span>
            <input
              class="field__control"
              type="date"
              data-testid="audit-from"
              value={f.from}
              max={f.to || undefined}
              onChange={(e) => set({ from: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class="field field--date">
            <span class="field__label">{au.to}</span>
            <input
              class="field__control"
              type="date"
              data-testid="audit-to"
              value={f.to}
              min={f.from || undefined}
              onChange={(e) => set({ to: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class="field field--grow">
            <span class="field__label">{au.text}</span>
            <input
              class="field__control"
              type="search"
              data-testid="audit-text"
              placeholder={au.textPlaceholder}
              maxLength={100}
              value={text}
              onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') set({ q: text });
              }}
            />
          </label>
          <div class="audit-filters__actions">
            {filtered ? (
              <button
                type="button"
                class="btn btn--ghost"
                onClick={() => {
                  setText('');
                  set({ personId: '', from: '', to: '', q: '' });
                }}
              >
                {au.clear}
              </button>
            ) : null}
            <a
              class="btn btn--export"
              href={exportHref}
              download
              data-testid="audit-export"
              title={au.exportHint}
            >
              <svg
                viewBox="0 0 24 24"
                width="18"
                height="18"
                fill="none"
                stroke="currentColor"
                stroke-width="2"
                aria-hidden="true"
              >
                <path d="M12 4v11m0 0-4-4m4 4 4-4M5 20h14" stroke-linecap="round" stroke-linejoin="round" />
              </svg>
              {au.exportCsv}
            </a>
          </div>
        </div>
        {isSys ? null : <p class="section-note section-note--info">{au.unitScope}</p>}
        <FormFailure failure={failure} testid="audit-error" />
        <div class="audit-count" data-testid="audit-count">
          {events ? au.shown(events.length) : am.loading}
          {loading ? <span class="audit-count__spinner" aria-hidden="true" /> : null}
        </div>
        {events && events.length === 0 && !failure ? (
          <div class="audit-empty" data-testid="audit-empty">
            {au.empty}
          </div>
        ) : null}
        <EventList events={events ?? []} />
        {events && events.length > 0 ? (
          next !== null ? (
            <button
              type="button"
              class="btn btn--wide audit-older"
              data-testid="audit-older"
              disabled={loading}
              onClick={() => void fetchPage(next)}
            >
              {loading ? au.loadingOlder : `↓ ${au.older}`}
            </button>
          ) : (
            <p class="audit-end" data-testid="audit-end">
              {au.end}
            </p>
          )
        ) : null}
      </main>
    </div>
  );
}

function EventList({ events }: { events: AuditEvent[] }) {
  const am = ta.value;
  const groups: { day: string; items: AuditEvent[] }[] = [];
  for (const e of events) {
    const day = am.dayHeading(e.at);
    const last = groups[groups.length - 1];
    if (last?.day === day) last.items.push(e);
    else groups.push({ day, items: [e] });
  }
  return (
    <div class="audit-days" data-testid="audit-list">
      {groups.map((g) => (
        <section key={`${g.day}-${g.items[0]!.seq}`} class="audit-day">
          <h2 class="audit-day__title">{g.day}</h2>
          <ol class="event-list">
            {g.items.map((e) => (
              <EventRow key={e.seq} event={e} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}

const groupOf = (type: string) => type.split('.')[0] ?? type;
const failed = (type: string) => /(_failed|\.denied|\.refused)$/.test(type);

function EventRow({ event: e }: { event: AuditEvent }) {
  const am = ta.value;
  const au = am.audit;
  const group = groupOf(e.type);
  const known = au.types[e.type];
  const tone = failed(e.type) ? 'bad' : e.type === 'auth.login' ? 'good' : 'plain';
  return (
    <li
      class={`event event--${group} event--${tone}`}
      data-testid="audit-event"
      data-type={e.type}
      data-seq={e.seq}
      data-actor={e.actor}
    >
      <time class="event__time" dateTime={new Date(e.at).toISOString()}>
        {am.timeOfDay(e.at)}
      </time>
      <span class="event__icon" aria-hidden="true">
        <GroupIcon group={group} tone={tone} type={e.type} />
      </span>
      <div class="event__body">
        <div class="event__head">
          <span class="event__kind" data-testid="event-kind">
            {known ?? e.type}
          </span>
          <span class="event__group">{au.groups[group] ?? group}</span>
          <span class="event__actor" data-testid="event-actor">
            {actorLabel(am, e)}
          </span>
        </div>
        <Summary am={am} event={e} />
        {Object.keys(e.payload).length ? (
          <details class="event__raw">
            <summary>{au.rawDetails}</summary>
            <dl class="event__raw-list">
              {Object.entries(e.payload).map(([k, v]) => (
                <div key={k} class="event__raw-item">
                  <dt>{au.keys[k] ?? k}</dt>
                  <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
                </div>
              ))}
              <div class="event__raw-item">
                <dt>type</dt>
                <dd>
                  <code>{e.type}</code> · #{e.seq}
                </dd>
              </div>
            </dl>
          </details>
        ) : null}
      </div>
    </li>
  );
}

export function actorLabel(am: AdminMessages, e: Pick<AuditEvent, 'actor' | 'actorName'>): string {
  const a = am.audit.actors;
  if (e.actorName) return e.actorName;
  const [kind, rest = ''] = e.actor.split(/:(.*)/s);
  switch (kind) {
    case 'public':
      return a.public;
    case 'appliance':
      return a.appliance;
    case 'chair':
      return a.chair(rest);
    case 'delegate':
      return a.delegate(rest);
    case 'device':
      return a.device(rest);
    case 'person':
      return a.unknownPerson(rest);
    default:
      return e.actor;
  }
}

/** "Chrome · Linux" from a user agent. */
function browserOf(agent: string): string {
  const b = /Edg\//.test(agent)
    ? 'Edge'
    : /Firefox\//.test(agent)
      ? 'Firefox'
      : /Chrome\//.test(agent)
        ? 'Chrome'
        : /Safari\//.test(agent)
          ? 'Safari'
          : agent.split(/[\s/]/)[0] || '?';
  const os = /Android/.test(agent)
    ? 'Android'
    : /iPhone|iPad/.test(agent)
      ? 'iOS'
      : /Windows/.test(agent)
        ? 'Windows'
        : /Mac OS/.test(agent)
          ? 'macOS'
          : /Linux/.test(agent)
            ? 'Linux'
            : '';
  return os ? `${b} · ${os}` : b;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

function Summary({ am, event: e }: { am: AdminMessages; event: AuditEvent }) {
  const au = am.audit;
  const p = e.payload;
  const chips: { k: string; v: string; tone?: string }[] = [];
  const add = (k: string, v: string | null | undefined, tone?: string) => {
    if (v) chips.push(tone ? { k, v, tone } : { k, v });
  };
  const roles = (v: unknown) =>
    Array.isArray(v) && v.length
      ? v.map((r) => am.roles[r as keyof AdminMessages['roles']] ?? String(r)).join(', ')
      : '—';
  add('username', str(p.username));
  if (str(p.reason)) add('reason', au.reasons[p.reason as string] ?? (p.reason as string), 'bad');
  if (str(p.via)) add('via', au.via[p.via as 'password' | 'sso'] ?? (p.via as string));
  if (p.restricted === true) add('restricted', au.restricted, 'wait');
  if (str(p.person)) add('person', personName(p.person as string));
  if (str(p.fullName) && p.fullName !== (str(p.person) ? personName(p.person as string) : null))
    add('fullName', p.fullName as string);
  if (str(p.unitId)) add('unitId', unitName(p.unitId as string));
  if (str(p.unit)) add('unit', unitName(p.unit as string));
  if (str(p.committee)) add('committee', str(p.name) ?? (p.committee as string));
  else add('name', str(p.name));
  if (e.type === 'person.roles_changed') add('roles', `${roles(p.before)} → ${roles(p.after)}`);
  else if (Array.isArray(p.roles) && p.roles.length) add('roles', roles(p.roles));
  if (Array.isArray(p.members)) add('members', String(p.members.length));
  if (p.changes && typeof p.changes === 'object')
    add(
      'changes',
      Object.keys(p.changes as object)
        .map((k) => au.keys[k] ?? am.admin.invalid[k as 'name'] ?? k)
        .join(', '),
    );
  if (p.renewed === true) add('reason', au.renewed);
  add('device', str(p.device));
  if (typeof p.rows === 'number') add('rows', au.rows(p.rows));
  if (typeof p.seat === 'number') add('seat', String(p.seat));
  if (typeof p.sessionsEnded === 'number' && p.sessionsEnded > 0)
    add('sessionsEnded', String(p.sessionsEnded));
  add('ip', str(p.ip));
  if (str(p.agent)) add('agent', browserOf(p.agent as string));
  if (chips.length === 0) return null;
  return (
    <ul class="event__chips">
      {chips.map((c) => (
        <li key={`${c.k}-${c.v}`} class={c.tone ? `chip chip--${c.tone}` : 'chip'} data-key={c.k}>
          <span class="chip__key">{au.keys[c.k] ?? c.k}</span>
          <span class="chip__value">{c.v}</span>
        </li>
      ))}
    </ul>
  );
}

function GroupIcon({ group, tone, type }: { group: string; tone: string; type: string }) {
  const common = {
    viewBox: '0 0 24 24',
    width: 18,
    height: 18,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': 2,
    'stroke-linecap': 'round' as const,
    'stroke-linejoin': 'round' as const,
  };
  if (type.startsWith('auth.password'))
    return (
      <svg aria-hidden="true" {...common}>
        <circle cx="8" cy="15" r="4" />
        <path d="M10.8 12.2 20 3M16 7l3 3M14 9l2 2" />
      </svg>
    );
  if (type === 'auth.logout')
    return (
      <svg aria-hidden="true" {...common}>
        <path d="M14 7l5 5-5 5M19 12H8M10 3H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h5" />
      </svg>
    );
  if (group === 'auth')
    return tone === 'bad' ? (
      <svg aria-hidden="true" {...common}>
        <rect x="5" y="10" width="14" height="10" rx="2" />
        <path d="M8 10V7a4 4 0 0 1 7.5-2M10 14l4 4M14 14l-4 4" />
      </svg>
    ) : (
      <svg aria-hidden="true" {...common}>
        <path d="M10 17l5-5-5-5M15 12H3M14 3h5a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-5" />
      </svg>
    );
  if (group === 'person' || group === 'account')
    return (
      <svg aria-hidden="true" {...common}>
        <circle cx="12" cy="8" r="4" />
        <path d="M4 21c0-4.4 3.6-8 8-8s8 3.6 8 8" />
      </svg>
    );
  if (group === 'unit' || group === 'committee')
    return (
      <svg aria-hidden="true" {...common}>
        <path d="M3 21h18M5 21V8l7-5 7 5v13M9 21v-6h6v6" />
      </svg>
    );
  if (group === 'meeting')
    return (
      <svg aria-hidden="true" {...common}>
        <rect x="3" y="5" width="18" height="16" rx="2" />
        <path d="M3 10h18M8 3v4M16 3v4" />
      </svg>
    );
  if (group === 'device')
    return (
      <svg aria-hidden="true" {...common}>
        <rect x="3" y="4" width="18" height="12" rx="2" />
        <path d="M8 20h8M12 16v4" />
      </svg>
    );
  return (
    <svg aria-hidden="true" {...common}>
      <circle cx="12" cy="12" r="8" />
      <path d="M12 8v4l3 2" />
    </svg>
  );
}
