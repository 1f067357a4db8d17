// The seat-unit MQTT protocol, version 1: ../../../../shared/protocols/seat-unit-mqtt.md (normative).
// One TypeBox source for the topics and payloads: runtime validation in the driver, static types for
// the appliance, and the shapes the firmware-config test checks the ESPHome configuration against.
import Type from 'typebox';

export const PROTOCOL_PREFIX = 'ecab/v1';

/** `{room}`: `[a-z0-9-]{1,32}`. */
export const ROOM_ID_PATTERN = '^[a-z0-9-]{1,32}$';
/** `{unit}`: the unit's hardware id (MAC or serial), `[A-Za-z0-9_-]{1,64}`. */
export const UNIT_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';

export const RoomId = Type.String({ pattern: ROOM_ID_PATTERN });
export const UnitId = Type.String({ pattern: UNIT_ID_PATTERN });

export const SEAT_KEYS = [
  'speak',
  'yes',
  'no',
  'abstain',
  'present',
  'priority',
  'next',
  'clear',
  'alloff',
  'vote',
  'card',
] as const;
export type SeatKey = (typeof SEAT_KEYS)[number];
export const SeatKeySchema = Type.Enum(SEAT_KEYS);

/** `unit/{unit}/hello`, QoS 1, not retained, after every connect. Unknown fields are ignored. */
export const HelloMessage = Type.Object({
  model: Type.Optional(Type.String({ maxLength: 64 })),
  fw: Type.Optional(Type.String({ maxLength: 32 })),
  keys: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 32 })),
});
export type HelloMessage = Type.Static<typeof HelloMessage>;

/** `unit/{unit}/status`, QoS 1, retained: `"online"`, or `"offline"` as the last will. */
export const UnitStatusMessage = Type.Union([Type.Literal('online'), Type.Literal('offline')]);
export type UnitStatusMessage = Type.Static<typeof UnitStatusMessage>;

export const SEQ_MAX = 2 ** 31 - 1;

/** `unit/{unit}/key`, QoS 1, not retained. `card` adds `uid`. */
export const KeyMessage = Type.Object({
  key: SeatKeySchema,
  action: Type.Optional(Type.Union([Type.Literal('press'), Type.Literal('release')])),
  seq: Type.Integer({ minimum: 0, maximum: SEQ_MAX }),
  uid: Type.Optional(Type.String({ pattern: '^[0-9A-Fa-f]{4,32}$' })),
});
export type KeyMessage = Type.Static<typeof KeyMessage>;

export const MicState = Type.Union([
  Type.Literal('off'),
  Type.Literal('requesting'),
  Type.Literal('on'),
  Type.Literal('muted'),
]);
export type MicState = Type.Static<typeof MicState>;

export const VoteChoice = Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('abstain')]);
export type VoteChoice = Type.Static<typeof VoteChoice>;

export const MeetingPhase = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('in_progress'),
  Type.Literal('paused'),
  Type.Literal('ended'),
  Type.Literal('none'),
]);
export type MeetingPhase = Type.Static<typeof MeetingPhase>;

/**
 * `unit/{unit}/state`, QoS 1, retained: always the unit's whole desired state.
 * `vote.cast` is our compatible extension: true once this seat has voted. For a secret vote whose
 * choice the appliance no longer holds (after a restart it keeps no link from seat to ballot),
 * `choice` is null and `cast` true.
 */
export const UnitState = Type.Object({
  seat: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  mic: MicState,
  vote: Type.Union([
    Type.Null(),
    Type.Object({
      open: Type.Boolean(),
      choice: Type.Union([VoteChoice, Type.Null()]),
      secret: Type.Boolean(),
      cast: Type.Optional(Type.Boolean()),
    }),
  ]),
  present: Type.Boolean(),
  meeting: MeetingPhase,
});
export type UnitState = Type.Static<typeof UnitState>;

export const VoteCounts = Type.Union([
  Type.Object({
    yes: Type.Integer({ minimum: 0 }),
    no: Type.Integer({ minimum: 0 }),
    abstain: Type.Integer({ minimum: 0 }),
    not_voted: Type.Integer({ minimum: 0 }),
  }),
  Type.Object({ cast: Type.Integer({ minimum: 0 }) }),
]);
export type VoteCounts = Type.Static<typeof VoteCounts>;

/** `display`, QoS 1, retained: the room for wall displays and units with screens. */
export const RoomDisplay = Type.Object({
  meeting: Type.Union([
    Type.Null(),
    Type.Object({ id: Type.String(), title: Type.String(), state: MeetingPhase }),
  ]),
  speakers: Type.Array(Type.Integer({ minimum: 1 })),
  requests: Type.Array(Type.Integer({ minimum: 1 })),
  vote: Type.Union([
    Type.Null(),
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      state: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
      counts: VoteCounts,
    }),
  ]),
  present: Type.Integer({ minimum: 0 }),
  expected: Type.Integer({ minimum: 0 }),
});
export type RoomDisplay = Type.Static<typeof RoomDisplay>;

export const topics = {
  unitBase: (room: string, unit: string) => `${PROTOCOL_PREFIX}/${room}/unit/${unit}/`,
  hello: (room: string, unit: string) => `${PROTOCOL_PREFIX}/${room}/unit/${unit}/hello`,
  status: (room: string, unit: string) => `${PROTOCOL_PREFIX}/${room}/unit/${unit}/status`,
  key: (room: string, unit: string) => `${PROTOCOL_PREFIX}/${room}/unit/${unit}/key`,
  state: (room: string, unit: string) => `${PROTOCOL_PREFIX}/${room}/unit/${unit}/state`,
  display: (room: string) => `${PROTOCOL_PREFIX}/${room}/display`,
  /** What the appliance subscribes to: every unit's hello, status and key (not `state`: that is ours). */
  unitInputs: (room: string) =>
    ['hello', 'status', 'key'].map((leaf) => `${PROTOCOL_PREFIX}/${room}/unit/+/${leaf}`),
} as const;

/** Splits `ecab/v1/{room}/unit/{unit}/{leaf}`; null for any other topic. */
export function parseUnitTopic(topic: string): { room: string; unit: string; leaf: string } | null {
  const parts = topic.split('/');
  if (parts.length !== 6 || parts[0] !== 'ecab' || parts[1] !== 'v1' || parts[3] !== 'unit') return null;
  const [, , room, , unit, leaf] = parts as [string, string, string, string, string, string];
  return { room, unit, leaf };
}
