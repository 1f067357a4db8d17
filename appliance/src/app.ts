// buildApp(deps): the HTTP and WebSocket face of the room, testable without listen (fastify/demo).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import type { DeviceManager } from '@room/bridge';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyReply,
  LogController,
} from 'fastify';
import type { SsoClient } from './auth/oidc.ts';
import { type AccessKeys, PUBLIC } from './http/access.ts';
import type { Audit, FastifyTypebox, MeetingAccess, People } from './http/app-types.ts';
import { accessContext, identify } from './http/identify.ts';
import { authorize, PERMISSIONS } from './http/permissions.ts';
import { type AuditSearch, auditRoutes } from './http/routes/audit-routes.ts';
import { authRoutes } from './http/routes/auth-routes.ts';
import { deviceRoutes } from './http/routes/device-routes.ts';
import { meetingRoutes } from './http/routes/meeting-routes.ts';
import { peopleRoutes } from './http/routes/people-routes.ts';
import {
  audioStatusRoutes,
  recordingReadRoutes,
  recordingRoutes,
  transcriptRoutes,
} from './http/routes/recording-routes.ts';
import { roomRoutes } from './http/routes/room-routes.ts';
import { ssoRoutes } from './http/routes/sso-routes.ts';
import { WsHub } from './http/ws-hub.ts';
import type { MeetingService } from './meetings/meeting-service.ts';
import type { AudioStatus } from './recording/audio-status.ts';
import type { RecordingService } from './recording/recording-service.ts';
import type { TranscriptFeed, TranscriptProgress } from './recording/transcription-pipeline.ts';
import type { RoomController } from './room/room-controller.ts';
import type { StoredLine, TranscriptStore } from './store/transcript-store.ts';

export interface AppDeps {
  room: RoomController;
  keys: AccessKeys;
  /** The room's devices (conference systems, mixers, cameras): the technician's pages. */
  devices: DeviceManager;
  /** Appends an event to the log (device changes and commands are audited there). */
  audit: Audit;
  /** The directory, accounts and sessions (issue 4). */
  people: People;
  /** Meetings, as far as the permission check needs them. */
  meetingAccess: MeetingAccess;
  /** The audit search over the event log. */
  search: AuditSearch;
  /** Session cookies carry `Secure` (default true). */
  secureCookies?: boolean;
  /** The SSO button, when an OpenID provider is configured. */
  sso?: { label: string } | null;
  /** Single sign-on with the province's OpenID provider (R-ACC-5); its label is the button's. */
  ssoClient?: SsoClient;
  /** The meetings of this appliance (issue 4). */
  meetings: MeetingService;
  /** Recording and transcription of the meeting in progress (issue 5). */
  recording: RecordingService;
  /** The transcript lines (issue 5). */
  transcripts: TranscriptStore;
  /** New transcript lines and progress as they are made (the live views are told). */
  transcription?: TranscriptFeed;
  /** The room's audio and speech engine, for the technician page. */
  audioStatus: () => AudioStatus;
  /** Where each meeting's recording folder is (`<dataDir>/recordings`). */
  recordingsDir: string;
  /** Sequence number of the last logged event (snapshots carry it). */
  seq: () => number;
  /** Extra facts for `GET /health` (devices, broker). */
  health?: () => Record<string, unknown>;
  /** The built dashboard (dashboard/dist); pages answer 503 with a hint when it is missing. */
  dashboardDir?: string;
  logger?: FastifyBaseLogger;
  /** WebSocket protocol-ping period (tests shorten it). */
  wsHeartbeatMs?: number;
  /** Serve HTTPS with this certificate and key (http/tls.ts loadTls); HSTS is sent then. */
  https?: { cert: Buffer; key: Buffer };
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};
// Swagger UI needs inline styles and its own scripts; the dashboard needs nothing inline.
const CSP_APP =
  "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'";
const CSP_DOCS =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'";

export const DASHBOARD_PAGES = [
  '/chair',
  '/seat/:seat',
  '/display',
  '/technician',
  '/login',
  '/account',
  '/admin',
  '/admin/*',
  '/meetings',
  '/meetings/*',
] as const;

