// Level 0 (ARCHITECTURE.md): serial VISCA bytes → packets, and VISCA-over-IP datagrams → messages,
// from fixtures. Byte layouts: Sony BRC-H900 / BRC-Z330 (packets 3-16 bytes, FF terminator) and
// SRG-300H / BRC-X400 ("VISCA over IP": 8-byte header, payload 1-16 bytes).
import { describe, expect, it } from 'vitest';
import {
  IP_PAYLOAD_TYPES,
  parseIpDatagram,
  type ViscaDiscard,
  ViscaFramer,
} from '../../../src/drivers/visca-camera/framer.ts';

const h = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const hexes = (frames: Buffer[]) =>
  frames.map((f) => f.toString('hex').toUpperCase().match(/../g)!.join(' '));

function feed(framer: ViscaFramer, ...chunks: (string | Buffer)[]) {
  const frames: Buffer[] = [];
  const discarded: ViscaDiscard[] = [];
  for (const c of chunks) {
    const out = framer.push(typeof c === 'string' ? h(c) : c);
    frames.push(...out.frames);
    discarded.push(...out.discarded);
  }
  return { frames: hexes(frames), discarded };
}

describe('ViscaFramer (serial VISCA)', () => {
  it('one packet per FF: ACK then completion in one chunk', () => {
    expect(feed(new ViscaFramer(), '9041FF 9051FF')).toEqual({
      frames: ['90 41 FF', '90 51 FF'],
      discarded: [],
    });
  });

  it('joins a packet split across chunks, byte by byte too', () => {
    expect(feed(new ViscaFramer(), '90', '50', '02', 'FF').frames).toEqual(['90 50 02 FF']);
    expect(feed(new ViscaFramer(), '9061', '41', 'FF90', '51', 'FF').frames).toEqual([
      '90 61 41 FF',
      '90 51 FF',
    ]);
  });

  it('skips noise between packets (no header bit, lone FF) and reports it once per run', () => {
    const out = feed(new ViscaFramer(), '00 01 7F FF FF', '9041FF', '12', '9051FF');
    expect(out.frames).toEqual(['90 41 FF', '90 51 FF']);
    expect(out.discarded).toEqual([
      { reason: 'garbage', bytes: 5 },
      { reason: 'garbage', bytes: 1 },
    ]);
  });

  it('a header followed at once by FF is too short (Sony: at least 3 bytes)', () => {
    expect(feed(new ViscaFramer(), '90FF 9041FF')).toEqual({
      frames: ['90 41 FF'],
      discarded: [{ reason: 'too_short', bytes: 2 }],
    });
  });

  it('keeps a 16-byte packet; drops 16 bytes without FF and resynchronises at the next FF', () => {
    const sixteen = `90 50 ${'01 '.repeat(13)} FF`;
    expect(feed(new ViscaFramer(), sixteen).frames).toHaveLength(1);
    const f = new ViscaFramer();
    const out = feed(f, `90 ${'01 '.repeat(20)}`, '02 FF 9041FF');
    expect(out.frames).toEqual(['90 41 FF']);
    expect(out.discarded).toEqual([{ reason: 'too_long', bytes: 23 }]);
    expect(f.bufferedBytes).toBe(0);
  });

  it('never buffers more than 16 bytes, whatever the flood', () => {
    const f = new ViscaFramer();
    for (let i = 0; i < 200; i++) {
      f.push(h('90 01 02 03 04 05 06 07'));
      expect(f.bufferedBytes).toBeLessThanOrEqual(16);
    }
    expect(feed(f, 'FF 9051FF').frames).toEqual(['90 51 FF']);
  });

  it('reset() forgets an unfinished packet; bad input is reported, never thrown', () => {
    const f = new ViscaFramer();
    f.push(h('90 41'));
    f.reset();
    expect(feed(f, '9051FF').frames).toEqual(['90 51 FF']);
    expect(f.push('90 41 FF' as unknown as Buffer)).toEqual({
      frames: [],
      discarded: [{ reason: 'not_bytes', bytes: 0 }],
    });
    expect(f.push(undefined as unknown as Buffer).discarded).toHaveLength(1);
  });
});

describe('parseIpDatagram (VISCA over IP)', () => {
  it('reads a reply datagram: type, sequence, payload', () => {
    const r = parseIpDatagram(h('01 11 00 03 00 00 00 2A 90 41 FF'));
    expect(r).toEqual({ ok: true, datagram: { type: 'reply', sequence: 42, payload: h('9041FF') } });
  });

  it('reads every documented payload type', () => {
    for (const [type, code] of Object.entries(IP_PAYLOAD_TYPES)) {
      const d = Buffer.concat([Buffer.from([code >> 8, code & 0xff, 0, 1, 0xff, 0xff, 0xff, 0xff]), h('01')]);
      expect(parseIpDatagram(d)).toMatchObject({ ok: true, datagram: { type, sequence: 0xffff_ffff } });
    }
  });

  it('the payload is a copy', () => {
    const d = h('01 11 00 03 00 00 00 01 90 51 FF');
    const r = parseIpDatagram(d);
    d[8] = 0;
    expect(r.ok && r.datagram.payload[0]).toBe(0x90);
  });

  it('reports every malformed datagram with a reason, and the sequence when the header was readable', () => {
    const cases: [string, string, number | undefined][] = [
      ['', 'short_header', undefined],
      ['01 11 00 03 00 00 00', 'short_header', undefined],
      ['01 11 00 03 00 00 00 07', 'truncated', 7],
      ['01 11 00 03 00 00 00 07 90 41', 'truncated', 7],
      ['01 11 00 03 00 00 00 07 90 41 FF FF', 'length_mismatch', 7],
      ['01 11 00 00 00 00 00 07', 'bad_length', 7],
      [`01 11 00 11 00 00 00 07 ${'00 '.repeat(17)}`, 'bad_length', 7],
      ['03 00 00 01 00 00 00 07 01', 'unknown_type', 7],
      ['01 12 00 01 00 00 00 07 01', 'unknown_type', 7],
    ];
    for (const [bytes, reason, sequence] of cases) {
      const r = parseIpDatagram(h(bytes));
      expect(r, bytes).toEqual({
        ok: false,
        reason,
        bytes: h(bytes).length,
        ...(sequence === undefined ? {} : { sequence }),
      });
    }
    expect(parseIpDatagram('x' as unknown as Buffer)).toEqual({ ok: false, reason: 'not_bytes', bytes: 0 });
  });

  it('a datagram that is a slice of a larger buffer is read at its own offset', () => {
    const big = h('AA AA 02 01 00 01 00 00 00 05 01 BB');
    const r = parseIpDatagram(big.subarray(2, 11));
    expect(r).toEqual({ ok: true, datagram: { type: 'control_reply', sequence: 5, payload: h('01') } });
  });
});
