// Single sign-on with the province's OpenID Connect provider (R-ACC-5): the authorization code flow
// with PKCE (S256), state and nonce, through openid-client (certified, RFC 9207 `iss` checked).
// This module only speaks OpenID Connect: who the subject is maps to a person in sso-routes.ts.
//
// Where the pending login lives (verifier, state, nonce, returnTo): in this process, in a Map keyed
// by a random value that the browser holds in a short-lived HttpOnly cookie. Why not all of it in a
// signed cookie: the Map makes each login usable once (the entry is taken on the first callback,
// so a replayed callback finds nothing, whatever cookie it carries), the PKCE verifier and the
// nonce never leave the appliance, and there is no extra signing key to keep. The cookie binds the
// login to the browser that started it (a callback URL pushed into someone else's browser finds no
// entry: no login CSRF). The appliance is one process, so a Map is all the sharing needed; a restart
// loses logins in progress, which only means pressing the button again.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as oidc from 'openid-client';
import { readFailure, type Settings, SettingsError } from '../settings.ts';

export type SsoSettings = NonNullable<Settings['auth']['sso']>;

/** The browser's cookie naming its pending login (sent only to the SSO routes). */
export const SSO_COOKIE = 'room_sso';
export const SSO_COOKIE_PATH = '/api/auth/sso';
/** How long a login may take at the provider. */
export const PENDING_TTL_MS = 10 * 60_000;
/** Logins in progress kept at most; beyond this the oldest are dropped (start is public). */
const MAX_PENDING = 1000;
export const DEFAULT_SSO_LABEL = 'Đăng nhập bằng tài khoản tỉnh';
/** Seconds for each request to the provider (discovery, token, keys). */
const PROVIDER_TIMEOUT_S = 10;

export type SsoErrorCode =
  /** No login in progress for this browser: expired, already used, or another browser's. */
  | 'E_SSO_EXPIRED'
  /** The provider answered with an error (`error=access_denied`: the person cancelled). */
  | 'E_SSO_PROVIDER'
  /** The answer failed a check (state, issuer, nonce, signature, PKCE) or the code was refused. */
  | 'E_SSO_INVALID'
  /** The provider could not be reached (discovery or token request failed or timed out). */
  | 'E_SSO_UNAVAILABLE';

export type SsoResult =
  | { ok: true; subject: string; claims: Record<string, unknown>; returnTo: string }
  | { ok: false; code: SsoErrorCode; message: string; providerError?: string };

interface Pending {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  expiresAt: number;
}

/** A same-site path to go back to after the login, else `/` (no open redirect). */
export function safeReturnTo(v: unknown): string {
  if (typeof v !== 'string' || v.length > 300) return '/';
  // `//host` is another site to a browser, and so is `/\host` to some: only the characters of a
  // URL path and query (RFC 3986), no backslash, no spaces or control characters.
  if (!/^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/.test(v)) return '/';
  return v;
}

export interface SsoClientOptions {
  /** `{publicUrl}/api/auth/sso/callback`, as registered at the provider. */
  redirectUri: string;
  now?: () => number;
}

export class SsoClient {
  readonly label: string;
  readonly issuer: URL;
  readonly redirectUri: string;
  #clientId: string;
  #secret: string;
  #scope: string;
  #insecure: boolean;
  #config: Promise<oidc.Configuration> | null = null;
  #pending = new Map<string, Pending>();
  #now: () => number;

