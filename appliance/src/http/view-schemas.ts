// Response schemas of the room's views, for OpenAPI and fast serialisation. The compiler checks
// below keep them equal to the domain's types in both directions.
import Type from 'typebox';
import type { RoomView, UnitState } from '../domain/views.ts';

const Seat = Type.Integer({ minimum: 1 });
const Tally = Type.Object({
  yes: Type.Integer(),
  no: Type.Integer(),
  abstain: Type.Integer(),
  not_voted: Type.Integer(),
});
const Cast = Type.Object({ cast: Type.Integer() }, { description: 'An open secret vote: ballots cast only' });
const Timed = Type.Object({ seat: Seat, since: Type.Integer({ description: 'ms since the epoch' }) });

export const UnitStateSchema = Type.Object(
  {
    seat: Seat,
    name: Type.String(),
    mic: Type.Enum(['off', 'requesting', 'on', 'muted']),
    vote: Type.Union([
      Type.Null(),
      Type.Object({
        open: Type.Boolean(),
        choice: Type.Union([Type.Enum(['yes', 'no', 'abstain']), Type.Null()]),
        secret: Type.Boolean(),
        cast: Type.Optional(Type.Boolean()),
      }),
    ]),
    present: Type.Boolean(),
    meeting: Type.Enum(['scheduled', 'in_progress', 'paused', 'ended', 'none']),
  },
  { description: 'A seat as its unit shows it (shared/protocols/seat-unit-mqtt.md)' },
);

export const RoomViewSchema = Type.Object(
  {
    room: Type.Object({ id: Type.String(), name: Type.String() }),
    seats: Type.Array(
      Type.Object({ seat: Seat, role: Type.Enum(['chair', 'delegate']), label: Type.String() }),
    ),
    floor: Type.Object({
      mode: Type.Enum(['open', 'override', 'request', 'voice', 'ptt']),
      maxOpen: Type.Integer(),
      priority: Type.Object({ on: Type.Boolean(), seat: Type.Union([Seat, Type.Null()]) }),
      speakers: Type.Array(Timed),
      requests: Type.Array(Timed),
    }),
    vote: Type.Union([
      Type.Null(),
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        secret: Type.Boolean(),
        state: Type.Enum(['open', 'closed']),
        counts: Type.Union([Tally, Cast]),
        entitled: Type.Integer(),
        openedAt: Type.Integer(),
        closedAt: Type.Union([Type.Integer(), Type.Null()]),
      }),
    ]),
    present: Type.Array(Seat),
    expected: Type.Integer(),
    recording: Type.Object({
      meetingId: Type.Union([Type.String(), Type.Null()]),
      status: Type.Enum(['off', 'recording', 'paused']),
      since: Type.Union([Type.Integer(), Type.Null()]),
      heldByChair: Type.Boolean(),
    }),
    meeting: Type.Union([
      Type.Null(),
      Type.Object({
        id: Type.String(),
        title: Type.String(),
        status: Type.Enum(['in_progress', 'paused']),
        secret: Type.Boolean(),
        currentItem: Type.Union([Type.String(), Type.Null()]),
        agenda: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
        seatNames: Type.Array(Type.Object({ seat: Seat, name: Type.String() })),
      }),
    ]),
  },
  { description: 'The room now: seats, floor, vote, roll call, the meeting in progress' },
);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const viewSchemasMatch: Same<Type.Static<typeof RoomViewSchema>, RoomView> &
  Same<Type.Static<typeof UnitStateSchema>, UnitState> = true;
