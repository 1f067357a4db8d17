// The registry entry of the X32 / M32 driver: what the technician page shows, the TypeBox schemas of
// its options and commands (the one schema source: runtime validation, TS types, generated JSON
// Schemas), and create(). Defaults are X32_DEFAULTS in driver.ts, so the schema and the driver
// cannot disagree.
import Type from 'typebox';
import type { DriverDefinition } from '../../contract/driver.ts';
import { X32_DEFAULTS, X32OscDriver } from './driver.ts';

/** A strip: 1..32 is `/ch/NN`; strings name aux-ins and buses too (Maillot: two-digit numbers). */
export const X32Channel = Type.Union(
  [
    Type.Integer({ minimum: 1, maximum: 32, description: 'Input channel 1..32 (/ch/01 … /ch/32)' }),
    Type.String({
      pattern: '^(ch/(0[1-9]|[12][0-9]|3[0-2])|auxin/0[1-8]|bus/(0[1-9]|1[0-6]))$',
      description: '"ch/01".."ch/32", "auxin/01".."auxin/08" or "bus/01".."bus/16"',
    }),
  ],
  { description: 'A mixer strip' },
);

const ms = (min: number, max: number, dflt: number, description: string) =>
  Type.Optional(Type.Integer({ minimum: min, maximum: max, default: dflt, description }));

export const X32OscOptionsSchema = Type.Object(
  {
    channels: Type.Record(Type.String({ pattern: '^[1-9][0-9]{0,4}$' }), X32Channel, {
      // A pattern key alone lets any other key through ("abc": 3 must be an error); additionalProperties
      // would say it too, but TypeBox's Default throws on it (as in runtime/seat-map.ts).
      propertyNames: { pattern: '^[1-9][0-9]{0,4}$' },
      description:
        'Room seat → the mixer strip its microphone is patched to, e.g. {"1": 1, "2": 2, "12": "auxin/03"}. ' +
        'A strip is open while one of its seats has the floor, closed otherwise. Seats not named here are ' +
        'ignored; strips not named here are never touched. Two seats may share one strip (a shared microphone).',
    }),
    control: Type.Optional(
      Type.Enum(['mute', 'fader', 'mute+fader'], {
        default: X32_DEFAULTS.control,
        description:
          'What "open" means: mute = the ON button (/mix/on 1 open, 0 closed); fader = the fader at openLevel / ' +
          'closedLevel, mute left alone; mute+fader = both.',
      }),
    ),
    openLevel: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        default: X32_DEFAULTS.openLevel,
        description: 'Fader of an open strip (fader modes), 0.0..1.0; 0.75 ≈ 0 dB.',
      }),
    ),
    closedLevel: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        default: X32_DEFAULTS.closedLevel,
        description: 'Fader of a closed strip (fader modes); 0.0 = −∞.',
      }),
    ),
    deskChange: Type.Optional(
      Type.Enum(['yield', 'reassert'], {
        default: X32_DEFAULTS.deskChange,
        description:
          'A managed strip changed at the desk (or by another OSC client) against the floor: yield = leave it, ' +
          'raise an alarm, and take it back when the floor for that seat changes, the desk puts it back, or a ' +
          'technician sends refresh; reassert = set it back at once.',
      }),
    ),
    infoAddress: Type.Optional(
      Type.Enum(['/xinfo', '/info'], {
        default: X32_DEFAULTS.infoAddress,
        description:
          'Who-are-you query used on start and as the liveness poll (both answer with model and firmware).',
      }),
    ),
    bareQueries: Type.Optional(
      Type.Boolean({
        default: X32_DEFAULTS.bareQueries,
        description:
          'Send queries as the address alone (Maillot\'s examples) instead of address + empty type tags "," (OSC 1.0).',
      }),
    ),
    readNames: Type.Optional(
      Type.Boolean({
        default: X32_DEFAULTS.readNames,
        description: "Read each managed strip's name (/config/name) for the technician page.",
      }),
    ),
    pollMs: ms(50, 60_000, X32_DEFAULTS.pollMs, 'Liveness query interval while the mixer answers.'),
    probeMs: ms(
      20,
      60_000,
      X32_DEFAULTS.probeMs,
      'Query interval while the mixer does not answer (recovery time).',
    ),
    timeoutMs: ms(
      100,
      600_000,
      X32_DEFAULTS.timeoutMs,
      'Silence after which the mixer counts as gone (must exceed pollMs and probeMs).',
    ),
    keepaliveMs: ms(
      50,
      9_900,
      X32_DEFAULTS.keepaliveMs,
      '/xremote renewal interval; the X32 ends a subscription after ~10 s.',
    ),
    verifyMs: ms(
      10,
      60_000,
      X32_DEFAULTS.verifyMs,
      'Wait after a set (from when its verifying query left) before checking and re-sending.',
    ),
    maxRetries: ms(
      0,
      100,
      X32_DEFAULTS.maxRetries,
      'Re-sends before a mismatch raises an alarm (checks go on with backoff).',
    ),
    sendRate: ms(
      1,
      10_000,
      X32_DEFAULTS.sendRate,
      'Channel datagrams per second at most (sets and their queries).',
    ),
    sendBurst: ms(
      1,
      1000,
      X32_DEFAULTS.sendBurst,
      'Channel datagrams that may leave at once before sendRate applies.',
    ),
  },
  { additionalProperties: false },
);
export type X32OscOptions = Type.Static<typeof X32OscOptionsSchema>;

export const X32OscCommandSchema = Type.Union([
  Type.Object(
    {
      type: Type.Literal('channel'),
      channel: X32Channel,
      on: Type.Boolean({ description: 'true = ON (unmuted)' }),
    },
    {
      additionalProperties: false,
      description: 'Mute or unmute a strip; on a managed strip it holds it (README).',
    },
  ),
  Type.Object(
    {
      type: Type.Literal('fader'),
      channel: X32Channel,
      level: Type.Number({ minimum: 0, maximum: 1 }),
    },
    { additionalProperties: false, description: "Set a strip's fader 0.0..1.0." },
  ),
  Type.Object(
    { type: Type.Literal('refresh') },
    {
      additionalProperties: false,
      description: 'Release every hold, re-read the managed strips, re-apply the floor.',
    },
  ),
  Type.Object(
    { type: Type.Literal('identify') },
    { additionalProperties: false, description: 'Ask the mixer who it is (model, name, firmware).' },
  ),
]);
export type X32OscCommand = Type.Static<typeof X32OscCommandSchema>;

export const x32OscDriver: DriverDefinition<X32OscOptions> = {
  id: 'x32-osc',
  title: 'Behringer X32 / Midas M32 mixer (OSC)',
  description:
    'Opens the mixer strip of every seat with the floor and closes the others, over OSC on UDP port 10023.',
  transports: ['udp'],
  exampleTransport: 'udp://192.168.1.50:10023',
  traffic: 'hex',
  options: X32OscOptionsSchema,
  commands: X32OscCommandSchema,
  create: (config, context) => new X32OscDriver(config, context),
};
