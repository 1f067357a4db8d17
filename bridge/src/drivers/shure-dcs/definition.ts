// The registry entry for Shure DCS 6000 / DDS 5900 / DIS-CCU external control: the options a device
// instance may give (validated before the session is built; JSON Schema generated from this), and
// the technician's commands.
import Type from 'typebox';
import type { DriverDefinition } from '../../contract/driver.ts';
import { SeatMapOption } from '../../runtime/seat-map.ts';
import { VOTING_CONFIG_MAX } from './codec.ts';
import { ShureDcsSession } from './session.ts';

const Choice = Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('abstain')]);
const configuration = (description: string) =>
  Type.Integer({ minimum: 1, maximum: VOTING_CONFIG_MAX, description });

export const ShureDcsOptions = Type.Object(
  {
    seatMap: Type.Optional(SeatMapOption),
    verifyMs: Type.Optional(
      Type.Integer({
        minimum: 20,
        maximum: 10_000,
        default: 500,
        description: 'How long to wait for the unit to report a change before re-reading it (ms)',
      }),
    ),
    maxRetries: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10,
        default: 2,
        description: 'Re-reads and re-sends before a seat the unit refuses becomes an alarm',
      }),
    ),
    pushSettings: Type.Optional(
      Type.Boolean({
        default: true,
        description:
          "Set the unit's mic_mode, mic_interrupt and max_speakers from the room's floor mode and cap",
      }),
    ),
    voting: Type.Optional(
      Type.Object(
        {
          configuration: configuration('Voting configuration started for an open vote (see voting_status)'),
          secretConfiguration: Type.Optional(
            configuration(
              'Configuration for a secret vote (interim counts withheld); default: configuration',
            ),
          ),
          order: Type.Optional(
            Type.Array(Choice, {
              minItems: 1,
              maxItems: 8,
              description: 'The choice of each result index, first first, for unrecognised labels',
            }),
          ),
          indexBase: Type.Optional(
            Type.Integer({ minimum: 0, maximum: 1, description: 'Index of the first option in results' }),
          ),
        },
        {
          additionalProperties: false,
          description: "Hardware voting: the room's votes run on the unit's keypads too",
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ShureDcsOptions = Type.Static<typeof ShureDcsOptions>;

export const ShureDcsCommand = Type.Union([
  Type.Object(
    { type: Type.Literal('refresh', { description: 'Re-read the whole state (mic_status)' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { type: Type.Literal('voting_status', { description: 'List the voting configurations' }) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('loudspeaker_volume'),
      value: Type.Integer({ minimum: -41, maximum: 0, description: 'dB; -41 is off' }),
    },
    { additionalProperties: false },
  ),
]);
export type ShureDcsCommand = Type.Static<typeof ShureDcsCommand>;

export const shureDcsDriver: DriverDefinition<ShureDcsOptions> = {
  id: 'shure-dcs',
  title: 'Shure DCS 6000 / DDS 5900 / DIS-CCU',
  description:
    'Conference microphones and voting over external control (ASCII lines): TCP 3142 or the central unit’s RS-232 port.',
  transports: ['tcp', 'serial', 'sim'],
  exampleTransport: 'tcp://192.168.1.40:3142',
  traffic: 'lines',
  options: ShureDcsOptions,
  commands: ShureDcsCommand,
  create: (config, context) =>
    new ShureDcsSession({
      id: config.id,
      transport: config.transport,
      options: config.options,
      ...(context.link ? { linkOptions: context.link } : {}),
    }),
};
