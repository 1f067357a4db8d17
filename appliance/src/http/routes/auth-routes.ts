// Logging in and out, one's own session and password (R-ACC-2, R-ACC-3, R-ACC-4, R-ACC-6).
// Every attempt, good or bad, goes into the login diary (the event log, `auth.*`), with address
// and browser. Failures all say the same thing, so the answer tells nobody which usernames exist;
// only a locked account says so, with when to try again.
import { TokenBucket } from '@room/bridge/runtime/token-bucket.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { describeProblems, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/password-policy.ts';
import type { Session } from '../../auth/sessions.ts';
import { actorName } from '../access.ts';
import type { FastifyTypebox } from '../app-types.ts';
import { ErrorBody } from '../errors.ts';
import { principalView, SESSION_COOKIE } from '../identify.ts';
import type { RouteAccess } from '../permissions.ts';

const access = (a: RouteAccess) => ({ access: a });
const Refused = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 423: ErrorBody, 429: ErrorBody };

export const PrincipalSchema = Type.Object({}, { additionalProperties: true });
const SessionView = Type.Object({
  principal: PrincipalSchema,
  csrfToken: Type.Optional(Type.String()),
  /** Why the person must change their password before anything else, if they must. */
  mustChangePassword: Type.Union([Type.Literal(false), Type.Literal('must_change'), Type.Literal('expired')]),
  passwordExpiresAt: Type.Union([Type.Number(), Type.Null()]),
});

/** Addresses tracked by the login rate limit; beyond this the oldest are forgotten. */
const MAX_TRACKED_ADDRESSES = 10_000;

export interface AuthRouteOptions {
  /** Cookies carry `Secure` (default true: browsers accept it on http://localhost too). */
  secureCookies?: boolean;
  /** SSO button label when an OpenID provider is configured. */
  sso?: { label: string } | null;
  now?: () => number;
}

export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  session: Session,
  secure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/',
    expires: new Date(session.expiresAt),
  });
}

export const meta = (req: FastifyRequest) => ({
  ip: req.ip,
  agent: String(req.headers['user-agent'] ?? '').slice(0, 300),
});

