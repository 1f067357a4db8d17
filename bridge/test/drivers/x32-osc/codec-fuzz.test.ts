// Level 0 fuzz: 120,000 seeded random datagrams into the decode path. Random bytes, valid X32
// messages and bundles, and the same mutated (bit flips, cuts, growth, spliced garbage). The
// decoder must never throw, must keep memory bounded, must report every datagram as messages or
// one `malformed`, and must decode every unmutated valid datagram exactly.
import { describe, expect, it } from 'vitest';
import { decodeDatagram, type X32Message } from '../../../src/drivers/x32-osc/codec.ts';
import { buildOscBundle, buildOscMessage } from '../../../src/drivers/x32-osc/simulator.ts';
import { prng } from '../../helpers/prng.ts';

const TYPES = new Set(['xinfo', 'info', 'status', 'on', 'fader', 'name', 'unknown', 'malformed']);

describe('decodeDatagram fuzz', () => {
  it('120k random datagrams: never throws, bounded memory, valid ones decoded exactly', () => {
    const N = 120_000;
    const rnd = prng(0x32_05c);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(a: readonly T[]) => a[int(a.length)]!;
    const two = (n: number) => String(n).padStart(2, '0');

    /** A valid message the X32 could send, and what it must decode to (its type). */
    const valid = (): [Buffer, string] => {
      const r = int(6);
      if (r === 0) return [buildOscMessage(`/ch/${two(1 + int(32))}/mix/on`, ['i', int(2)]), 'on'];
      if (r === 1) return [buildOscMessage(`/auxin/${two(1 + int(8))}/mix/fader`, ['f', rnd()]), 'fader'];
      if (r === 2)
        return [
          buildOscMessage(`/bus/${two(1 + int(16))}/config/name`, ['s', 'Mic ñ'.slice(0, int(6))]),
          'name',
        ];
      if (r === 3) {
        return [
          buildOscMessage('/xinfo', ['s', '10.0.0.1'], ['s', 'X32'], ['s', 'X32'], ['s', '4.06']),
          'xinfo',
        ];
      }
      if (r === 4)
        return [buildOscMessage('/status', ['s', 'active'], ['s', '10.0.0.1'], ['s', 'X32']), 'status'];
      return [
        buildOscMessage(pick(['/-stat/solosw/01', '/meters/1', '/ch/40/mix/on']), ['i', int(9)]),
        'unknown',
      ];
    };
    const mutate = (b: Buffer): Buffer => {
      const out = Buffer.from(b);
      switch (int(5)) {
        case 0: // flip a few bits
          for (let k = 1 + int(3); k > 0; k--) out[int(out.length)]! ^= 1 << int(8);
          return out;
        case 1: // cut anywhere
          return out.subarray(0, int(out.length));
        case 2: // grow with garbage
          return Buffer.concat([out, Buffer.from(Array.from({ length: 1 + int(12) }, () => int(256)))]);
        case 3: // overwrite a word with a big or negative size
          if (out.length >= 4)
            out.writeInt32BE(pick([-1, 0x7fffffff, 3, 1 << 20, -(1 << 30)]), int(out.length - 3));
          return out;
        default: // splice a random byte range into the middle
          return Buffer.concat([
            out.subarray(0, int(out.length)),
            Buffer.from(Array.from({ length: int(8) }, () => int(256))),
            out.subarray(int(out.length)),
          ]);
      }
    };

    let threw = 0;
    let malformed = 0;
    let messages = 0;
    let exact = 0;
    let validSent = 0;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const started = performance.now();
    for (let i = 0; i < N; i++) {
      const r = int(10);
      let datagram: Buffer;
      let expect: string[] | undefined;
      if (r < 3) {
        datagram = Buffer.from(Array.from({ length: int(96) }, () => int(256)));
        // Half of them look like OSC at first glance.
        if (datagram.length > 0 && int(2) === 0) datagram[0] = pick([0x2f, 0x23]);
      } else if (r < 5) {
        const [bytes, type] = valid();
        datagram = bytes;
        expect = [type];
      } else if (r < 6) {
        const parts = Array.from({ length: 1 + int(4) }, valid);
        datagram = buildOscBundle(...parts.map(([b]) => b));
        expect = parts.map(([, t]) => t);
      } else if (r < 9) {
        datagram = mutate(int(3) === 0 ? buildOscBundle(valid()[0], valid()[0]) : valid()[0]);
      } else {
        // Occasionally oversized; usually small garbage words.
        datagram =
          int(200) === 0 ? Buffer.alloc(9000 + int(60_000), int(256)) : Buffer.alloc(4 * int(8), int(256));
      }
      let out: X32Message[];
      try {
        out = decodeDatagram(datagram);
      } catch {
        threw++;
        continue;
      }
      if (expect) {
        validSent++;
        if (out.map((m) => m.type).join() === expect.join()) exact++;
      }
      for (const m of out) {
        if (!TYPES.has(m.type)) throw new Error(`unexpected type ${m.type}`);
        if (m.type === 'malformed') {
          malformed++;
          if (out.length !== 1 || typeof m.reason !== 'string' || m.length !== datagram.length) {
            throw new Error('a malformed result must be alone, with a reason and the length');
          }
        } else messages++;
        if (m.type === 'on' && typeof m.on !== 'boolean') throw new Error('on must be boolean');
        if (m.type === 'fader' && !(m.level >= 0 && m.level <= 1)) throw new Error('fader out of range');
      }
      if (i % 10_000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    const elapsed = performance.now() - started;
    const growthMiB = (heapPeak - heapBefore) / 2 ** 20;
    console.log(
      `x32 codec fuzz: ${N} datagrams in ${elapsed.toFixed(0)} ms (${((N / elapsed) * 1000).toFixed(0)}/s); ` +
        `${messages} messages, ${malformed} malformed, heap growth ${growthMiB.toFixed(1)} MiB`,
    );
    expect(threw).toBe(0);
    expect(validSent).toBeGreaterThan(20_000);
    expect(exact).toBe(validSent);
    // Both outcomes are exercised in bulk: the fuzz is not only rejecting, nor only accepting.
    expect(malformed).toBeGreaterThan(30_000);
    expect(messages).toBeGreaterThan(30_000);
    // The decoder is stateless: nothing accumulates across datagrams.
    expect(growthMiB).toBeLessThan(64);
    expect(elapsed).toBeLessThan(10_000);
  });
});
