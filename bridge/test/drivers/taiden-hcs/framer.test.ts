// Level 0 (ARCHITECTURE.md): unit → host bytes → frames, from fixtures, then a seeded fuzz run. Frame
// layouts are from shared/protocols/conference-systems.md, "Taiden HCS central-control protocol".
import { describe, expect, it } from 'vitest';
import { decode, type MicStreamLayout } from '../../../src/drivers/taiden-hcs/codec.ts';
import { type Discard, TaidenFramer } from '../../../src/drivers/taiden-hcs/framer.ts';
import { prng } from '../../helpers/prng.ts';

const b = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const h = (buf: Buffer) => buf.toString('hex').toUpperCase();

// Default layout: E6 state count + six 16-bit slots = 15 bytes.
const MIC_5_7 = 'E6 12 02 0005 0007 0000 0000 0000 0000';
const MIC_NONE = 'E6 30 00 0000 0000 0000 0000 0000 0000';
const VOTE = 'E3 0030 0014 0005 0003';
const CAM = 'E5 00 07';
const PANORAMA = 'E5 00 00';

describe('TaidenFramer fixtures', () => {
  it('cuts each frame kind by header and length', () => {
    const f = new TaidenFramer();
    expect(f.maxFrameBytes).toBe(15);
    for (const frame of [MIC_5_7, MIC_NONE, VOTE, CAM, PANORAMA]) {
      const out = f.push(b(frame));
      expect(out.frames.map(h)).toEqual([h(b(frame))]);
      expect(out.discarded).toEqual([]);
      expect(f.bufferedBytes).toBe(0);
    }
  });

  it('a frame split byte by byte comes out once, when whole', () => {
    const f = new TaidenFramer();
    const bytes = b(MIC_5_7);
    for (let i = 0; i < bytes.length - 1; i++) {
      expect(f.push(bytes.subarray(i, i + 1)).frames).toEqual([]);
      expect(f.bufferedBytes).toBe(i + 1);
    }
    expect(f.push(bytes.subarray(-1)).frames.map(h)).toEqual([h(bytes)]);
  });

  it('two (and three) frames in one chunk', () => {
    const f = new TaidenFramer();
    expect(f.push(b(MIC_5_7 + VOTE)).frames.map(h)).toEqual([h(b(MIC_5_7)), h(b(VOTE))]);
    const mic = b(MIC_NONE);
    const out = f.push(Buffer.concat([b(CAM + PANORAMA), mic.subarray(0, 5)]));
    expect(out.frames.map(h)).toEqual([h(b(CAM)), h(b(PANORAMA))]);
    expect(f.bufferedBytes).toBe(5);
    expect(f.push(mic.subarray(5)).frames.map(h)).toEqual([h(mic)]);
  });

  it('garbage between frames is skipped and counted as one run', () => {
    const f = new TaidenFramer();
    const out = f.push(b(`00 FF 41 0D 0A ${CAM} 11 22 33 ${VOTE} 99`));
    expect(out.frames.map(h)).toEqual([h(b(CAM)), h(b(VOTE))]);
    expect(out.discarded).toEqual<Discard[]>([
      { reason: 'no_header', bytes: 5, hex: '00 FF 41 0D 0A' },
      { reason: 'no_header', bytes: 3, hex: '11 22 33' },
      { reason: 'no_header', bytes: 1, hex: '99' },
    ]);
  });

  it('an impossible mic-state frame is a false header: a real frame inside it is still found', () => {
    const f = new TaidenFramer();
    // count 7 > 6 slots: E6 was noise; the E5 frame behind it comes out.
    let out = f.push(b(`E6 12 07 ${CAM}`));
    expect(out.frames.map(h)).toEqual([h(b(CAM))]);
    expect(out.discarded.map((d) => d.reason)).toEqual(['implausible', 'no_header']);
    // id 0 in a used slot, the same id twice, non-zero padding: all impossible.
    for (const bad of [
      'E6 11 01 0000 0000 0000 0000 0000 0000',
      'E6 12 02 0005 0005 0000 0000 0000 0000',
      'E6 11 01 0005 0001 0000 0000 0000 0000',
    ]) {
      out = f.push(b(bad));
      expect(out.frames, bad).toEqual([]);
      expect(out.discarded[0]?.reason, bad).toBe('implausible');
      expect(f.bufferedBytes).toBeLessThan(f.maxFrameBytes);
      f.reset();
    }
    // With strictPadding off, the padded frame is accepted.
    const lenient = new TaidenFramer({ micStream: { strictPadding: false } });
    const padded = b('E6 11 01 0005 0001 0000 0000 0000 0000');
    expect(lenient.push(padded).frames.map(h)).toEqual([h(padded)]);
  });

  it('a stray header followed by silence is dropped by time; what it swallowed is scanned again', () => {
    const f = new TaidenFramer({ staleMs: 100 });
    // E3 wants 9 bytes; the E5 frame after it is held inside the false vote frame.
    expect(f.push(b(`E3 ${CAM}`), 1000).frames).toEqual([]);
    expect(f.flush(1050).frames).toEqual([]); // not stale yet
    const out = f.flush(1100);
    expect(out.frames.map(h)).toEqual([h(b(CAM))]);
    expect(out.discarded).toEqual([{ reason: 'stale', bytes: 1, hex: 'E3 E5 00 07' }]);
    expect(f.bufferedBytes).toBe(0);
    // The same when the next bytes come late, instead of a flush: the stale frame goes first.
    f.push(b('E6 12 02 00'), 2000);
    const late = f.push(b(VOTE), 2500);
    expect(late.frames.map(h)).toEqual([h(b(VOTE))]);
    expect(late.discarded.map((d) => d.reason)).toEqual(['stale', 'no_header']);
  });

  it('count layout and 8-bit ids set the lengths', () => {
    const count = new TaidenFramer({ micStream: { layout: 'count', slots: 6 } });
    expect(count.maxFrameBytes).toBe(15);
    expect(count.push(b(`E6 11 01 0005 ${CAM} E6 10 00`)).frames.map(h)).toEqual([
      'E6110100' + '05',
      h(b(CAM)),
      'E61000',
    ]);
    expect(count.push(b('E6 17 07')).discarded[0]?.reason).toBe('implausible');
    const narrow = new TaidenFramer({ micStream: { idBytes: 1 } });
    expect(narrow.maxFrameBytes).toBe(9); // = the vote frame
    expect(narrow.push(b('E6 12 02 05 07 00 00 00 00')).frames).toHaveLength(1);
  });

  it('oversized and unknown input: bounded, never thrown', () => {
    const f = new TaidenFramer();
    const flood = Buffer.alloc(1 << 20, 0x55);
    const out = f.push(flood);
    expect(out.frames).toEqual([]);
    expect(out.discarded).toEqual([{ reason: 'no_header', bytes: 1 << 20, hex: '55 '.repeat(16).trim() }]);
    expect(f.bufferedBytes).toBe(0);
    expect(f.push('E6 12' as never).discarded).toEqual([{ reason: 'not_bytes', bytes: 0, hex: '' }]);
    expect(f.push(undefined as never).discarded[0]?.reason).toBe('not_bytes');
    expect(f.push(Buffer.alloc(0))).toEqual({ frames: [], discarded: [] });
    expect(f.push(b(CAM)).frames).toHaveLength(1);
  });

  it('bad configuration throws at construction, not in push', () => {
    expect(() => new TaidenFramer({ micStream: { slots: 0 } })).toThrow(RangeError);
    expect(() => new TaidenFramer({ micStream: { slots: 16 } })).toThrow(RangeError);
    expect(() => new TaidenFramer({ micStream: { idBytes: 3 as never } })).toThrow(RangeError);
    expect(() => new TaidenFramer({ micStream: { layout: 'x' as never } })).toThrow(RangeError);
    expect(() => new TaidenFramer({ staleMs: 0 })).toThrow(RangeError);
  });
});

