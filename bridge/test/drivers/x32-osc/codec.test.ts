// Level 0 (ARCHITECTURE.md): X32 OSC requests → bytes and bytes → messages, from hand-written byte
// fixtures (OSC 1.0 layout: NUL-terminated strings padded to 4, ",tags" padded to 4, big-endian
// int32 / float32; X32 addresses and replies from Maillot's "Unofficial X32/M32 OSC Remote Protocol").
import { describe, expect, it } from 'vitest';
import { BridgeError } from '../../../src/contract/device.ts';
import {
  decodeDatagram,
  encodeRequest,
  MAX_DATAGRAM_BYTES,
  parseStrip,
  stripKey,
  type X32Message,
  type X32Request,
} from '../../../src/drivers/x32-osc/codec.ts';

/** Bytes from a string in which every char is one byte (`\0` for NUL). */
const raw = (s: string) => Buffer.from(s, 'latin1');
const i32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const f32hex = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');
const cat = (...parts: (string | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? raw(p) : p)));

const ch = (n: number) => ({ kind: 'ch' as const, n });

/** The reply `/xinfo ,ssss 192.168.1.50 X32-02-4A-53 X32 4.06`, byte by byte. */
const XINFO = cat(
  '/xinfo\0\0',
  ',ssss\0\0\0',
  '192.168.1.50\0\0\0\0',
  'X32-02-4A-53\0\0\0\0',
  'X32\0',
  '4.06\0\0\0\0',
);
/** `/ch/05/mix/on ,i 0` (13 chars + 3 NULs = 16). */
const CH05_OFF = cat('/ch/05/mix/on\0\0\0', ',i\0\0', i32(0));
/** `/ch/12/mix/fader ,f 0.5` (16 chars + 4 NULs; 0.5 = 3f000000). */
const CH12_HALF = cat('/ch/12/mix/fader\0\0\0\0', ',f\0\0', f32hex('3f 00 00 00'));

