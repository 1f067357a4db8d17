// The logged-in person, as the appliance knows them: `GET /api/auth/session` once at start (401: nobody
// is logged in), then whatever login, logout and a password change answer. The session itself is an
// HttpOnly cookie the page never sees; what the page keeps is who it is, the CSRF token (handed to
// api.ts for every state-changing request) and whether the password must be changed first. Paired
// screens (chair console, seat tablets with `#key=`) act with their device key instead and never ask.
import { computed, signal } from '@preact/signals';
import type { GlobalRole } from '../../appliance/src/people/roles.ts';
import { type ApiResult, api, setCsrfToken, usesDeviceKey, whenSessionLost } from './api.ts';

export type MustChange = false | 'must_change' | 'expired';

export interface SessionPerson {
  id: string;
  unitId: string;
  name: string;
  roles: GlobalRole[];
  /** Why only a password change is allowed until it is done; false: nothing is held back. */
  restricted: MustChange;
  via: 'password' | 'sso';
  expiresAt: number;
}

export type SessionState =
  | { status: 'loading' }
  /** Nobody is logged in (or the session ended). */
  | { status: 'out' }
  /** The appliance could not be asked (network): pages offer to try again. */
  | { status: 'error'; code: string; message: string }
  | {
      status: 'in';
      person: SessionPerson;
      mustChangePassword: MustChange;
      passwordExpiresAt: number | null;
      /**
       * The session ended while this page was open (expired, logged out elsewhere, password reset):
       * the page stays as it is, with what was typed, and says so until a login in another tab.
       */
      lost?: boolean;
    };

export const session = signal<SessionState>({ status: 'loading' });
/** The logged-in person, or null. */
export const me = computed(() => {
  const s = session.value;
  return s.status === 'in' ? s.person : null;
});

export interface AuthOptions {
  password: { minLength: number; maxLength: number };
  sso: { label: string; start: string } | null;
}
export const authOptions = signal<AuthOptions | null>(null);

interface SessionAnswer {
  principal: { role: string; person?: SessionPerson };
  csrfToken?: string;
  mustChangePassword: MustChange;
  passwordExpiresAt: number | null;
}

function take(data: unknown): SessionState {
  const a = data as SessionAnswer;
  const person = a?.principal?.role === 'person' ? a.principal.person : undefined;
  if (!person) {
    setCsrfToken(null);
    return { status: 'out' };
  }
  setCsrfToken(a.csrfToken ?? null);
  return {
    status: 'in',
    person,
    mustChangePassword: a.mustChangePassword,
    passwordExpiresAt: a.passwordExpiresAt,
  };
}

/** Asks the appliance who is logged in in this browser. */
export async function loadSession(): Promise<SessionState> {
  if (usesDeviceKey()) {
    session.value = { status: 'out' };
    return session.value;
  }
  const before = session.peek();
  const r = await api('GET', '/api/auth/session');
  if (r.ok) session.value = take(r.data);
  else if (r.status === 0 || r.status >= 500) {
    // Unreachable: a page already open keeps its person; a page just opened says so.
    if (before.status !== 'in') session.value = { status: 'error', code: r.code, message: r.message };
  } else {
    setCsrfToken(null);
    session.value = before.status === 'in' ? { ...before, lost: true } : { status: 'out' };
  }
  return session.value;
}

whenSessionLost(() => {
  void loadSession();
});

export async function loadAuthOptions(): Promise<AuthOptions | null> {
  if (authOptions.value) return authOptions.value;
  const r = await api('GET', '/api/auth/options');
  if (r.ok) authOptions.value = r.data as AuthOptions;
  return authOptions.value;
}

export type Refusal = Extract<ApiResult, { ok: false }>;

export async function login(username: string, password: string): Promise<{ ok: true } | Refusal> {
  const r = await api('POST', '/api/auth/login', { username, password });
  if (!r.ok) return r;
  session.value = take(r.data);
  return { ok: true };
}

export async function logout(): Promise<{ ok: true } | Refusal> {
  const r = await api('POST', '/api/auth/logout', {});
  // 401: the session had already ended; either way nobody is logged in here now.
  if (!r.ok && r.status !== 401) return r;
  setCsrfToken(null);
  session.value = { status: 'out' };
  return { ok: true };
}

/** What the appliance finds wrong with a new password (auth/password-policy.ts). */
export type PasswordProblem =
  | { code: 'too_short'; min: number }
  | { code: 'too_long'; max: number }
  | { code: 'too_simple'; classes?: number }
  | { code: 'contains_name' }
  | { code: 'common' }
  | { code: 'reused'; last: number };

export type PasswordChange = { ok: true } | (Refusal & { problems: PasswordProblem[] });

export async function changePassword(current: string, next: string): Promise<PasswordChange> {
  const r = await api('POST', '/api/auth/password', { current, next });
  if (!r.ok) {
    const raw = r.error.problems;
    const problems = Array.isArray(raw)
      ? raw.filter((p): p is PasswordProblem => typeof (p as { code?: unknown })?.code === 'string')
      : [];
    return { ...r, problems };
  }
  session.value = take(r.data);
  return { ok: true };
}

export const hasRole = (roles: readonly GlobalRole[]): boolean => {
  const p = me.value;
  return !!p && !p.restricted && p.roles.some((r) => roles.includes(r));
};

/**
 * Where to go after logging in: a path of this appliance only (`/admin?tab=units`), never another
 * site (`//evil.example`, `https://…`), and never back to the login page itself.
 */
export function safeReturnTo(raw: string | null | undefined, fallback = '/'): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  try {
    const u = new URL(raw, location.origin);
    if (u.origin !== location.origin) return fallback;
    if (u.pathname === '/login') return fallback;
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return fallback;
  }
}

/** The login page, coming back here (or to `path`) afterwards. */
export function loginHref(path = `${location.pathname}${location.search}`): string {
  return `/login?returnTo=${encodeURIComponent(safeReturnTo(path))}`;
}