const HEADERS = new Set([0xe3, 0xe5, 0xe6]);

function fuzz(layout: Partial<MicStreamLayout>, chunks: number, seed: number) {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const STALE = 50;
  const framer = new TaidenFramer({ micStream: layout, staleMs: STALE });
  const L = framer.layout;

  const validFrame = (): Buffer => {
    const kind = int(3);
    if (kind === 0) return Buffer.from([0xe3, ...Array.from({ length: 8 }, () => int(256))]);
    if (kind === 1) return Buffer.from([0xe5, int(256), int(256)]);
    const count = int(L.slots + 1);
    const ids = new Set<number>();
    while (ids.size < count) ids.add(1 + int(L.idBytes === 2 ? 65535 : 255));
    const bytes = [0xe6, int(256), count];
    const slots = L.layout === 'fixed' ? L.slots : count;
    const list = [...ids];
    for (let i = 0; i < slots; i++) {
      const id = list[i] ?? 0;
      if (L.idBytes === 2) bytes.push(id >> 8, id & 0xff);
      else bytes.push(id);
    }
    return Buffer.from(bytes);
  };
  /** Noise: `clean` never contains a header byte; dirty noise does (often), and is followed by a gap. */
  const noise = (clean: boolean): Buffer => {
    const g = Buffer.alloc(1 + int(40));
    for (let i = 0; i < g.length; i++) {
      let v = int(256);
      if (clean) while (HEADERS.has(v)) v = int(256);
      else if (rnd() < 0.2) v = [0xe3, 0xe5, 0xe6][int(3)]!;
      g[i] = v;
    }
    return g;
  };

  const expected: string[] = [];
  const got: string[] = [];
  const discarded: Discard[] = [];
  let now = 0;
  let fed = 0;
  let pushes = 0;
  let maxBuffered = 0;
  const t0 = performance.now();
  while (pushes < chunks) {
    // A run of frames and clean noise, cut at random points that ignore frame boundaries, ended by
    // dirty noise and a pause longer than staleMs (the only way a framer without checksum can tell).
    const run: Buffer[] = [];
    const segments = 1 + int(12);
    for (let s = 0; s < segments; s++) {
      if (rnd() < 0.6) {
        const frame = validFrame();
        expected.push(h(frame));
        run.push(frame);
      } else run.push(noise(true));
    }
    run.push(noise(false));
    const bytes = Buffer.concat(run);
    for (let i = 0; i < bytes.length; ) {
      const n = 1 + int(24);
      const chunk = bytes.subarray(i, i + n);
      fed += chunk.length;
      const out = framer.push(chunk, now);
      now += int(3); // well under staleMs inside a run
      i += n;
      pushes++;
      for (const f of out.frames) got.push(h(f));
      discarded.push(...out.discarded);
      maxBuffered = Math.max(maxBuffered, framer.bufferedBytes);
    }
    now += STALE + 1 + int(100);
    // Half the time the next bytes end the stale frame, half the time a flush does.
    if (rnd() < 0.5) {
      const out = framer.flush(now);
      for (const f of out.frames) got.push(h(f));
      discarded.push(...out.discarded);
    }
  }
  const ms = performance.now() - t0;

  // Every frame structurally valid, whether ours or one that noise happened to spell.
  for (const f of got) expect(decode(Buffer.from(f, 'hex'), L).type).not.toBe('unknown');
  // Every frame we embedded comes out, in order (noise may add frames of its own, never eat ours).
  let j = 0;
  for (const f of got) if (j < expected.length && f === expected[j]) j++;
  expect(j).toBe(expected.length);
  expect(maxBuffered).toBeLessThan(framer.maxFrameBytes);
  return { ms, pushes, fed, frames: got.length, expected: expected.length, discarded: discarded.length };
}

