// Commands go over HTTP (the socket is only the feed): JSON bodies. Paired screens (chair console,
// seat tablets) send their device key as `Authorization: Bearer <key>`; every other page acts as the
// logged-in person through the HttpOnly session cookie, and sends the session's CSRF token as
// `x-csrf-token` on every POST / PUT / PATCH / DELETE (session.ts keeps it here with
// `setCsrfToken`). A token gone stale (the person logged in again in another tab) is fetched again
// and the request retried once, so what was typed is not lost.
// A refusal comes back as `{error:{code,message,details?}}`; `run` shows it in the error banner and
// keeps the button that sent it disabled while the request is in flight. Forms that show errors
// next to their fields call `api` and read `details` (`[{path:'/options/verifyMs', message}]`).
import { signal } from '@preact/signals';
import { accessKey } from './access-key.ts';
import { needsKey, routeOf } from './route.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface ErrorDetail {
  path: string;
  message: string;
}
export type ApiResult =
  | { ok: true; status: number; data: unknown }
  | {
      ok: false;
      status: number;
      code: string;
      message: string;
      details: ErrorDetail[];
      /** The whole error object as sent (password `problems` and the like). */
      error: Record<string, unknown>;
      /** `Retry-After` in seconds, when the appliance sent one (locked account, rate limit). */
      retryAfter: number | null;
    };

export interface ShownError {
  code: string;
  message: string;
  id: number;
}

/** The last refusal, shown by <ErrorBanner/> until dismissed or replaced. */
export const lastError = signal<ShownError | null>(null);
/** Actions waiting for the appliance's answer (their buttons are disabled meanwhile). */
export const busy = signal<ReadonlySet<string>>(new Set());

let errorId = 0;
let csrfToken: string | null = null;
/** Told when an answer shows the session ended or changed (session.ts reloads it). */
let onSessionLost: (() => void) | null = null;

/** The logged-in person's CSRF token (null: nobody is logged in). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function whenSessionLost(f: () => void): void {
  onSessionLost = f;
}

/** Paired screens act with their device key; every other page as the logged-in person. */
export const usesDeviceKey = (): boolean =>
  typeof location !== 'undefined' && needsKey(routeOf(location.pathname)) && accessKey() !== null;

export async function api(method: Method, path: string, body?: object): Promise<ApiResult> {
  const first = await send(method, path, body);
  if (first.ok || first.status !== 403 || first.code !== 'E_CSRF' || usesDeviceKey()) {
    const lost = !first.ok && first.status === 401 && first.code === 'E_UNAUTHENTICATED';
    if (lost && csrfToken && path !== '/api/auth/session') onSessionLost?.();
    return first;
  }
  // The token is stale: this browser logged in again since. Take the session's token and retry.
  const s = await send('GET', '/api/auth/session');
  const token = s.ok ? (s.data as { csrfToken?: unknown } | null)?.csrfToken : undefined;
  if (typeof token !== 'string') {
    onSessionLost?.();
    return first;
  }
  csrfToken = token;
  onSessionLost?.();
  return send(method, path, body);
}

async function send(method: Method, path: string, body?: object): Promise<ApiResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (usesDeviceKey()) headers.authorization = `Bearer ${accessKey()}`;
  else if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'same-origin' };
  // DELETE carries no body (Fastify refuses an empty JSON body with a JSON content type).
  if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    return {
      ok: false,
      status: 0,
      code: 'E_NETWORK',
      message: String(err),
      details: [],
      error: {},
      retryAfter: null,
    };
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (res.ok) return { ok: true, status: res.status, data };
  const e = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const details = Array.isArray(e?.details)
    ? e.details.filter((d): d is ErrorDetail => typeof d?.path === 'string' && typeof d?.message === 'string')
    : [];
  const retry = Number(res.headers.get('retry-after'));
  return {
    ok: false,
    status: res.status,
    code: typeof e?.code === 'string' ? e.code : `HTTP_${res.status}`,
    message: typeof e?.message === 'string' ? e.message : res.statusText,
    details,
    error: e && typeof e === 'object' ? (e as Record<string, unknown>) : {},
    retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null,
  };
}

export function showError(code: string, message: string): void {
  lastError.value = { code, message, id: ++errorId };
}

export function dismissError(): void {
  lastError.value = null;
}

/** Sends a command as action `id`; a refusal goes to the error banner. Resolves to success. */
export async function run(
  id: string,
  method: Exclude<Method, 'GET'>,
  path: string,
  body?: object,
): Promise<boolean> {
  if (busy.value.has(id)) return false;
  busy.value = new Set([...busy.value, id]);
  try {
    const r = await api(method, path, body);
    if (!r.ok) {
      showError(r.code, r.message);
      return false;
    }
    if (lastError.value) lastError.value = null;
    return true;
  } finally {
    const next = new Set(busy.value);
    next.delete(id);
    busy.value = next;
  }
}

export const isBusy = (id: string): boolean => busy.value.has(id);
