// The login diary and the audit log (R-ACC-4): every event of the log, searchable by kind, person,
// meeting, time and text. A system administrator sees everything; a unit administrator sees what
// the people of their own unit did (R-ROLE-2). Exports are themselves audited (issue 4: "every data
// export is recorded").
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AuditFilter, LoggedEvent } from '../../store/event-log.ts';
import { actorName } from '../access.ts';
import type { FastifyTypebox, RouteConfigAccess } from '../app-types.ts';
import { ErrorBody } from '../errors.ts';
import { Id } from './people-routes.ts';

const Refused = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

const AuditQuery = Type.Object(
  {
    /** Kinds by prefix, comma-separated: `auth.` is the login diary, `person.,account.` the directory. */
    type: Type.Optional(Type.String({ pattern: '^[a-z_.]{1,40}(,[a-z_.]{1,40}){0,9}$' })),
    personId: Type.Optional(Id),
    meetingId: Type.Optional(Id),
    from: Type.Optional(Type.Integer({ minimum: 0 })),
    to: Type.Optional(Type.Integer({ minimum: 0 })),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Page back: events older than this sequence number. */
    before: Type.Optional(Type.Integer({ minimum: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
type AuditQuery = Type.Static<typeof AuditQuery>;

const EventSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.Number(),
  meetingId: Type.Union([Type.String(), Type.Null()]),
  type: Type.String(),
  actor: Type.String(),
  /** The actor's name when the actor is a person. */
  actorName: Type.Union([Type.String(), Type.Null()]),
  payload: Type.Record(Type.String(), Type.Unknown()),
});

export type AuditSearch = (f: AuditFilter) => LoggedEvent[];

export function auditRoutes(app: FastifyTypebox, search: AuditSearch): void {
  const { directory } = app.people;
  const ownUnit = (req: FastifyRequest) =>
    req.principal.role === 'person' ? req.principal.person.unitId : null;
  const access = (a: RouteConfigAccess) => ({ access: { ...a, unit: ownUnit } });

  const filterFor = (req: FastifyRequest, q: AuditQuery, limit: number): AuditFilter => {
    const f: AuditFilter = { limit };
    if (q.type) f.types = q.type.split(',');
    if (q.meetingId) f.meetingId = q.meetingId;
    if (q.from !== undefined) f.from = q.from;
    if (q.to !== undefined) f.to = q.to;
    if (q.before !== undefined) f.beforeSeq = q.before;
    if (q.q) f.text = q.q;
    let actors: string[] | undefined = q.personId ? [`person:${q.personId}`] : undefined;
    const p = req.principal;
    if (p.role === 'person' && !p.person.roles.includes('sysadmin')) {
      // A unit administrator: the people of their unit, and nothing else.
      const mine = new Set(directory.persons({ unitId: p.person.unitId }).map((x) => `person:${x.id}`));
      actors = actors ? actors.filter((a) => mine.has(a)) : [...mine];
    }
    if (actors) f.actors = actors;
    return f;
  };
  const named = (events: LoggedEvent[]) => {
    const names = new Map<string, string | null>();
    return events.map(({ prevHash: _p, hash: _h, ...e }) => {
      if (!names.has(e.actor)) {
        names.set(
          e.actor,
          e.actor.startsWith('person:') ? (directory.person(e.actor.slice(7))?.fullName ?? null) : null,
        );
      }
      return { ...e, actorName: names.get(e.actor) ?? null };
    });
  };

  app.get(
    '/api/audit',
    {
      config: access({ action: 'audit.read' }),
      schema: {
        tags: ['audit'],
        summary: 'Search the login diary and the audit log, newest first',
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            events: Type.Array(EventSchema),
            next: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...Refused,
        },
      },
    },
    async (req) => {
      const q = req.query;
      const limit = q.limit ?? 100;
      const events = search(filterFor(req, q, limit + 1));
      const more = events.length > limit;
      const page = events.slice(0, limit);
      return { events: named(page), next: more ? page[page.length - 1]!.seq : null };
    },
  );

  app.get(
    '/api/audit/export',
    {
      config: access({ action: 'audit.read' }),
      schema: {
        tags: ['audit'],
        summary:
          'The same search as CSV (up to 50 000 rows, UTF-8 with BOM for Excel); the export is audited',
        // Type.Omit drops `additionalProperties: false`: give it back, unknown fields are refused.
        querystring: Type.Omit(AuditQuery, ['limit', 'before'], { additionalProperties: false }),
        produces: ['text/csv'],
        response: { 200: Type.String(), ...Refused },
      },
    },
    async (req, reply) => {
      const rows = named(search(filterFor(req, req.query as AuditQuery, 50_000)));
      await app.audit({
        type: 'audit.exported',
        actor: actorName(req.principal),
        payload: { filter: req.query as Record<string, unknown>, rows: rows.length },
      });
      const cell = (v: unknown) => {
        const s = typeof v === 'string' ? v : JSON.stringify(v);
        // A leading = + - @ would be a formula in Excel (CSV injection).
        const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
        return `"${safe.replace(/"/g, '""')}"`;
      };
      const lines = [
        ['seq', 'time', 'type', 'actor', 'actor_name', 'meeting', 'details'].join(','),
        ...rows.map((e) =>
          [
            e.seq,
            new Date(e.at).toISOString(),
            e.type,
            e.actor,
            e.actorName ?? '',
            e.meetingId ?? '',
            e.payload,
          ]
            .map(cell)
            .join(','),
        ),
      ];
      reply.header(
        'content-disposition',
        `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      );
      return reply.type('text/csv; charset=utf-8').send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  );
}