describe('encodeRequest fixtures', () => {
  const cases: [string, X32Request, Buffer][] = [
    ['/xinfo query: address, then "," padded', { type: 'xinfo' }, raw('/xinfo\0\0,\0\0\0')],
    ['/info', { type: 'info' }, raw('/info\0\0\0,\0\0\0')],
    ['/status', { type: 'status' }, raw('/status\0,\0\0\0')],
    ['/xremote (8 chars: a whole NUL word follows)', { type: 'xremote' }, raw('/xremote\0\0\0\0,\0\0\0')],
    [
      'ch 1 ON (unmute): ,i 1',
      { type: 'set_on', strip: ch(1), on: true },
      cat('/ch/01/mix/on\0\0\0', ',i\0\0', i32(1)),
    ],
    ['ch 5 OFF (mute): ,i 0', { type: 'set_on', strip: ch(5), on: false }, CH05_OFF],
    [
      'fader 0.75 = 3f400000',
      { type: 'set_fader', strip: ch(32), level: 0.75 },
      cat('/ch/32/mix/fader\0\0\0\0', ',f\0\0', f32hex('3f 40 00 00')),
    ],
    [
      'query the name of aux-in 3',
      { type: 'query', strip: { kind: 'auxin', n: 3 }, param: 'name' },
      raw('/auxin/03/config/name\0\0\0,\0\0\0'),
    ],
    [
      'query bus 16 ON',
      { type: 'query', strip: { kind: 'bus', n: 16 }, param: 'on' },
      raw('/bus/16/mix/on\0\0,\0\0\0'),
    ],
  ];
  for (const [name, request, bytes] of cases) {
    it(name, () => {
      expect(encodeRequest(request).toString('hex')).toBe(bytes.toString('hex'));
    });
  }

  it('bareQueries drops the empty type tag string from queries only', () => {
    expect(encodeRequest({ type: 'xinfo' }, { bareQueries: true })).toEqual(raw('/xinfo\0\0'));
    expect(encodeRequest({ type: 'xremote' }, { bareQueries: true })).toEqual(raw('/xremote\0\0\0\0'));
    expect(encodeRequest({ type: 'query', strip: ch(5), param: 'on' }, { bareQueries: true })).toEqual(
      raw('/ch/05/mix/on\0\0\0'),
    );
    expect(encodeRequest({ type: 'set_on', strip: ch(5), on: false }, { bareQueries: true })).toEqual(
      CH05_OFF,
    );
  });

  const bad: [string, unknown][] = [
    ['channel 0', { type: 'set_on', strip: ch(0), on: true }],
    ['channel 33', { type: 'set_on', strip: ch(33), on: true }],
    ['aux-in 9', { type: 'query', strip: { kind: 'auxin', n: 9 }, param: 'on' }],
    ['bus 17', { type: 'query', strip: { kind: 'bus', n: 17 }, param: 'on' }],
    ['a DCA (not a strip we drive)', { type: 'set_on', strip: { kind: 'dca', n: 1 }, on: true }],
    ['a fractional channel', { type: 'set_on', strip: ch(1.5), on: true }],
    ['on as a number', { type: 'set_on', strip: ch(1), on: 1 }],
    ['fader 1.5', { type: 'set_fader', strip: ch(1), level: 1.5 }],
    ['fader -0.1', { type: 'set_fader', strip: ch(1), level: -0.1 }],
    ['fader NaN', { type: 'set_fader', strip: ch(1), level: Number.NaN }],
    ['unknown parameter', { type: 'query', strip: ch(1), param: 'pan' }],
    ['unknown type', { type: 'reboot' }],
    ['null', null],
  ];
  for (const [name, request] of bad) {
    it(`rejects ${name} with E_BAD_COMMAND`, () => {
      let error: unknown;
      try {
        encodeRequest(request as X32Request);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(BridgeError);
      expect((error as BridgeError).code).toBe('E_BAD_COMMAND');
    });
  }
});

describe('decodeDatagram fixtures', () => {
  it('/xinfo reply → ip, name, model, firmware', () => {
    expect(decodeDatagram(XINFO)).toEqual([
      { type: 'xinfo', ip: '192.168.1.50', name: 'X32-02-4A-53', model: 'X32', version: '4.06' },
    ]);
  });

  it('/info and /status replies', () => {
    const info = cat('/info\0\0\0', ',ssss\0\0\0', 'V2.05\0\0\0', 'osc-server\0\0', 'M32\0', '2.10\0\0\0\0');
    expect(decodeDatagram(info)).toEqual([
      { type: 'info', serverVersion: 'V2.05', serverName: 'osc-server', model: 'M32', version: '2.10' },
    ]);
    const status = cat(
      '/status\0',
      ',sss\0\0\0\0',
      'active\0\0',
      '192.168.1.50\0\0\0\0',
      'X32-02-4A-53\0\0\0\0',
    );
    expect(decodeDatagram(status)).toEqual([
      { type: 'status', state: 'active', ip: '192.168.1.50', name: 'X32-02-4A-53' },
    ]);
  });

  it('strip values: ON, fader, name', () => {
    expect(decodeDatagram(CH05_OFF)).toEqual([{ type: 'on', strip: ch(5), on: false }]);
    expect(decodeDatagram(cat('/auxin/08/mix/on\0\0\0\0', ',i\0\0', i32(1)))).toEqual([
      { type: 'on', strip: { kind: 'auxin', n: 8 }, on: true },
    ]);
    expect(decodeDatagram(CH12_HALF)).toEqual([{ type: 'fader', strip: ch(12), level: 0.5 }]);
    expect(decodeDatagram(cat('/ch/01/config/name\0\0', ',s\0\0', 'Chair\0\0\0'))).toEqual([
      { type: 'name', strip: ch(1), name: 'Chair' },
    ]);
  });

  it('a bundle → each message in order', () => {
    const bundle = cat(
      '#bundle\0',
      Buffer.from('0000000000000001', 'hex'), // time tag "immediately"
      i32(CH05_OFF.length),
      CH05_OFF,
      i32(CH12_HALF.length),
      CH12_HALF,
    );
    expect(decodeDatagram(bundle)).toEqual([
      { type: 'on', strip: ch(5), on: false },
      { type: 'fader', strip: ch(12), level: 0.5 },
    ]);
    // A bundle inside a bundle is flattened too.
    const outer = cat('#bundle\0', Buffer.alloc(8), i32(bundle.length), bundle, i32(XINFO.length), XINFO);
    expect(decodeDatagram(outer).map((m) => m.type)).toEqual(['on', 'fader', 'xinfo']);
    // An empty bundle carries nothing, and is not an error.
    expect(decodeDatagram(cat('#bundle\0', Buffer.alloc(8)))).toEqual([]);
  });

  it('well-formed OSC the driver does not use is unknown, with the reason', () => {
    const cases: [Buffer, RegExp][] = [
      [cat('/ch/33/mix/on\0\0\0', ',i\0\0', i32(1)), /does not exist/],
      [cat('/auxin/09/mix/on\0\0\0\0', ',i\0\0', i32(1)), /does not exist/],
      [cat('/ch/01/mix/on\0\0\0', ',f\0\0', f32hex('3f800000')), /must be ,i/],
      [cat('/ch/01/mix/on\0\0\0', ',i\0\0', i32(2)), /must be ,i 0\|1/],
      [cat('/ch/01/mix/fader\0\0\0\0', ',f\0\0', f32hex('3fc00000')), /0\.0\.\.1\.0/], // 1.5
      [cat('/ch/01/mix/fader\0\0\0\0', ',f\0\0', f32hex('7fc00000')), /0\.0\.\.1\.0/], // NaN
      [cat('/-stat/solosw/01\0\0\0\0', ',i\0\0', i32(1)), /not an address/],
      [cat('/xinfo\0\0', ',ss\0', 'a\0\0\0', 'b\0\0\0'), /expected ,ssss/],
    ];
    for (const [bytes, reason] of cases) {
      const [m, ...rest] = decodeDatagram(bytes);
      expect(rest).toEqual([]);
      expect(m?.type).toBe('unknown');
      expect((m as Extract<X32Message, { type: 'unknown' }>).reason).toMatch(reason);
    }
  });

  it('malformed datagrams are reported with a reason, never thrown', () => {
    const cases: [string, Buffer, RegExp][] = [
      ['empty', Buffer.alloc(0), /empty/],
      ['truncated mid-word', CH05_OFF.subarray(0, 22), /multiple of 4/],
      ['truncated argument', CH05_OFF.subarray(0, 20), /truncated/],
      ['truncated string argument', XINFO.subarray(0, 32), /truncated|NUL|padding/],
      ['bad padding after the address', cat('/ch/05/mix/on\0X\0', ',i\0\0', i32(0)), /non-zero padding/],
      ['bad padding after the type tags', cat('/ch/05/mix/on\0\0\0', ',i\0\x01', i32(0)), /non-zero padding/],
      [
        'unknown type tag h (int64)',
        cat('/ch/05/mix/on\0\0\0', ',h\0\0', Buffer.alloc(8)),
        /unsupported type tag "h"/,
      ],
      ['unknown type tag x', cat('/ch/05/mix/on\0\0\0', ',x\0\0', i32(0)), /unsupported type tag "x"/],
      ['no type tag string', raw('/ch/05/mix/on\0\0\0'), /no type tag/],
      ['type tags without the comma', cat('/ch/05/mix/on\0\0\0', 'i\0\0\0', i32(0)), /does not start with ,/],
      ['trailing bytes', cat(CH05_OFF, i32(7)), /trailing bytes/],
      ['not an address', cat('ch/05/mix/on\0\0\0\0', ',i\0\0', i32(0)), /does not start with \//],
      ['control byte in the address', cat('/ch/\x0105\0', ',\0\0\0'), /non-printable/],
      ['no NUL at all', raw('/abcdefg'), /NUL/],
      ['bad blob size', cat('/b\0\0', ',b\0\0', i32(100), i32(0)), /blob size/],
      ['bundle header cut', raw('#bundle\0\0\0\0\0'), /shorter than its header/],
      ['bundle element too long', cat('#bundle\0', Buffer.alloc(8), i32(64), CH05_OFF), /element size 64/],
      ['bundle element size not /4', cat('#bundle\0', Buffer.alloc(8), i32(23), CH05_OFF), /element size 23/],
      [
        'bundle with a garbled element',
        cat('#bundle\0', Buffer.alloc(8), i32(8), raw('garbage!')),
        /in bundle/,
      ],
      ['a # that is not a bundle', raw('#bundlX\0\0\0\0\0\0\0\0\0'), /not a bundle/],
      ['oversized', Buffer.alloc(MAX_DATAGRAM_BYTES + 4, 0x2f), /oversized/],
    ];
    for (const [name, bytes, reason] of cases) {
      let result: X32Message[] = [];
      expect(() => {
        result = decodeDatagram(bytes);
      }, name).not.toThrow();
      expect(result, name).toHaveLength(1);
      expect(result[0]?.type, name).toBe('malformed');
      expect((result[0] as Extract<X32Message, { type: 'malformed' }>).reason, name).toMatch(reason);
      expect((result[0] as Extract<X32Message, { type: 'malformed' }>).length, name).toBe(bytes.length);
    }
  });

  it('bundles nested deeper than 4 levels are malformed (bounded recursion)', () => {
    let b: Buffer = CH05_OFF;
    for (let depth = 0; depth < 4; depth++) b = cat('#bundle\0', Buffer.alloc(8), i32(b.length), b);
    expect(decodeDatagram(b).map((m) => m.type)).toEqual(['on']);
    const deeper = cat('#bundle\0', Buffer.alloc(8), i32(b.length), b);
    expect(decodeDatagram(deeper)).toMatchObject([
      { type: 'malformed', reason: expect.stringMatching(/too deep/) },
    ]);
  });

  it('the maxBytes option bounds what is parsed', () => {
    expect(decodeDatagram(XINFO, { maxBytes: XINFO.length - 1 })[0]?.type).toBe('malformed');
    expect(decodeDatagram(XINFO, { maxBytes: XINFO.length })[0]?.type).toBe('xinfo');
  });
});

describe('strips', () => {
  it('parses seat-map values and technician channels', () => {
    expect(parseStrip(1)).toEqual(ch(1));
    expect(parseStrip(32)).toEqual(ch(32));
    expect(parseStrip('ch/07')).toEqual(ch(7));
    expect(parseStrip('auxin/08')).toEqual({ kind: 'auxin', n: 8 });
    expect(parseStrip('bus/16')).toEqual({ kind: 'bus', n: 16 });
    for (const v of [0, 33, 1.5, '5', 'ch/7', 'ch/33', 'auxin/09', 'bus/17', 'dca/01', '/ch/01', null, {}]) {
      expect(parseStrip(v), String(v)).toBeUndefined();
    }
    expect(stripKey({ kind: 'auxin', n: 3 })).toBe('auxin/03');
  });
});
