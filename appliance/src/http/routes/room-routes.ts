// The room's HTTP API: what the chair console and seat tablets do. Each route names its action in
// the permission table (`config.access`); the hook in app.ts enforces it before the handler runs.
import Type from 'typebox';
import type { RoomCommand } from '../../domain/room.ts';
import { actorName, type Principal } from '../access.ts';
import type { FastifyTypebox } from '../app-types.ts';
import { ErrorBody, statusForCode } from '../errors.ts';
import type { RouteAccess } from '../permissions.ts';
import { RoomViewSchema, UnitStateSchema } from '../view-schemas.ts';

const SeatParam = Type.Object(
  { seat: Type.Integer({ minimum: 1, maximum: 65535 }) },
  { additionalProperties: false },
);
const Empty = Type.Object({}, { additionalProperties: false });
const Done = Type.Object({ ok: Type.Literal(true), events: Type.Array(Type.String()) });
const Refused = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  503: ErrorBody,
};

const access = (a: RouteAccess) => ({ access: a });

export function roomRoutes(app: FastifyTypebox): void {
  const run = async (command: RoomCommand, actor: string, reply: { code(n: number): unknown }) => {
    const r = await app.room.dispatch(command, actor);
    if (r.ok)
      return {
        ok: true as const,
        events: r.events.filter((e) => e.type !== 'vote.secret_ballot').map((e) => e.type),
      };
    reply.code(statusForCode(r.code));
    return { error: { code: r.code, message: r.message } };
  };
  const actorOf = (req: { principal: Principal }) => actorName(req.principal);

  app.get(
    '/api/room',
    {
      config: access({ action: 'room.read' }),
      schema: {
        tags: ['room'],
        summary: 'The room now: seats, floor, vote, roll call',
        response: { 200: RoomViewSchema },
      },
    },
    async () => app.room.view,
  );

  app.get(
    '/api/seats/:seat',
    {
      config: access({ action: 'seat.read', ownSeat: true }),
      schema: {
        tags: ['seat'],
        summary: "A seat's state, as its unit shows it",
        params: SeatParam,
        response: { 200: UnitStateSchema, ...Refused },
      },
    },
    async (req, reply) => {
      if (!app.room.state.seatNumbers.has(req.params.seat)) {
        reply.code(404);
        return {
          error: { code: 'E_UNKNOWN_SEAT', message: `seat ${req.params.seat} is not in the seat plan` },
        };
      }
      return app.room.unitState(req.params.seat);
    },
  );

  app.post(
    '/api/seats/:seat/speak',
    {
      config: access({ action: 'seat.speak', ownSeat: true }),
      schema: {
        tags: ['seat'],
        summary: 'Request to speak; again to cancel the request or end one’s speech',
        params: SeatParam,
        body: Type.Object(
          { action: Type.Optional(Type.Union([Type.Literal('press'), Type.Literal('release')])) },
          { additionalProperties: false },
        ),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) =>
      run({ type: 'speak', seat: req.params.seat, action: req.body.action ?? 'press' }, actorOf(req), reply),
  );

  app.post(
    '/api/seats/:seat/ballot',
    {
      config: access({ action: 'seat.vote', ownSeat: true }),
      schema: {
        tags: ['seat'],
        summary: 'Cast this seat’s ballot in the open vote (no change after casting)',
        params: SeatParam,
        body: Type.Object({ choice: Type.Enum(['yes', 'no', 'abstain']) }, { additionalProperties: false }),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) =>
      run({ type: 'cast', seat: req.params.seat, choice: req.body.choice }, actorOf(req), reply),
  );

  app.post(
    '/api/seats/:seat/present',
    {
      config: access({ action: 'seat.present', ownSeat: true }),
      schema: {
        tags: ['seat'],
        summary: 'Mark this seat present (roll call)',
        params: SeatParam,
        body: Empty,
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) => run({ type: 'present', seat: req.params.seat, via: 'tablet' }, actorOf(req), reply),
  );

  const seatBody = Type.Object(
    { seat: Type.Integer({ minimum: 1, maximum: 65535 }) },
    { additionalProperties: false },
  );
  for (const [path, type, summary] of [
    ['grant', 'grant', 'Give the floor to a seat (its microphone opens)'],
    ['deny', 'deny', 'Refuse a request to speak'],
    ['end', 'end', 'End a seat’s speech (its microphone closes)'],
  ] as const) {
    app.post(
      `/api/floor/${path}`,
      {
        config: access({ action: 'floor.control' }),
        schema: { tags: ['floor'], summary, body: seatBody, response: { 200: Done, ...Refused } },
      },
      (req, reply) => run({ type, seat: req.body.seat }, actorOf(req), reply),
    );
  }
  for (const [path, type, summary] of [
    ['next', 'next', 'Give the floor to the first request'],
    ['clear', 'clear', 'Drop every request'],
    ['all-off', 'alloff', 'Switch off every delegate microphone (the chair’s stays)'],
  ] as const) {
    app.post(
      `/api/floor/${path}`,
      {
        config: access({ action: 'floor.control' }),
        schema: { tags: ['floor'], summary, body: Type.Optional(Empty), response: { 200: Done, ...Refused } },
      },
      (req, reply) => run({ type }, actorOf(req), reply),
    );
  }
  app.post(
    '/api/floor/priority',
    {
      config: access({ action: 'floor.control' }),
      schema: {
        tags: ['floor'],
        summary: 'Chair priority: mute every delegate while the chair speaks (toggle, or set with `on`)',
        body: Type.Object({ on: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) => {
      // The chair's seat: the console's own, or where the chair person sits in this meeting.
      const p = req.principal;
      const current = app.meetingAccess.currentId();
      const seat =
        p.role === 'chair'
          ? p.seat
          : p.role === 'person' && current
            ? (app.meetingAccess.seatOf(current, p.person.id) ?? 0)
            : 0;
      const c: RoomCommand =
        req.body.on === undefined ? { type: 'priority', seat } : { type: 'priority', seat, on: req.body.on };
      return run(c, actorOf(req), reply);
    },
  );
  app.put(
    '/api/floor/settings',
    {
      config: access({ action: 'floor.control' }),
      schema: {
        tags: ['floor'],
        summary: 'Floor mode and the number of delegate microphones open at once',
        body: Type.Object(
          {
            mode: Type.Enum(['open', 'override', 'request', 'voice', 'ptt']),
            maxOpen: Type.Integer({ minimum: 1, maximum: 25 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) =>
      run({ type: 'settings', mode: req.body.mode, maxOpen: req.body.maxOpen }, actorOf(req), reply),
  );

  app.post(
    '/api/votes',
    {
      config: access({ action: 'vote.control' }),
      schema: {
        tags: ['vote'],
        summary: 'Start a quick vote: yes / no / abstain, open or secret',
        body: Type.Object(
          {
            title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            secret: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) => {
      const c: RoomCommand = { type: 'open', secret: req.body.secret ?? false };
      if (req.body.title !== undefined) c.title = req.body.title;
      return run(c, actorOf(req), reply);
    },
  );
  app.post(
    '/api/votes/close',
    {
      config: access({ action: 'vote.control' }),
      schema: {
        tags: ['vote'],
        summary: 'Close the open vote; the result is final',
        body: Type.Optional(Empty),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) => run({ type: 'close' }, actorOf(req), reply),
  );

  app.put(
    '/api/attendance/:seat',
    {
      config: access({ action: 'attendance.manage' }),
      schema: {
        tags: ['attendance'],
        summary: 'Mark a seat present or absent (the secretary’s roll call)',
        params: SeatParam,
        body: Type.Object({ present: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) =>
      run(
        { type: req.body.present ? 'present' : 'absent', seat: req.params.seat, via: 'secretary' },
        actorOf(req),
        reply,
      ),
  );
  app.post(
    '/api/attendance/reset',
    {
      config: access({ action: 'attendance.manage' }),
      schema: {
        tags: ['attendance'],
        summary: 'Start the roll call again: everyone absent',
        body: Type.Optional(Empty),
        response: { 200: Done, ...Refused },
      },
    },
    (req, reply) => run({ type: 'rollcall.reset' }, actorOf(req), reply),
  );
}
