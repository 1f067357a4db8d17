// Commands go over HTTP (the socket is only the feed): JSON bodies, `Authorization: Bearer <key>`.
// A refusal comes back as `{error:{code,message,details?}}`; `run` shows it in the error banner and
// keeps the button that sent it disabled while the request is in flight. Forms that show errors
// next to their fields call `api` and read `details` (`[{path:'/options/verifyMs', message}]`).
import { signal } from '@preact/signals';
import { accessKey } from './access-key.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export interface ErrorDetail {
  path: string;
  message: string;
}
export type ApiResult =
  | { ok: true; status: number; data: unknown }
  | { ok: false; status: number; code: string; message: string; details: ErrorDetail[] };

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

export async function api(method: Method, path: string, body?: object): Promise<ApiResult> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = accessKey();
  if (key) headers.authorization = `Bearer ${key}`;
  const init: RequestInit = { method, headers, cache: 'no-store' };
  // DELETE carries no body (Fastify refuses an empty JSON body with a JSON content type).
  if (method === 'POST' || method === 'PUT') {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body ?? {});
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    return { ok: false, status: 0, code: 'E_NETWORK', message: String(err), details: [] };
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
  return {
    ok: false,
    status: res.status,
    code: typeof e?.code === 'string' ? e.code : `HTTP_${res.status}`,
    message: typeof e?.message === 'string' ? e.message : res.statusText,
    details,
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
