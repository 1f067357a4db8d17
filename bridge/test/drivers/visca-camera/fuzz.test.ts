// Seeded fuzz (level 0): 100k+ random chunks into the serial framer and 100k+ random datagrams into the
// VISCA-over-IP parser. Never a throw, never more than 16 bytes held, every intact packet exactly once
// in order, and the datagram parser agrees with the header rules (Sony "VISCA over IP") on every input.
import { describe, expect, it } from 'vitest';
import { IP_PAYLOAD_TYPES, parseIpDatagram, ViscaFramer } from '../../../src/drivers/visca-camera/framer.ts';
import { prng } from '../../helpers/prng.ts';

const CHUNKS = 100_000;

describe('ViscaFramer fuzz', () => {
  it('100k random chunks: no throw, bounded, every intact packet exactly once in order', () => {
    const rnd = prng(0x715ca0);
    const int = (n: number) => Math.floor(rnd() * n);
    // A marked packet: `90 50 7E 7D a b c FF`, a b c the 21-bit id in 7-bit bytes. Garbage forging one
    // with the right id needs six exact bytes in a row: about 2^-48 per position.
    const marked = (id: number) => [
      0x90,
      0x50,
      0x7e,
      0x7d,
      (id >> 14) & 0x7f,
      (id >> 7) & 0x7f,
      id & 0x7f,
      0xff,
    ];
    const idOf = (f: Buffer) =>
      f.length === 8 && f[0] === 0x90 && f[1] === 0x50 && f[2] === 0x7e && f[3] === 0x7d
        ? (f[4]! << 14) | (f[5]! << 7) | f[6]!
        : undefined;

    let stream: number[] = [];
    let last = 0xff;
    let next = 0;
    const expected: number[] = [];
    const addSegment = () => {
      const r = rnd();
      if (r < 0.45) {
        // After an FF the framer is between packets whatever came before: the packet must come out whole.
        if (last !== 0xff) stream.push(0xff);
        stream.push(...marked(next));
        expected.push(next++);
      } else if (r < 0.55) {
        // An over-long run: a header and 16-40 data bytes, maybe terminated.
        stream.push(0x90, ...Array.from({ length: 16 + int(25) }, () => int(0x7f)));
        if (rnd() < 0.5) stream.push(0xff);
      } else {
        // Garbage biased to what confuses a VISCA framer: FF, header bytes, short runs.
        const n = 1 + int(24);
        for (let i = 0; i < n; i++) {
          const k = rnd();
          stream.push(k < 0.15 ? 0xff : k < 0.35 ? 0x80 | int(0x7f) : int(256));
        }
      }
      last = stream.at(-1)!;
    };

    const framer = new ViscaFramer();
    const ids: number[] = [];
    let frames = 0;
    let discarded = 0;
    let fed = 0;
    let maxBuffered = 0;
    const started = performance.now();
    for (let c = 0; c < CHUNKS; c++) {
      while (stream.length < 64) addSegment();
      const size = 1 + int(64);
      const chunk = Buffer.from(stream.slice(0, size));
      stream = stream.slice(size);
      fed += chunk.length;
      const out = framer.push(chunk);
      maxBuffered = Math.max(maxBuffered, framer.bufferedBytes);
      discarded += out.discarded.length;
      for (const f of out.frames) {
        frames++;
        expect(f.length >= 3 && f.length <= 16 && f[0]! >= 0x80 && f.at(-1) === 0xff).toBe(true);
        const id = idOf(f);
        if (id !== undefined) ids.push(id);
      }
    }
    // Flush the tail: an FF ends whatever is pending.
    for (const f of framer.push(Buffer.from([...stream, 0xff])).frames) {
      const id = idOf(f);
      if (id !== undefined) ids.push(id);
    }
    const ms = performance.now() - started;
    console.log(
      `visca framer fuzz: ${CHUNKS} chunks, ${fed} bytes, ${frames} frames, ${discarded} discards in ${ms.toFixed(0)} ms`,
    );

    expect(maxBuffered).toBeLessThanOrEqual(16);
    // Exactly once, in order.
    expect(ids).toEqual(expected);
    expect(ids.length).toBeGreaterThan(50_000);
    expect(discarded).toBeGreaterThan(10_000);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('parseIpDatagram fuzz', () => {
  it('100k random datagrams: no throw, and the verdict follows the header rules', () => {
    const rnd = prng(0x1b_52381);
    const int = (n: number) => Math.floor(rnd() * n);
    const codes = new Set<number>(Object.values(IP_PAYLOAD_TYPES));
    const known = [...codes];
    const counts = new Map<string, number>();
    const started = performance.now();
    for (let n = 0; n < CHUNKS; n++) {
      // Half well-formed then possibly mutated, half pure noise.
      let d: Buffer;
      if (rnd() < 0.5) {
        const length = 1 + int(16);
        d = Buffer.alloc(8 + length);
        d.writeUInt16BE(known[int(known.length)]!, 0);
        d.writeUInt16BE(length, 2);
        d.writeUInt32BE(int(2 ** 32), 4);
        for (let i = 8; i < d.length; i++) d[i] = int(256);
        const m = rnd();
        if (m < 0.15) d = d.subarray(0, int(d.length));
        else if (m < 0.3) d = Buffer.concat([d, Buffer.alloc(1 + int(8), int(256))]);
        else if (m < 0.45) d[int(4)] = int(256);
      } else {
        d = Buffer.alloc(int(40));
        for (let i = 0; i < d.length; i++) d[i] = int(256);
      }
      const r = parseIpDatagram(d);
      counts.set(r.ok ? 'ok' : r.reason, (counts.get(r.ok ? 'ok' : r.reason) ?? 0) + 1);
      // The rules, written independently of the parser's order of checks.
      const valid =
        d.length >= 8 &&
        codes.has(d.readUInt16BE(0)) &&
        d.readUInt16BE(2) >= 1 &&
        d.readUInt16BE(2) <= 16 &&
        d.length - 8 === d.readUInt16BE(2);
      if (r.ok !== valid) throw new Error(`verdict ${r.ok} for ${d.toString('hex')}`);
      if (r.ok) {
        if (r.datagram.sequence !== d.readUInt32BE(4) || !r.datagram.payload.equals(d.subarray(8))) {
          throw new Error(`wrong fields for ${d.toString('hex')}`);
        }
      } else if (r.bytes !== d.length) throw new Error(`wrong byte count for ${d.toString('hex')}`);
    }
    const ms = performance.now() - started;
    console.log(
      `visca datagram fuzz: ${CHUNKS} datagrams in ${ms.toFixed(0)} ms`,
      Object.fromEntries(counts),
    );
    for (const reason of [
      'ok',
      'short_header',
      'truncated',
      'length_mismatch',
      'bad_length',
      'unknown_type',
    ]) {
      expect(counts.get(reason) ?? 0, reason).toBeGreaterThan(100);
    }
    expect(ms).toBeLessThan(10_000);
  });
});
