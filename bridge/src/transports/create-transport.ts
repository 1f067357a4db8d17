// A device instance names its channel by URL (zwave-js opens a serial path or tcp://host:port the same
// way). Parsing is strict and happens before anything is opened: a typo must make the device
// `bad_config` with a message the technician can act on, not a retry loop against a port that
// will never exist.
import { isIPv6 } from 'node:net';
import { TRANSPORT_SCHEMES, type TransportScheme } from '../contract/device-instance.ts';
import { DATA_BITS, PARITIES, type SerialOptions, SerialTransport, STOP_BITS } from './serial-transport.ts';
import { SimTransport } from './sim-transport.ts';
import { TcpTransport } from './tcp-transport.ts';
import type { Transport } from './transport.ts';
import { UdpTransport } from './udp-transport.ts';

/** The URL cannot name a channel. Whoever catches it reports the device as `bad_config`. */
export class TransportUrlError extends Error {
  readonly url: string;
  constructor(url: string, message: string) {
    super(`${JSON.stringify(url)}: ${message}`);
    this.name = 'TransportUrlError';
    this.url = url;
  }
}

export type TransportConfig =
  | { scheme: 'serial'; options: SerialOptions }
  | { scheme: 'tcp' | 'udp'; host: string; port: number }
  | { scheme: 'sim'; name: string };

const SERIAL_DEFAULTS = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;
const HOSTNAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i;
const oneOf = <T extends string | number>(allowed: readonly T[], value: string | number): T | undefined =>
  allowed.find((a) => a === value);
const SERIAL_KEYS = {
  baudRate: {
    parse: (v: string) => (/^\d+$/.test(v) && +v >= 50 && +v <= 4_000_000 ? +v : undefined),
    hint: 'a whole number from 50 to 4000000',
  },
  dataBits: { parse: (v: string) => oneOf(DATA_BITS, +v), hint: '5, 6, 7 or 8' },
  parity: { parse: (v: string) => oneOf(PARITIES, v), hint: `one of ${PARITIES.join(', ')}` },
  stopBits: { parse: (v: string) => oneOf(STOP_BITS, +v), hint: '1, 1.5 or 2' },
};
const examples = 'serial:///dev/ttyUSB0?baudRate=9600, tcp://host:port, udp://host:port, sim://name';
const SIM_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;

export function parseTransportUrl(url: string): TransportConfig {
  const fail = (message: string): never => {
    throw new TransportUrlError(url, message);
  };
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(url.trim());
  if (!m) return fail(`not a transport URL; expected one of ${examples}`);
  const scheme = m[1]!.toLowerCase();
  const rest = m[2]!;
  if (!(TRANSPORT_SCHEMES as readonly string[]).includes(scheme)) {
    return fail(`unknown scheme "${scheme}:"; expected one of ${examples}`);
  }
  switch (scheme as TransportScheme) {
    case 'serial':
      return { scheme: 'serial', options: parseSerial(rest, fail) };
    case 'tcp':
    case 'udp':
      return { scheme: scheme as 'tcp' | 'udp', ...parseHostPort(scheme, rest, fail) };
    case 'sim':
      if (!SIM_NAME.test(rest))
        return fail('a simulator needs a name of letters, digits, . _ -, e.g. sim://dcs-1');
      return { scheme: 'sim', name: rest };
  }
}

/** Throws `TransportUrlError` for a bad URL; never opens anything. */
export function createTransport(url: string): Transport {
  const config = parseTransportUrl(url);
  switch (config.scheme) {
    case 'serial':
      return new SerialTransport(url, config.options);
    case 'tcp':
      return new TcpTransport(url, config.host, config.port);
    case 'udp':
      return new UdpTransport(url, config.host, config.port);
    case 'sim':
      return new SimTransport(url, config.name);
  }
}

function parseSerial(rest: string, fail: (message: string) => never): SerialOptions {
  const q = rest.indexOf('?');
  const rawPath = q < 0 ? rest : rest.slice(0, q);
  // `serial://dev/ttyUSB0` is the classic slip: the URL's host would swallow "dev".
  if (!rawPath.startsWith('/'))
    return fail('needs an absolute path and three slashes: serial:///dev/ttyUSB0');
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    return fail('the device path has a broken %-escape');
  }
  if (path === '/' || path.endsWith('/')) return fail('the device path names a folder, not a port');
  const options: SerialOptions = { path, ...SERIAL_DEFAULTS };
  for (const [key, value] of new URLSearchParams(q < 0 ? '' : rest.slice(q + 1))) {
    // Unknown keys fail rather than being ignored: `baudrate=19200` must not silently mean 9600.
    if (!Object.hasOwn(SERIAL_KEYS, key)) {
      return fail(`unknown serial option "${key}"; known: ${Object.keys(SERIAL_KEYS).join(', ')}`);
    }
    const spec = SERIAL_KEYS[key as keyof typeof SERIAL_KEYS];
    const parsed = spec.parse(value);
    if (parsed === undefined) return fail(`${key} must be ${spec.hint}, got "${value}"`);
    Object.assign(options, { [key]: parsed });
  }
  return options;
}

function parseHostPort(
  scheme: string,
  rest: string,
  fail: (message: string) => never,
): { host: string; port: number } {
  const hostPort = rest.endsWith('/') ? rest.slice(0, -1) : rest;
  if (/[/?#@\s]/.test(hostPort)) return fail(`must be only host:port, e.g. ${scheme}://10.0.0.5:2202`);
  const m = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort)!;
  const rawHost = m[1]!;
  const rawPort = m[2];
  if (rawHost === '') return fail(`missing host, e.g. ${scheme}://10.0.0.5:2202`);
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  if (rawHost.startsWith('[') ? !isIPv6(host) : !HOSTNAME.test(host)) return fail(`bad host "${rawHost}"`);
  if (rawPort === undefined || rawPort === '') return fail(`missing port, e.g. ${scheme}://${rawHost}:2202`);
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port < 1 || port > 65535) {
    return fail(`port must be a number from 1 to 65535, got "${rawPort}"`);
  }
  return { host, port };
}
