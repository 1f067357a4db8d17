// The technician's API (issue 3): the room's devices with live status, counters, alarms and raw
// traffic; adding, editing, disabling, restarting and removing a device instance; test commands.
// Every change is validated by the device manager (the same checks as a file at start) and
// recorded in the event log, with who did it.
import { BridgeError, DeviceInstance, type PutFailure, type TrafficEntry } from '@room/bridge';
import Type from 'typebox';
import { actorName } from '../access.ts';
import type { FastifyTypebox } from '../app-types.ts';
import { ErrorBody } from '../errors.ts';
import type { RouteAccess } from '../permissions.ts';

const access = (a: RouteAccess) => ({ access: a });
/** Steps that take no data still refuse a body with fields in it. */
const NoBody = Type.Optional(Type.Object({}, { additionalProperties: false }));
const IdParam = Type.Object(
  { id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,47}$' }) },
  { additionalProperties: false },
);
const Refused = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  504: ErrorBody,
};
// The view is the bridge's type; its schema here is loose on purpose (details are per driver).
const DeviceViewSchema = Type.Object(
  {
    id: Type.String(),
    driver: Type.String(),
    title: Type.Union([Type.String(), Type.Null()]),
    transport: Type.String(),
    disabled: Type.Boolean(),
    options: Type.Record(Type.String(), Type.Unknown()),
    status: Type.Object({
      device: Type.String(),
      status: Type.String(),
      message: Type.Optional(Type.String()),
      at: Type.Number(),
    }),
    problems: Type.Array(Type.String()),
    lastError: Type.Union([Type.Null(), Type.Object({ message: Type.String(), at: Type.Number() })]),
    counters: Type.Record(Type.String(), Type.Number()),
    alarms: Type.Array(
      Type.Object({
        key: Type.String(),
        seat: Type.Optional(Type.Number()),
        message: Type.String(),
        at: Type.Number(),
      }),
    ),
    traffic: Type.Union([Type.Literal('lines'), Type.Literal('hex')]),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { additionalProperties: true },
);
const TrafficQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
    after: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'Only chunks with a greater `seq` (what is new since the last poll)',
      }),
    ),
  },
  { additionalProperties: false },
);
const Command = Type.Object(
  { type: Type.String({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: true, description: "One of the driver's commands (GET /api/devices/drivers)" },
);

const notFound = (id: string) => ({ error: { code: 'E_NOT_FOUND', message: `no device "${id}"` } });
/** A refused change → its status and code; details name the field for the form. */
const REFUSAL: Record<PutFailure, [number, string, string]> = {
  invalid: [400, 'E_BAD_CONFIG', 'the device instance is not valid'],
  exists: [409, 'E_EXISTS', 'the device exists already'],
  missing: [404, 'E_NOT_FOUND', 'no such device'],
  storage: [503, 'E_STORAGE', 'the devices folder cannot be written'],
};
const refusal = (r: { reason: PutFailure; problems: string[] }) => {
  const [status, code, what] = REFUSAL[r.reason];
  return { status, body: badConfig(code, what, r.problems) };
};
const badConfig = (code: string, what: string, problems: string[]) => ({
  error: {
    code,
    message: `${what}: ${problems.join('; ')}`,
    details: problems.map((p) => {
      const i = p.indexOf(': ');
      return i < 0 ? { path: '/', message: p } : { path: p.slice(0, i), message: p.slice(i + 2) };
    }),
  },
});

/** Bytes for the raw view: hex, and text with everything unprintable escaped. */
export function trafficJson(e: TrafficEntry) {
  const text = [...e.bytes]
    .map((b) =>
      b === 0x0d
        ? '\\r'
        : b === 0x0a
          ? '\\n'
          : b >= 0x20 && b < 0x7f && b !== 0x5c
            ? String.fromCharCode(b)
            : `\\x${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
  return {
    seq: e.seq,
    at: e.at,
    dir: e.dir,
    length: e.length,
    truncated: e.length > e.bytes.length,
    hex: e.bytes.toString('hex').replace(/(..)(?!$)/g, '$1 '),
    text,
  };
}

export function deviceRoutes(app: FastifyTypebox): void {
  const devices = app.devices;
  const audit = (type: string, req: { principal: Parameters<typeof actorName>[0] }, payload: object) =>
    app.audit({ type, actor: actorName(req.principal), payload: payload as Record<string, unknown> });

  app.get(
    '/api/devices',
    {
      config: access({ action: 'device.read' }),
      schema: {
        tags: ['devices'],
        summary: 'Every device of the room: status, last error, counters, alarms',
        response: { 200: Type.Array(DeviceViewSchema), ...Refused },
      },
    },
    async () => devices.list(),
  );

  app.get(
    '/api/devices/drivers',
    {
      config: access({ action: 'device.read' }),
      schema: {
        tags: ['devices'],
        summary: 'The drivers this appliance has, with their option and command schemas',
        response: {
          200: Type.Array(
            Type.Object({
              id: Type.String(),
              title: Type.String(),
              description: Type.String(),
              transports: Type.Array(Type.String()),
              exampleTransport: Type.String(),
              traffic: Type.String(),
              options: Type.Unknown(),
              commands: Type.Unknown(),
            }),
          ),
          ...Refused,
        },
      },
    },
    async () =>
      devices.drivers.map((d) => ({
        id: d.id,
        title: d.title,
        description: d.description,
        transports: [...d.transports],
        exampleTransport: d.exampleTransport,
        traffic: d.traffic,
        options: d.options,
        commands: d.commands,
      })),
  );

  app.get(
    '/api/devices/:id',
    {
      config: access({ action: 'device.read' }),
      schema: {
        tags: ['devices'],
        summary: 'One device, and its instance as stored (null when the file is not readable)',
        params: IdParam,
        response: {
          200: Type.Object({ device: DeviceViewSchema, instance: Type.Union([Type.Null(), DeviceInstance]) }),
          ...Refused,
        },
      },
    },
    async (req, reply) => {
      const d = devices.view(req.params.id);
      if (!d) return reply.code(404).send(notFound(req.params.id));
      return { device: d, instance: devices.instance(req.params.id) };
    },
  );

  app.get(
    '/api/devices/:id/traffic',
    {
      config: access({ action: 'device.read' }),
      schema: {
        tags: ['devices'],
        summary: 'Recent raw traffic, oldest first (each chunk as hex and as escaped text)',
        params: IdParam,
        querystring: TrafficQuery,
        response: {
          200: Type.Array(
            Type.Object({
              seq: Type.Integer(),
              at: Type.Number(),
              dir: Type.Union([Type.Literal('in'), Type.Literal('out')]),
              length: Type.Integer(),
              truncated: Type.Boolean(),
              hex: Type.String(),
              text: Type.String(),
            }),
          ),
          ...Refused,
        },
      },
    },
    async (req, reply) => {
      const t = devices.traffic(req.params.id);
      if (!t) return reply.code(404).send(notFound(req.params.id));
      // A cursor beyond what exists is from before a restart of the appliance: send everything.
      const last = t.at(-1)?.seq ?? 0;
      const after = (req.query.after ?? 0) > last ? 0 : (req.query.after ?? 0);
      return t
        .filter((e) => e.seq > after)
        .slice(-(req.query.limit ?? 200))
        .map(trafficJson);
    },
  );

  app.post(
    '/api/devices',
    {
      config: access({ action: 'device.manage' }),
      schema: {
        tags: ['devices'],
        summary: 'Add a device: writes <id>.json into the devices folder and starts it',
        body: DeviceInstance,
        response: { 201: DeviceViewSchema, ...Refused },
      },
    },
    async (req, reply) => {
      const r = await devices.put(req.body, 'create');
      if (!r.ok) {
        const x = refusal(r);
        return reply.code(x.status).send(x.body);
      }
      await audit('device.added', req, {
        device: r.device.id,
        driver: r.device.driver,
        transport: r.device.transport,
      });
      return reply.code(201).send(r.device);
    },
  );

  app.put(
    '/api/devices/:id',
    {
      config: access({ action: 'device.manage' }),
      schema: {
        tags: ['devices'],
        summary: 'Replace a device instance (validated, written, the device restarted)',
        params: IdParam,
        body: DeviceInstance,
        response: { 200: DeviceViewSchema, ...Refused },
      },
    },
    async (req, reply) => {
      if (!devices.view(req.params.id)) return reply.code(404).send(notFound(req.params.id));
      const r = await devices.put(req.body, 'replace', req.params.id);
      if (!r.ok) {
        const x = refusal(r);
        return reply.code(x.status).send(x.body);
      }
      await audit('device.changed', req, {
        device: r.device.id,
        driver: r.device.driver,
        transport: r.device.transport,
        disabled: r.device.disabled,
      });
      return r.device;
    },
  );

  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post(
      `/api/devices/:id/${verb}`,
      {
        config: access({ action: 'device.manage' }),
        schema: {
          tags: ['devices'],
          summary: disabled
            ? 'Stop a device and keep it stopped (the file stays)'
            : 'Start a disabled device again',
          params: IdParam,
          body: NoBody,
          response: { 200: DeviceViewSchema, ...Refused },
        },
      },
      async (req, reply) => {
        if (!devices.view(req.params.id)) return reply.code(404).send(notFound(req.params.id));
        const r = await devices.setDisabled(req.params.id, disabled);
        if (!r.ok) {
          const x = refusal(r);
          return reply.code(x.status).send(x.body);
        }
        await audit(disabled ? 'device.disabled' : 'device.enabled', req, { device: req.params.id });
        return r.device;
      },
    );
  }

  app.post(
    '/api/devices/:id/restart',
    {
      config: access({ action: 'device.manage' }),
      schema: {
        tags: ['devices'],
        summary: 'Restart a device from its file as it is now',
        params: IdParam,
        body: NoBody,
        response: { 200: DeviceViewSchema, ...Refused },
      },
    },
    async (req, reply) => {
      const d = await devices.restart(req.params.id);
      if (!d) return reply.code(404).send(notFound(req.params.id));
      await audit('device.restarted', req, { device: req.params.id });
      return d;
    },
  );

  app.delete(
    '/api/devices/:id',
    {
      config: access({ action: 'device.manage' }),
      schema: {
        tags: ['devices'],
        summary: 'Stop a device and delete its file',
        params: IdParam,
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...Refused },
      },
    },
    async (req, reply) => {
      const instance = devices.instance(req.params.id);
      let removed: boolean;
      try {
        removed = await devices.remove(req.params.id);
      } catch (err) {
        {
          const x = refusal({ reason: 'storage', problems: [`/: ${(err as Error).message}`] });
          return reply.code(x.status).send(x.body);
        }
      }
      if (!removed) return reply.code(404).send(notFound(req.params.id));
      // The instance goes into the log whole, so a removal can be undone from the record.
      await audit('device.removed', req, { device: req.params.id, instance });
      return { ok: true as const };
    },
  );

  app.post(
    '/api/devices/:id/commands',
    {
      config: access({ action: 'device.manage' }),
      schema: {
        tags: ['devices'],
        summary:
          "A test command (checked against the driver's command schema); answers with the device's reply",
        params: IdParam,
        body: Command,
        response: { 200: Type.Object({ ok: Type.Literal(true), result: Type.Unknown() }), ...Refused },
      },
    },
    async (req, reply) => {
      if (!devices.view(req.params.id)) return reply.code(404).send(notFound(req.params.id));
      await audit('device.command', req, { device: req.params.id, command: req.body });
      try {
        return { ok: true as const, result: await devices.execute(req.params.id, req.body) };
      } catch (err) {
        if (!(err instanceof BridgeError)) throw err;
        const status = err.code === 'E_BAD_COMMAND' ? 400 : err.code === 'E_TIMEOUT' ? 504 : 409;
        return reply.code(status).send({ error: { code: err.code, message: err.message } });
      }
    },
  );
}