  /** Reads the client secret now, so a wrong file stops the start (exit 78), not the first login. */
  constructor(settings: SsoSettings, opts: SsoClientOptions) {
    const problems: string[] = [];
    let issuer: URL | null = null;
    try {
      issuer = new URL(settings.issuer);
    } catch {
      problems.push(`/auth/sso/issuer: ${settings.issuer} is not a URL`);
    }
    // Production requires https. http:// is allowed only for a provider on this very machine
    // (127.0.0.1 or localhost: the tests run a real provider there); openid-client refuses
    // http otherwise, and so do we, at start.
    const local = issuer !== null && ['127.0.0.1', 'localhost'].includes(issuer.hostname);
    if (issuer && issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && local)) {
      problems.push(`/auth/sso/issuer: must be https:// (http:// only for 127.0.0.1 or localhost)`);
    }
    let secret = '';
    try {
      secret = readFileSync(settings.clientSecretFile, 'utf8').trim();
      if (!secret) problems.push(`/auth/sso/clientSecretFile: ${settings.clientSecretFile} is empty`);
    } catch (err) {
      problems.push(
        `/auth/sso/clientSecretFile: cannot read ${settings.clientSecretFile}: ${readFailure(err)}`,
      );
    }
    if (problems.length || !issuer) throw new SettingsError(problems);
    this.issuer = issuer;
    this.#insecure = issuer.protocol === 'http:';
    this.#clientId = settings.clientId;
    this.#secret = secret;
    const scope = (settings.scope ?? 'openid').split(/\s+/).filter(Boolean);
    this.#scope = (scope.includes('openid') ? scope : ['openid', ...scope]).join(' ');
    this.label = settings.label ?? DEFAULT_SSO_LABEL;
    this.redirectUri = opts.redirectUri;
    this.#now = opts.now ?? Date.now;
  }

  /** Logins in progress (for tests and health). */
  get pendingCount(): number {
    this.#sweep();
    return this.#pending.size;
  }

  /**
   * Begins a login: the provider's authorization URL to redirect to, and the value of the
   * `room_sso` cookie that names this login. Throws an SsoError when the provider is unreachable.
   */
  async start(returnTo: unknown): Promise<{ url: string; cookie: string }> {
    const config = await this.#configuration();
    this.#sweep();
    while (this.#pending.size >= MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
    const verifier = oidc.randomPKCECodeVerifier();
    const pending: Pending = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier,
      returnTo: safeReturnTo(returnTo),
      expiresAt: this.#now() + PENDING_TTL_MS,
    };
    const cookie = randomBytes(32).toString('base64url');
    this.#pending.set(cookie, pending);
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: this.#scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, cookie };
  }

  /**
   * Ends a login: `callbackUrl` is the request's URL (path and query; the query is read, the
   * registered redirect URI is what the provider is told), `pending` the `room_sso` cookie. The
   * pending login is used up whatever the outcome.
   */
  async finish(callbackUrl: string, pending: string | undefined): Promise<SsoResult> {
    const p = pending ? this.#pending.get(pending) : undefined;
    if (pending) this.#pending.delete(pending);
    if (!p || p.expiresAt <= this.#now()) {
      return {
        ok: false,
        code: 'E_SSO_EXPIRED',
        message: 'no login in progress in this browser (expired or already used): start again',
      };
    }
    const current = new URL(this.redirectUri);
    current.search = new URL(callbackUrl, current).search;
    try {
      const config = await this.#configuration();
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: p.verifier,
        expectedState: p.state,
        expectedNonce: p.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims?.sub) return { ok: false, code: 'E_SSO_INVALID', message: 'the ID token names no subject' };
      return { ok: true, subject: claims.sub, claims: { ...claims }, returnTo: p.returnTo };
    } catch (err) {
      return failure(err);
    }
  }

  /** Discovery from the issuer, once; a failure is retried at the next login. */
  #configuration(): Promise<oidc.Configuration> {
    if (!this.#config) {
      this.#config = oidc
        .discovery(
          this.issuer,
          this.#clientId,
          { client_secret: this.#secret },
          oidc.ClientSecretBasic(this.#secret),
          {
            timeout: PROVIDER_TIMEOUT_S,
            ...(this.#insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
          },
        )
        .catch((err: unknown) => {
          this.#config = null;
          const f = failure(err);
          throw new SsoError(f.code, `discovery at ${this.issuer.href}: ${f.message}`);
        });
    }
    return this.#config;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [k, p] of this.#pending) if (p.expiresAt <= now) this.#pending.delete(k);
  }
}

/**
 * The SSO client the settings ask for, or null. `http.publicUrl` is required with it: the redirect
 * URI registered at the provider is `{publicUrl}/api/auth/sso/callback`, and a guessed one (from
 * `http.host`, often 0.0.0.0) would only fail at the provider.
 */
export function ssoClientFromSettings(settings: Settings): SsoClient | null {
  const sso = settings.auth.sso;
  if (!sso) return null;
  if (!settings.http.publicUrl) {
    throw new SettingsError([
      '/http/publicUrl: required with /auth/sso (the redirect URI to register at the provider is {publicUrl}/api/auth/sso/callback)',
    ]);
  }
  return new SsoClient(sso, { redirectUri: `${settings.http.publicUrl}/api/auth/sso/callback` });
}

export class SsoError extends Error {
  readonly code: SsoErrorCode;
  constructor(code: SsoErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

function failure(err: unknown): Extract<SsoResult, { ok: false }> {
  if (err instanceof SsoError) return { ok: false, code: err.code, message: err.message };
  if (err instanceof oidc.AuthorizationResponseError) {
    return {
      ok: false,
      code: 'E_SSO_PROVIDER',
      message: `the provider answered ${err.error}${err.error_description ? `: ${err.error_description}` : ''}`,
      providerError: err.error.slice(0, 100),
    };
  }
  if (err instanceof oidc.ResponseBodyError) {
    return {
      ok: false,
      code: 'E_SSO_INVALID',
      message: `the provider refused the code: ${err.error}`,
      providerError: err.error.slice(0, 100),
    };
  }
  const code = (err as { code?: unknown }).code;
  const unreachable =
    (err instanceof TypeError && err.message === 'fetch failed') ||
    code === 'OAUTH_TIMEOUT' ||
    code === 'OAUTH_ABORT' ||
    code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' ||
    code === 'OAUTH_RESPONSE_IS_NOT_JSON';
  const cause = (err as { cause?: { message?: unknown } }).cause?.message;
  const message = `${(err as Error).message ?? String(err)}${typeof cause === 'string' ? ` (${cause})` : ''}`;
  return { ok: false, code: unreachable ? 'E_SSO_UNAVAILABLE' : 'E_SSO_INVALID', message };
}