export async function buildApp(deps: AppDeps): Promise<FastifyTypebox> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    // Unknown fields are rejected (schemas say additionalProperties: false), never silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    bodyLimit: 64 * 1024,
    // Per-request lines would drown the journal on a busy console; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 100 },
    // Malformed URLs and over-long path parameters are refused by the router before any handler:
    // answer them in the one error shape too.
    frameworkErrors: (err, _req, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      return (reply as FastifyReply)
        .code(status)
        .send({ error: { code: err.code ?? 'E_BAD_REQUEST', message: err.message } });
    },
    ...(deps.https ? { https: deps.https } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>();
  const started = Date.now();

  app.decorate('room', deps.room);
  app.decorate('devices', deps.devices);
  app.decorate('audit', deps.audit);
  app.decorate('people', deps.people);
  app.decorate('meetingAccess', deps.meetingAccess);
  app.decorateRequest('principal', { getter: () => PUBLIC });

  // Fail closed: an /api route without an entry in the permission table never comes up.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access) {
      throw new Error(`route ${route.method} ${route.url} names no permission (http/permissions.ts)`);
    }
  });

  await app.register(fastifyCookie);

  // Who is calling: answered before the body is read, so an unknown caller is refused early.
  app.addHook('onRequest', async (req, reply) => {
    const access = req.routeOptions.config.access;
    if (!access) return;
    const who = identify(req, deps);
    if (!who.ok) return reply.code(who.status).send({ error: { code: who.code, message: who.message } });
    Object.defineProperty(req, 'principal', { value: who.principal });
    if (who.principal.role === 'public' && !PERMISSIONS[access.action].includes('public' as never)) {
      return reply
        .code(401)
        .send({ error: { code: 'E_UNAUTHENTICATED', message: 'log in or use an access key' } });
    }
  });

  // What the caller may do here: after validation, so a route can name the unit its body is about.
  app.addHook('preHandler', async (req, reply) => {
    const access = req.routeOptions.config.access;
    if (!access) return;
    const d = authorize(req.principal, access, accessContext(req, access, deps.meetingAccess));
    if (!d.ok) return reply.code(d.status).send({ error: { code: d.code, message: d.message } });
  });

  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    reply.header('content-security-policy', req.url.startsWith('/docs') ? CSP_DOCS : CSP_APP);
    if (deps.https) reply.header('strict-transport-security', 'max-age=31536000');
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      return reply.code(400).send({
        error: {
          code: 'E_VALIDATION',
          message: `invalid ${err.validationContext ?? 'request'}: ${err.message}`,
          details: err.validation.map((v) => ({
            path: v.instancePath || '/',
            message: v.message ?? 'invalid',
          })),
        },
      });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err }, 'request failed');
    return reply.code(status).send({
      error: { code: err.code ?? 'E_INTERNAL', message: status === 500 ? 'internal error' : err.message },
    });
  });
  app.setNotFoundHandler((req, reply) =>
    reply
      .code(404)
      .send({ error: { code: 'E_NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } }),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Room appliance API',
        version: '1',
        description:
          'The meeting room: floor control, quick votes, roll call, and the devices (conference systems, ' +
          'mixers, cameras), people and their access, meetings. People log in (`POST /api/auth/login` ' +
          'or SSO) and carry a session cookie; state-changing requests then also send `x-csrf-token` ' +
          '(from `GET /api/auth/session`). Seat devices send `Authorization: Bearer <access key>` (the ' +
          'paired seat-tablet and chair-console links carry one). Live updates: WebSocket `GET /ws`.',
      },
      components: { securitySchemes: { accessKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ accessKey: [] }],
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  const hub = new WsHub(
    deps.room,
    deps.keys,
    deps.devices,
    deps.seq,
    deps.wsHeartbeatMs,
    deps.people,
    deps.meetingAccess,
  );
  const onMeeting = (m: { id: string; status: string }, events: { type: string }[]) =>
    hub.meetingChanged(
      m.id,
      m.status,
      events.map((e) => e.type),
    );
  deps.meetings.on('changed', onMeeting);
  const onLine = (line: StoredLine) => hub.transcriptLine(line);
  const onProgress = (p: TranscriptProgress) => hub.transcriptProgress(p);
  deps.transcription?.on('line', onLine);
  deps.transcription?.on('progress', onProgress);
  app.addHook('onClose', async () => {
    deps.meetings.off('changed', onMeeting);
    deps.transcription?.off('line', onLine);
    deps.transcription?.off('progress', onProgress);
    hub.closeAll();
  });

  app.get('/health', { schema: { hide: true } }, async () => ({
    status: 'ok',
    room: deps.room.state.config.roomId,
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
    websocketClients: hub.size,
    ...deps.health?.(),
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/ws', { websocket: true, schema: { hide: true } }, (socket, req) => hub.accept(socket, req));

  roomRoutes(app);
  deviceRoutes(app);
  authRoutes(app, {
    ...(deps.secureCookies !== undefined ? { secureCookies: deps.secureCookies } : {}),
    sso: deps.sso ?? (deps.ssoClient ? { label: deps.ssoClient.label } : null),
  });
  peopleRoutes(app);
  auditRoutes(app, deps.search);
  if (deps.ssoClient) ssoRoutes(app, deps.ssoClient, { secureCookies: deps.secureCookies ?? true });
  meetingRoutes(app, deps.meetings, deps.search);
  recordingRoutes(app, deps.recording);
  transcriptRoutes(app, deps.transcripts, deps.transcription);
  recordingReadRoutes(app, deps.recordingsDir);
  audioStatusRoutes(app, deps.audioStatus);

  const dist = deps.dashboardDir;
  if (dist && existsSync(join(dist, 'index.html'))) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      index: false,
      // Files are looked up per request, so a rebuilt dashboard is served without a restart.
      wildcard: true,
      // Vite names assets by content hash: they never change, so browsers may keep them.
      setHeaders: (res, path) => {
        res.header(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    for (const page of ['/', ...DASHBOARD_PAGES]) {
      app.get(page, { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'));
    }
  } else {
    for (const page of ['/', ...DASHBOARD_PAGES]) {
      app.get(page, { schema: { hide: true } }, (_req, reply) =>
        reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The dashboard is not built: run ./room build\n'),
      );
    }
  }
  return app;
}
