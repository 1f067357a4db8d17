// A room's seat plan: which seat unit sits at which seat, and which seats are the chair's.
// The unit does not know its seat (seat-unit-mqtt.md, "Names"); this file is the only map.
import Type from 'typebox';
import { ROOM_ID_PATTERN, UNIT_ID_PATTERN } from './seat-unit.ts';

export const SeatRole = Type.Union([Type.Literal('chair'), Type.Literal('delegate')]);
export type SeatRole = Type.Static<typeof SeatRole>;

export const SeatPlanEntry = Type.Object(
  {
    seat: Type.Integer({ minimum: 1, maximum: 65535, description: 'Seat number in the room' }),
    unit: Type.Optional(
      Type.String({ pattern: UNIT_ID_PATTERN, description: 'Hardware id of the seat unit at this seat' }),
    ),
    role: Type.Optional(SeatRole),
    label: Type.Optional(
      Type.String({ maxLength: 80, description: 'Shown on the unit when no delegate is assigned' }),
    ),
  },
  { additionalProperties: false },
);
export type SeatPlanEntry = Type.Static<typeof SeatPlanEntry>;

export const SeatPlan = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    room: Type.String({ pattern: ROOM_ID_PATTERN }),
    name: Type.Optional(Type.String({ maxLength: 120 })),
    seats: Type.Array(SeatPlanEntry, { minItems: 1, maxItems: 2000 }),
  },
  { additionalProperties: false },
);
export type SeatPlan = Type.Static<typeof SeatPlan>;
