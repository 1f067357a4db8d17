// The `visca-camera` driver's registry entry: what the technician page shows, the option and command
// schemas (TypeBox: runtime validation, TS types, the JSON Schemas of firmware-config/devices), and
// create(). Protocol sources and the choices behind each option: README.md in this folder.
import Type from 'typebox';
import type { DriverDefinition } from '../../contract/driver.ts';
import { ADDRESS_MAX, ADDRESS_MIN, PRESET_MAX, PRESET_MIN } from './codec.ts';
import { VISCA_DEFAULTS, ViscaCameraDriver } from './driver.ts';

const Preset = (description: string, extra: { default?: number } = {}) =>
  Type.Integer({ minimum: PRESET_MIN, maximum: PRESET_MAX, description, ...extra });

export const ViscaCameraOptions = Type.Object(
  {
    presets: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[1-9][0-9]{0,4}$' }),
        Preset('The camera preset that frames this seat'),
        {
          additionalProperties: false,
          default: {},
          description:
            'Room seat → camera preset. A speaking seat without a preset is skipped (the next candidate, ' +
            'or the overview, is shown).',
        },
      ),
    ),
    overviewPreset: Type.Optional(
      Preset('The preset shown when nobody with a preset speaks (the whole room)', {
        default: VISCA_DEFAULTS.overviewPreset,
      }),
    ),
    holdMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 600_000,
        default: VISCA_DEFAULTS.holdMs,
        description:
          'Minimum time between two moves, so the picture does not hunt when microphones flap; when it ' +
          'runs out the camera goes to whatever the target is then.',
      }),
    ),
    address: Type.Optional(
      Type.Integer({
        minimum: ADDRESS_MIN,
        maximum: ADDRESS_MAX,
        default: VISCA_DEFAULTS.address,
        description:
          'The camera address on an RS-232/RS-422 chain (its position after Address Set). Ignored over ' +
          'VISCA over IP, where it is always 1.',
      }),
    ),
    ackTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 60_000,
        default: VISCA_DEFAULTS.ackTimeoutMs,
        description: 'Wait for an ACK, an inquiry reply or the RESET reply before the request failed.',
      }),
    ),
    completionTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 10,
        maximum: 600_000,
        default: VISCA_DEFAULTS.completionTimeoutMs,
        description: 'Wait after the ACK for the completion (a long, slow preset move takes seconds).',
      }),
    ),
    pollMs: Type.Optional(
      Type.Integer({
        minimum: 50,
        maximum: 600_000,
        default: VISCA_DEFAULTS.pollMs,
        description:
          'Liveness poll (power inquiry) while idle, and the retry interval of the handshake while the ' +
          'camera does not answer: a camera that is back is `ok` within about this time.',
      }),
    ),
    pollMisses: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100,
        default: VISCA_DEFAULTS.pollMisses,
        description:
          'Requests in a row without any answer before the camera is reported disconnected (one lost ' +
          'UDP datagram is not an outage).',
      }),
    ),
    retries: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 10,
        default: VISCA_DEFAULTS.retries,
        description: 'Re-sends of a failed preset recall before the `preset` alarm is raised.',
      }),
    ),
    retryDelayMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 60_000,
        default: VISCA_DEFAULTS.retryDelayMs,
        description: 'Pause before re-send n (× n).',
      }),
    ),
    serialInit: Type.Optional(
      Type.Boolean({
        default: VISCA_DEFAULTS.serialInit,
        description:
          'Serial only: broadcast Address Set and IF_Clear on every connect, as Sony asks before control ' +
          'starts. Turn off when another controller owns the chain.',
      }),
    ),
    matchSequence: Type.Optional(
      Type.Boolean({
        default: VISCA_DEFAULTS.matchSequence,
        description:
          'VISCA over IP: take a reply only if it carries the request’s sequence number (Sony). Turn off ' +
          'for cameras that answer with a fixed number.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ViscaCameraOptions = Type.Static<typeof ViscaCameraOptions>;

const PresetCommand = (type: 'recall' | 'store', description: string) =>
  Type.Object(
    { type: Type.Literal(type), preset: Preset('Preset number') },
    { additionalProperties: false, description },
  );

export const ViscaCameraCommand = Type.Union([
  PresetCommand('recall', 'Move to a preset; resolves when the camera reports completion'),
  PresetCommand('store', 'Store the current position as a preset'),
  Type.Object(
    { type: Type.Literal('overview') },
    { additionalProperties: false, description: 'Move to the overview preset' },
  ),
  Type.Object(
    { type: Type.Literal('power_inquiry') },
    { additionalProperties: false, description: 'Ask the camera whether it is on or in standby' },
  ),
]);
export type ViscaCameraCommand = Type.Static<typeof ViscaCameraCommand>;

export const viscaCameraDriver: DriverDefinition<ViscaCameraOptions> = {
  id: 'visca-camera',
  title: 'PTZ camera (VISCA)',
  description:
    'Sony VISCA PTZ camera following the speaker: the priority speaker, else the most recently opened ' +
    'microphone, else the overview preset, with a minimum hold time. VISCA over IP (UDP 52381), RS-232/' +
    'RS-422, or raw VISCA over TCP.',
  transports: ['udp', 'serial', 'tcp', 'sim'],
  exampleTransport: 'udp://192.168.1.60:52381',
  traffic: 'hex',
  options: ViscaCameraOptions,
  commands: ViscaCameraCommand,
  create: (config, context) => new ViscaCameraDriver(config, context),
};