export function authRoutes(app: FastifyTypebox, opts: AuthRouteOptions = {}): void {
  const secure = opts.secureCookies ?? true;
  const now = opts.now ?? Date.now;
  const { accounts, sessions, directory } = app.people;
  const buckets = new Map<string, TokenBucket>();
  const perMinute = accounts.settings.loginPerMinutePerIp;
  const allowLogin = (ip: string) => {
    let b = buckets.get(ip);
    if (!b) {
      if (buckets.size >= MAX_TRACKED_ADDRESSES) buckets.delete(buckets.keys().next().value!);
      b = new TokenBucket(perMinute / 60, perMinute, now());
      buckets.set(ip, b);
    }
    return b.take(now());
  };
  const sessionView = (req: FastifyRequest) => {
    const p = req.principal;
    if (p.role !== 'person')
      return { principal: principalView(p), mustChangePassword: false as const, passwordExpiresAt: null };
    return {
      principal: principalView(p),
      csrfToken: p.person.session.csrf,
      mustChangePassword: p.person.session.restricted,
      passwordExpiresAt: accounts.status(p.person.id)?.passwordExpiresAt ?? null,
    };
  };

  app.get(
    '/api/auth/options',
    {
      config: access({ action: 'auth.login' }),
      schema: {
        tags: ['auth'],
        summary: 'How one can log in here: password rules, the SSO button',
        response: {
          200: Type.Object({
            password: Type.Object({ minLength: Type.Integer(), maxLength: Type.Integer() }),
            sso: Type.Union([Type.Null(), Type.Object({ label: Type.String(), start: Type.String() })]),
          }),
        },
      },
    },
    async () => ({
      password: { minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH },
      sso: opts.sso ? { label: opts.sso.label, start: '/api/auth/sso/start' } : null,
    }),
  );

  app.post(
    '/api/auth/login',
    {
      config: access({ action: 'auth.login' }),
      schema: {
        tags: ['auth'],
        summary: 'Log in with a local account; sets the session cookie',
        security: [],
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SessionView, ...Refused },
      },
    },
    async (req, reply) => {
      const m = meta(req);
      const username = req.body.username.trim();
      if (!allowLogin(req.ip)) {
        await app.audit({
          type: 'auth.login_failed',
          actor: 'public',
          payload: { username, reason: 'rate_limited', via: 'password', ...m },
        });
        reply.header('retry-after', '60');
        return reply.code(429).send({
          error: {
            code: 'E_RATE_LIMITED',
            message: 'too many login attempts from this address; wait a minute',
          },
        });
      }
      const r = await accounts.login(username, req.body.password, { ip: m.ip, userAgent: m.agent });
      if (!r.ok) {
        await app.audit({
          type: 'auth.login_failed',
          actor: r.personId ? `person:${r.personId}` : 'public',
          payload: { username, reason: r.reason, via: 'password', ...m },
        });
        if (r.code === 'E_LOCKED') {
          reply.header('retry-after', String(r.retryAfterSeconds));
          return reply.code(423).send({
            error: {
              code: r.code,
              message: `too many failed logins: the account is locked for ${Math.ceil(r.retryAfterSeconds / 60)} min`,
            },
          });
        }
        if (r.code === 'E_ONE_TIME_EXPIRED') {
          return reply.code(401).send({
            error: {
              code: r.code,
              message: 'this one-time password has expired: ask an administrator for a new one',
            },
          });
        }
        return reply
          .code(401)
          .send({ error: { code: 'E_LOGIN_FAILED', message: 'wrong username or password' } });
      }
      await app.audit({
        type: 'auth.login',
        actor: `person:${r.person.id}`,
        payload: {
          username,
          via: 'password',
          restricted: r.session.restricted,
          session: r.session.id.slice(0, 16),
          ...m,
        },
      });
      setSessionCookie(reply, r.token, r.session, secure);
      return {
        principal: principalView({
          role: 'person',
          person: {
            id: r.person.id,
            unitId: r.person.unitId,
            name: r.person.fullName,
            roles: r.person.roles,
            session: r.session,
          },
        }),
        csrfToken: r.session.csrf,
        mustChangePassword: r.session.restricted,
        passwordExpiresAt: accounts.status(r.person.id)?.passwordExpiresAt ?? null,
      };
    },
  );

  app.get(
    '/api/auth/session',
    {
      config: access({ action: 'session.read' }),
      schema: {
        tags: ['auth'],
        summary: 'Who I am, my CSRF token',
        response: { 200: SessionView, ...Refused },
      },
    },
    async (req) => sessionView(req),
  );

  app.post(
    '/api/auth/logout',
    {
      config: access({ action: 'session.manage' }),
      schema: {
        tags: ['auth'],
        summary: 'End this session',
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...Refused },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.role === 'person') {
        sessions.destroy(p.person.session.id);
        await app.audit({ type: 'auth.logout', actor: actorName(p), payload: { ...meta(req) } });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'strict' });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/auth/password',
    {
      config: access({ action: 'session.manage' }),
      schema: {
        tags: ['auth'],
        summary: 'Change my password (the current one is asked again); ends my other sessions',
        body: Type.Object(
          {
            current: Type.String({ minLength: 1, maxLength: 256 }),
            next: Type.String({ minLength: 1, maxLength: 256 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: SessionView,
          ...Refused,
          422: Type.Object({
            error: Type.Object({
              code: Type.String(),
              message: Type.String(),
              problems: Type.Array(Type.Object({}, { additionalProperties: true })),
            }),
          }),
        },
      },
    },
    async (req, reply) => {
      const p = req.principal;
      if (p.role !== 'person')
        return reply.code(403).send({ error: { code: 'E_FORBIDDEN', message: 'log in first' } });
      if (!accounts.has(p.person.id)) {
        return reply.code(409).send({
          error: {
            code: 'E_NO_LOCAL_ACCOUNT',
            message: 'this person logs in with SSO and has no local password',
          },
        });
      }
      const r = await accounts.changePassword(p.person.id, req.body.current, req.body.next, p.person.session);
      if (!r.ok) {
        await app.audit({
          type: 'auth.password_change_failed',
          actor: actorName(p),
          payload: { reason: r.code, ...meta(req) },
        });
        if (r.code === 'E_BAD_PASSWORD')
          return reply.code(403).send({ error: { code: r.code, message: r.message } });
        return reply.code(422).send({
          error: {
            code: r.code,
            message: `the new password: ${describeProblems(r.problems)}`,
            problems: r.problems,
          },
        });
      }
      await app.audit({ type: 'auth.password_changed', actor: actorName(p), payload: { ...meta(req) } });
      const session = sessions.of(p.person.id).find((s) => s.id === p.person.session.id) ?? p.person.session;
      const person = directory.person(p.person.id)!;
      return {
        principal: principalView({
          role: 'person',
          person: {
            id: person.id,
            unitId: person.unitId,
            name: person.fullName,
            roles: person.roles,
            session,
          },
        }),
        csrfToken: session.csrf,
        mustChangePassword: session.restricted,
        passwordExpiresAt: accounts.status(person.id)?.passwordExpiresAt ?? null,
      };
    },
  );
}
