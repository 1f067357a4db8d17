// The directory as the administration pages see it: units, persons and steering committees from
// `GET /api/units`, `/api/persons`, `/api/committees` (appliance/src/http/routes/people-routes.ts),
// fetched when a page opens and again after each change it makes. Searching and filtering happen
// here, on the whole list, with Vietnamese marks folded away ("nguyen" finds "Nguyễn").
import { signal } from '@preact/signals';
import type { Committee, Person, Unit } from '../../appliance/src/people/directory.ts';
import type { GlobalRole } from '../../appliance/src/people/roles.ts';
import { type ApiResult, api } from './api.ts';
import { errorText, type Messages } from './i18n.ts';
import type { AdminMessages } from './i18n-admin.ts';

/** Global roles, most powerful first (appliance/src/people/roles.ts). */
export const GLOBAL_ROLES: readonly GlobalRole[] = ['sysadmin', 'unit_admin', 'organiser', 'technician'];
/** Roles only a system administrator gives or takes. */
export const ADMIN_ROLES: readonly GlobalRole[] = ['sysadmin', 'unit_admin'];

// The appliance's own types of what its directory routes answer (types only: no code crosses).
export type { Committee, Person, Unit } from '../../appliance/src/people/directory.ts';

export interface AccountStatus {
  username: string;
  mustChange: boolean;
  passwordChangedAt: number;
  passwordExpiresAt: number;
  lockedUntil: number | null;
  failedCount: number;
  lastLoginAt: number | null;
}

/** A one-time password, as the appliance answers it once (create with a username, reset). */
export interface OneTime {
  person: Person;
  oneTimePassword: string;
  expiresAt: number;
}

export type Refusal = Extract<ApiResult, { ok: false }>;

export const units = signal<Unit[] | null>(null);
export const persons = signal<Person[] | null>(null);
export const committees = signal<Committee[] | null>(null);
/** The last failure to read the directory (shown with a retry). */
export const directoryError = signal<Refusal | null>(null);

export async function loadDirectory(): Promise<void> {
  const [u, p, c] = await Promise.all([
    api('GET', '/api/units'),
    api('GET', '/api/persons'),
    api('GET', '/api/committees'),
  ]);
  if (u.ok) units.value = u.data as Unit[];
  if (p.ok) persons.value = p.data as Person[];
  if (c.ok) committees.value = c.data as Committee[];
  directoryError.value = [u, p, c].find((r): r is Refusal => !r.ok) ?? null;
}

/** Replaces (or adds) one person in the list, as the appliance answered it. */
export function putPerson(p: Person): void {
  const list = persons.value ?? [];
  persons.value = list.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [...list, p];
}

export function putUnit(u: Unit): void {
  const list = units.value ?? [];
  units.value = list.some((x) => x.id === u.id) ? list.map((x) => (x.id === u.id ? u : x)) : [...list, u];
}

export function putCommittee(c: Committee): void {
  const list = committees.value ?? [];
  committees.value = list.some((x) => x.id === c.id)
    ? list.map((x) => (x.id === c.id ? c : x))
    : [...list, c];
}

/** Lower case without Vietnamese marks: "Nguyễn Đức" → "nguyen duc". */
export const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();

export interface PersonFilter {
  q: string;
  unitId: string;
  role: GlobalRole | '';
  state: 'active' | 'inactive' | 'all';
}

export function filterPersons(list: readonly Person[], f: PersonFilter): Person[] {
  const words = fold(f.q).split(/\s+/).filter(Boolean);
  return list
    .filter((p) => {
      if (f.unitId && p.unitId !== f.unitId) return false;
      if (f.role && !p.roles.includes(f.role)) return false;
      if (f.state === 'active' && !p.active) return false;
      if (f.state === 'inactive' && p.active) return false;
      if (words.length === 0) return true;
      const hay = fold(`${p.fullName} ${p.username ?? ''} ${p.title ?? ''} ${p.email ?? ''}`);
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
}

export const unitName = (id: string | null | undefined): string =>
  (id && units.value?.find((u) => u.id === id)?.name) || (id ?? '');
export const personName = (id: string): string => persons.value?.find((p) => p.id === id)?.fullName ?? id;

/** Initials for the round badge: "Nguyễn Văn An" → "NA". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0]!.charAt(0);
  const last = parts.length > 1 ? parts[parts.length - 1]!.charAt(0) : '';
  return `${first}${last}`.toUpperCase();
}

/** One of eight calm colours, always the same for the same person. */
export function hue(id: string): number {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 8;
}

/** A refusal as a sentence in the current language, and the appliance's own words beside it. */
export function refusalText(
  m: Messages,
  am: AdminMessages,
  r: Pick<Refusal, 'code' | 'message'>,
): { text: string; detail: string | null } {
  const text = am.errors[r.code] ?? errorText(m, r.code, r.message);
  const detail = r.message && !text.includes(r.message) && r.code !== 'E_NETWORK' ? r.message : null;
  return { text, detail };
}

/** The field a validation detail names: `/username` → `username`. */
export function fieldOf(path: string): string {
  return path.replace(/^\//, '').split('/')[0] || 'form';
}
