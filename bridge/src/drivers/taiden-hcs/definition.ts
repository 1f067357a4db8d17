// The Taiden HCS driver's entry for the registry: its options and technician commands as TypeBox
// schemas (the one schema source: validation, static types, generated JSON Schemas for device
// instances), and create(). Every default here is a choice documented in README.md ("Choices where
// the fact sheet is silent"), from shared/protocols/conference-systems.md, "Taiden HCS
// central-control protocol".
import Type from 'typebox';
import type { DriverDefinition } from '../../contract/driver.ts';
import { SeatMapOption } from '../../runtime/seat-map.ts';
import { type AllOffCode, MIC_STREAM_SLOTS_MAX } from './codec.ts';
import { RAW_MAX_BYTES, TaidenHcsDriver } from './driver.ts';

export const TaidenHcsOptions = Type.Object(
  {
    seatMap: Type.Optional(SeatMapOption),
    allOffCode: Type.Optional(
      Type.Union([Type.Literal('E3 ED 00'), Type.Literal('E6 ED'), Type.Literal('E6 ED 00 00')], {
        default: 'E3 ED 00',
        description:
          'All-mics-off bytes this model understands. The HCS-3600 manual gives E3 ED 00; another vendor ' +
          'page lists ED under the E6 header (length not given: E6 ED or E6 ED 00 00).',
      }),
    ),
    micStream: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(
            Type.Boolean({
              default: true,
              description:
                'Start the mic-state stream (E3 04 00) and verify the floor against it. Off: write-only, ' +
                'no verification, no alarms, no inferred presses.',
            }),
          ),
          layout: Type.Optional(
            Type.Union([Type.Literal('fixed'), Type.Literal('count')], {
              default: 'fixed',
              description:
                'E6 <state> <count> id1 .. id6: "fixed" = always `slots` ids (unused ones zero), ' +
                '"count" = exactly `count` ids follow.',
            }),
          ),
          slots: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: MIC_STREAM_SLOTS_MAX,
              default: 6,
              description: 'fixed: id slots per frame (id1..id6 → 6); count: the most ids a frame may carry.',
            }),
          ),
          idBytes: Type.Optional(
            Type.Union([Type.Literal(1), Type.Literal(2)], {
              default: 2,
              description: 'Bytes per id in the stream (2 = big-endian 16 bit, as in every command).',
            }),
          ),
          strictPadding: Type.Optional(
            Type.Boolean({
              default: true,
              description: 'fixed: a frame whose unused slots are not zero is garbage (resynchronise).',
            }),
          ),
          refreshMs: Type.Optional(
            Type.Integer({
              minimum: 0,
              maximum: 3_600_000,
              default: 60_000,
              description:
                'Start the stream again this often once it runs (a unit that rebooted behind RS-232 stops ' +
                'streaming silently). 0: never.',
            }),
          ),
        },
        { additionalProperties: false, default: {} },
      ),
    ),
    verifyMs: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 60_000,
        default: 500,
        description: 'How long after a command the stream must show it before it is re-sent.',
      }),
    ),
    maxRetries: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 20,
        default: 2,
        description: 'Re-sends before a mismatch raises an alarm (checks then go on with a doubling delay).',
      }),
    ),
    voting: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(
            Type.Boolean({
              default: false,
              description:
                "Run the room's votes on the HCS keypads (E3 01 00 / E3 02 00) and report tallies.",
            }),
          ),
        },
        { additionalProperties: false, default: {} },
      ),
    ),
    cameraTracking: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(
            Type.Boolean({
              default: false,
              description: "Start the HCS's own camera-tracking output (E3 E4 00) on every connect.",
            }),
          ),
        },
        { additionalProperties: false, default: {} },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TaidenHcsOptions = Type.Static<typeof TaidenHcsOptions>;
// The schema and codec.ts name the same all-off forms: a form added to one but not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _allOffCodesAgree: Same<NonNullable<TaidenHcsOptions['allOffCode']>, AllOffCode> = true;
void _allOffCodesAgree;

const onOff = (type: string, description: string) =>
  Type.Object({ type: Type.Literal(type), on: Type.Boolean() }, { additionalProperties: false, description });

export const TaidenHcsCommand = Type.Union([
  Type.Object(
    { type: Type.Literal('mic'), seat: Type.Integer({ minimum: 1, maximum: 65535 }), on: Type.Boolean() },
    {
      additionalProperties: false,
      description: 'One mic on or off (room seat). Kept until the next floor change.',
    },
  ),
  Type.Object(
    { type: Type.Literal('all_off') },
    { additionalProperties: false, description: 'All mics off, with the configured allOffCode.' },
  ),
  onOff('stream', 'Start / stop the mic-state stream (stopped: write-only until started or reconnected).'),
  onOff('camera_tracking', "Start / stop the HCS's camera-tracking output."),
  Type.Object(
    { type: Type.Literal('video_input'), channel: Type.Integer({ minimum: 0, maximum: 255 }) },
    { additionalProperties: false, description: 'Video input switch E3 EA ch.' },
  ),
  Type.Object(
    {
      type: Type.Literal('raw'),
      hex: Type.String({ pattern: '^[0-9A-Fa-f]{2}([ :]?[0-9A-Fa-f]{2})*$', maxLength: RAW_MAX_BYTES * 3 }),
    },
    {
      additionalProperties: false,
      description: `Raw bytes in hex (at most ${RAW_MAX_BYTES}); the driver's bookkeeping does not see them.`,
    },
  ),
]);
export type TaidenHcsCommand = Type.Static<typeof TaidenHcsCommand>;

export const taidenHcsDriver: DriverDefinition<TaidenHcsOptions> = {
  id: 'taiden-hcs',
  title: 'Taiden HCS central control',
  description:
    'Taiden HCS conference system over its central-control port (RS-232 9600 8N1, binary), directly or ' +
    'through a serial-to-Ethernet converter: mics from the room floor, verified against the mic-state ' +
    'stream; optional keypad voting and camera tracking.',
  transports: ['serial', 'tcp', 'sim'],
  exampleTransport: 'serial:///dev/ttyUSB0?baudRate=9600',
  traffic: 'hex',
  options: TaidenHcsOptions,
  commands: TaidenHcsCommand,
  create: (config, context) => new TaidenHcsDriver(config, context),
};