describe('TaidenFramer fuzz', () => {
  it('100k random chunks: never throws, stays bounded, every embedded frame once and in order', () => {
    const r = fuzz({}, 100_000, 0x7a1de4);
    console.log(
      `taiden framer fuzz (fixed 6×16): ${r.pushes} chunks, ${r.fed} bytes, ${r.frames} frames ` +
        `(${r.expected} embedded), ${r.discarded} discards, ${r.ms.toFixed(0)} ms`,
    );
    expect(r.ms).toBeLessThan(5000);
  });

  it('the same for the count layout with 8-bit ids', () => {
    const r = fuzz({ layout: 'count', idBytes: 1 }, 30_000, 0xc0ffee);
    console.log(
      `taiden framer fuzz (count ×8): ${r.pushes} chunks, ${r.frames} frames, ${r.ms.toFixed(0)} ms`,
    );
  });

  it('pure noise: no throw, bounded, only well-formed frames', () => {
    const rnd = prng(42);
    const framer = new TaidenFramer();
    let now = 0;
    for (let i = 0; i < 20_000; i++) {
      const chunk = Buffer.from(
        Array.from({ length: 1 + Math.floor(rnd() * 32) }, () => Math.floor(rnd() * 256)),
      );
      now += Math.floor(rnd() * 300);
      const out = framer.push(chunk, now);
      for (const f of out.frames) expect(decode(f).type).not.toBe('unknown');
      expect(framer.bufferedBytes).toBeLessThan(framer.maxFrameBytes);
    }
  });
});
