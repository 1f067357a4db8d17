// Logging in with the province's account (R-ACC-5): the button on /login goes to
// `/api/auth/sso/start`, the provider sends the browser back to `/api/auth/sso/callback`. The
// subject the provider vouches for is mapped to the active person an administrator gave that
// `ssoSubject`; nobody is created here. Every outcome goes into the login diary like a password
// login (`auth.login` / `auth.login_failed`, `via: 'sso'`). The browser is always sent on with a
// redirect: to where it was going, or to `/login?sso=<why>` (expired, error, unknown, disabled,
// unavailable), which the login page explains.
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import { SSO_COOKIE, SSO_COOKIE_PATH, type SsoClient, SsoError } from '../../auth/oidc.ts';
import type { FastifyTypebox } from '../app-types.ts';
import { meta, setSessionCookie } from './auth-routes.ts';

export interface SsoRouteOptions {
  /** Cookies carry `Secure` (default true). */
  secureCookies?: boolean;
}

const StartQuery = Type.Object(
  { returnTo: Type.Optional(Type.String({ maxLength: 300 })) },
  { additionalProperties: false },
);

// Providers add parameters of their own (`iss`, `session_state`, …): any are accepted, none long.
const CallbackQuery = Type.Object(
  {
    code: Type.Optional(Type.String({ maxLength: 2048 })),
    state: Type.Optional(Type.String({ maxLength: 512 })),
    iss: Type.Optional(Type.String({ maxLength: 512 })),
    error: Type.Optional(Type.String({ maxLength: 200 })),
    error_description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: Type.String({ maxLength: 1000 }), maxProperties: 20 },
);

const reasonOf = {
  E_SSO_EXPIRED: 'sso_expired',
  E_SSO_PROVIDER: 'sso_provider_error',
  E_SSO_INVALID: 'sso_invalid',
  E_SSO_UNAVAILABLE: 'sso_unavailable',
} as const;

const pageOf = {
  E_SSO_EXPIRED: 'expired',
  E_SSO_PROVIDER: 'error',
  E_SSO_INVALID: 'error',
  E_SSO_UNAVAILABLE: 'unavailable',
} as const;

export function ssoRoutes(app: FastifyTypebox, sso: SsoClient, opts: SsoRouteOptions = {}): void {
  const secure = opts.secureCookies ?? true;
  const { directory, sessions } = app.people;
  // Lax, not Strict: the provider sends the browser back with a cross-site top-level GET, on which
  // a Strict cookie would not come along. Path: only the SSO routes ever see it.
  const pendingCookie = { path: SSO_COOKIE_PATH, httpOnly: true, secure, sameSite: 'lax' as const };
  const toLogin = (reply: FastifyReply, why: string) => reply.redirect(`/login?sso=${why}`, 302);

  app.get(
    '/api/auth/sso/start',
    {
      config: { access: { action: 'auth.login' } },
      schema: {
        tags: ['auth'],
        summary: "Log in with the province's account: redirects to the OpenID provider",
        security: [],
        querystring: StartQuery,
      },
    },
    async (req, reply) => {
      try {
        const { url, cookie } = await sso.start(req.query.returnTo);
        reply.setCookie(SSO_COOKIE, cookie, { ...pendingCookie, maxAge: 600 });
        return reply.redirect(url, 302);
      } catch (err) {
        if (!(err instanceof SsoError)) throw err;
        req.log.warn({ code: err.code, err: err.message }, 'sso provider unavailable');
        return toLogin(reply, 'unavailable');
      }
    },
  );

  app.get(
    '/api/auth/sso/callback',
    {
      config: { access: { action: 'auth.login' } },
      schema: {
        tags: ['auth'],
        summary: 'Where the OpenID provider sends the browser back; sets the session cookie',
        security: [],
        querystring: CallbackQuery,
      },
    },
    async (req, reply) => {
      const m = meta(req);
      reply.clearCookie(SSO_COOKIE, pendingCookie);
      const r = await sso.finish(req.url, req.cookies[SSO_COOKIE]);
      if (!r.ok) {
        req.log.warn({ code: r.code, err: r.message }, 'sso login failed');
        await app.audit({
          type: 'auth.login_failed',
          actor: 'public',
          payload: {
            via: 'sso',
            reason: reasonOf[r.code],
            ...(r.providerError ? { error: r.providerError } : {}),
            ...m,
          },
        });
        return toLogin(reply, pageOf[r.code]);
      }
      const subject = r.subject.slice(0, 255);
      const person = directory.personBySsoSubject(r.subject);
      if (!person?.active) {
        await app.audit({
          type: 'auth.login_failed',
          actor: person ? `person:${person.id}` : 'public',
          payload: { via: 'sso', reason: person ? 'disabled' : 'sso_unknown_subject', subject, ...m },
        });
        return toLogin(reply, person ? 'disabled' : 'unknown');
      }
      // Never restricted: the province, not this appliance, manages that password.
      const { token, session } = sessions.create(person.id, {
        via: 'sso',
        restricted: false,
        ip: m.ip,
        userAgent: m.agent,
      });
      await app.audit({
        type: 'auth.login',
        actor: `person:${person.id}`,
        payload: {
          ...(person.username ? { username: person.username } : {}),
          via: 'sso',
          subject,
          restricted: false,
          session: session.id.slice(0, 16),
          ...m,
        },
      });
      setSessionCookie(reply, token, session, secure);
      return reply.redirect(r.returnTo, 302);
    },
  );
}
