// A device instance: one JSON file per device in the devices folder (firmware-config/devices/ by
// default). `transport` is a URL that picks the transport: serial:///dev/ttyUSB0?baudRate=9600,
// tcp://host:port, udp://host:port, sim://name. `options` are the driver's own, validated against
// that driver's schema. R-HW-1, R-HW-3, R-HW-7.
import Type from 'typebox';

export const TRANSPORT_SCHEMES = ['serial', 'tcp', 'udp', 'sim'] as const;
export type TransportScheme = (typeof TRANSPORT_SCHEMES)[number];

export const DeviceInstance = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,47}$',
      description: 'Stable id, used in logs and the API',
    }),
    driver: Type.String({ pattern: '^[a-z0-9-]{1,32}$', description: 'Driver id, e.g. shure-dcs' }),
    transport: Type.String({
      minLength: 1,
      maxLength: 300,
      description: 'serial:// tcp:// udp:// or sim:// URL',
    }),
    disabled: Type.Optional(Type.Boolean()),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type DeviceInstance = Type.Static<typeof DeviceInstance>;
