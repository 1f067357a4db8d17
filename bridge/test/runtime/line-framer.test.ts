// Level 0 (ARCHITECTURE.md): bytes → lines from fixtures, then a seeded fuzz run. The line rules are the
// Shure DCS ones (shared/protocols/conference-systems.md: CR, LF or CRLF; ASCII lines).
import { describe, expect, it } from 'vitest';
import { type Discard, LineFramer } from '../../src/runtime/line-framer.ts';
import { prng } from '../helpers/prng.ts';

const b = (s: string) => Buffer.from(s, 'utf8');

function feed(framer: LineFramer, ...chunks: (string | Buffer)[]) {
  const frames: string[] = [];
  const discarded: Discard[] = [];
  for (const c of chunks) {
    const out = framer.push(typeof c === 'string' ? b(c) : c);
    frames.push(...out.frames);
    discarded.push(...out.discarded);
  }
  return { frames, discarded };
}

describe('LineFramer fixtures', () => {
  it('ends lines at CR, LF and CRLF, several per chunk', () => {
    expect(feed(new LineFramer(), 'mic_on 12\r\nmic_off 12\rmic_request_on 3\nmic_status_done\r\n')).toEqual({
      frames: ['mic_on 12', 'mic_off 12', 'mic_request_on 3', 'mic_status_done'],
      discarded: [],
    });
  });

  it('a CR at the end of one chunk and the LF at the start of the next make one line end', () => {
    const f = new LineFramer();
    expect(f.push(b('mic_on 12\r')).frames).toEqual(['mic_on 12']);
    expect(f.push(b('\nmic_off 12\r'))).toEqual({ frames: ['mic_off 12'], discarded: [] });
    expect(f.push(b('\n'))).toEqual({ frames: [], discarded: [] });
    expect(f.pendingBytes).toBe(0);
  });

  it('joins a line split across chunks, including inside a UTF-8 character', () => {
    const name = b('seat_number 7 active Zoë Müller\r\n');
    const at = name.indexOf(0xc3) + 1; // between the two bytes of ë
    expect(feed(new LineFramer(), name.subarray(0, at), name.subarray(at)).frames).toEqual([
      'seat_number 7 active Zoë Müller',
    ]);
    expect(feed(new LineFramer(), 'mic', '_o', 'n 1', '2', '\n').frames).toEqual(['mic_on 12']);
  });

  it('skips empty lines silently (CR CR, LF LF, LF CR)', () => {
    expect(feed(new LineFramer(), '\r\r\n\n\n\r\r\n', 'a\n\r\nb\r\r')).toEqual({
      frames: ['a', 'b'],
      discarded: [],
    });
  });

  it('keeps a line of exactly maxLineBytes; discards a longer one whole and resynchronises', () => {
    const f = new LineFramer({ maxLineBytes: 8 });
    expect(feed(f, '12345678\r\n')).toEqual({ frames: ['12345678'], discarded: [] });
    const out = feed(f, '123456789\r\nok\r\n');
    expect(out).toEqual({ frames: ['ok'], discarded: [{ reason: 'line_too_long', bytes: 9 }] });
  });

  it('never buffers more than the bound, counts a long line across chunks, reports it once at its end', () => {
    const f = new LineFramer({ maxLineBytes: 16 });
    for (let i = 0; i < 100; i++) {
      expect(f.push(b('xxxxxxxxxx'))).toEqual({ frames: [], discarded: [] });
      expect(f.bufferedBytes).toBeLessThanOrEqual(16);
    }
    expect(f.pendingBytes).toBe(1000);
    expect(feed(f, '\nmic_on 1\n')).toEqual({
      frames: ['mic_on 1'],
      discarded: [{ reason: 'line_too_long', bytes: 1000 }],
    });
  });

  it('discards a line with control bytes or DEL, keeps tabs', () => {
    const out = feed(
      new LineFramer(),
      Buffer.from([0x6d, 0x00, 0x69, 0x63, 0x0a]), // m NUL i c
      'ok 1\n',
      Buffer.from([0x41, 0x7f, 0x0d]),
      Buffer.from([0x1b, 0x5b, 0x41, 0x0a]), // ESC [ A
      'tab\there\n',
    );
    expect(out.frames).toEqual(['ok 1', 'tab\there']);
    expect(out.discarded).toEqual([
      { reason: 'control_bytes', bytes: 4 },
      { reason: 'control_bytes', bytes: 2 },
      { reason: 'control_bytes', bytes: 3 },
    ]);
  });

  it('discards a line with invalid UTF-8 (a lone 0xFF, a truncated sequence)', () => {
    const out = feed(
      new LineFramer(),
      Buffer.from([0x41, 0xff, 0x42, 0x0d, 0x0a]),
      Buffer.from([0x43, 0xc3, 0x0a]),
      'mic_on 5\r\n',
    );
    expect(out).toEqual({
      frames: ['mic_on 5'],
      discarded: [
        { reason: 'invalid_utf8', bytes: 3 },
        { reason: 'invalid_utf8', bytes: 2 },
      ],
    });
  });

  it('reset() forgets the unfinished line, also an over-long one being skipped', () => {
    const f = new LineFramer({ maxLineBytes: 4 });
    expect(f.push(b('mic_on 1\rhal')).frames).toEqual([]);
    f.reset();
    expect(f.pendingBytes).toBe(0);
    expect(feed(f, 'f\n')).toEqual({ frames: ['f'], discarded: [] });
    f.push(b('0123456789'));
    f.reset();
    expect(feed(f, 'ok\n')).toEqual({ frames: ['ok'], discarded: [] });
  });

  it('does not throw on input that is not bytes', () => {
    const f = new LineFramer();
    expect(f.push('mic_on 1\n' as unknown as Buffer)).toEqual({
      frames: [],
      discarded: [{ reason: 'not_bytes', bytes: 0 }],
    });
    expect(f.push(undefined as unknown as Buffer).discarded).toHaveLength(1);
    expect(() => new LineFramer({ maxLineBytes: 0 })).toThrow(RangeError);
  });
});

describe('LineFramer fuzz', () => {
  it('100k random chunks: never throws, stays bounded, every intact valid line exactly once in order', () => {
    const CHUNKS = 100_000;
    const MAX = 64;
    const rnd = prng(0x5eed_dc5);
    const int = (n: number) => Math.floor(rnd() * n);
    const TERMS = ['\r', '\n', '\r\n'];
    const WORDS = ['mic_on', 'mic_request_off', 'seat_number', 'Zoë', '€', 'ñ', 'x'];

    // The stream is built from segments, then cut at random points unrelated to the segments.
    const expected: string[] = [];
    let overLong = 0;
    let pending: Buffer[] = [];
    let pendingLen = 0;
    let lastByte = 0x0a;
    const emit = (buf: Buffer) => {
      if (buf.length === 0) return;
      pending.push(buf);
      pendingLen += buf.length;
      lastByte = buf[buf.length - 1]!;
    };
    const lineStart = () => {
      if (lastByte !== 0x0a && lastByte !== 0x0d) emit(b('\n'));
    };
    let id = 0;
    const addSegment = () => {
      const r = rnd();
      if (r < 0.55) {
        // A valid line with a marker garbage cannot forge (≈ 2^-64 per frame), fed intact between line ends.
        let text = `@@VALID:${id++}@@`;
        while (rnd() < 0.6) {
          const next = `${text} ${WORDS[int(WORDS.length)]}`;
          if (Buffer.byteLength(next) > MAX) break;
          text = next;
        }
        lineStart();
        emit(b(text + TERMS[int(3)]));
        expected.push(text);
      } else if (r < 0.6) {
        // Printable but over the bound: must be discarded whole, never surface as a frame.
        lineStart();
        emit(b(`${'@@LONG@@'.repeat(Math.ceil((MAX + 1 + int(3 * MAX)) / 8))}${TERMS[int(3)]}`));
        overLong++;
      } else {
        // Garbage: random bytes, biased to control bytes, 0xFF and line ends; no line end guaranteed.
        const g = Buffer.alloc(1 + int(40));
        for (let i = 0; i < g.length; i++) {
          const k = rnd();
          g[i] = k < 0.1 ? 0x0d : k < 0.2 ? 0x0a : k < 0.3 ? int(0x20) : k < 0.35 ? 0xff : int(256);
        }
        emit(g);
      }
    };

    const framer = new LineFramer({ maxLineBytes: MAX });
    const chunks: Buffer[] = [];
    const frames: string[] = [];
    const discarded: Discard[] = [];
    let fed = 0;
    let lineEnds = 0;
    const started = performance.now();
    for (let n = 0; n < CHUNKS; n++) {
      while (pendingLen < 64) addSegment();
      const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
      const size = rnd() < 0.02 ? 0 : 1 + int(48);
      const chunk = all.subarray(0, size);
      pending = [all.subarray(size)];
      pendingLen = all.length - size;
      chunks.push(chunk);
      fed += chunk.length;
      for (const x of chunk) if (x === 0x0a || x === 0x0d) lineEnds++;

      const out = framer.push(chunk); // a throw fails the test
      frames.push(...out.frames);
      discarded.push(...out.discarded);
      expect(framer.bufferedBytes).toBeLessThanOrEqual(MAX);
    }
    // Feed what is left of the generated segments, then a line end, so every segment was fed whole.
    const rest = Buffer.concat([...pending, b('\n')]);
    chunks.push(rest);
    fed += rest.length;
    for (const x of rest) if (x === 0x0a || x === 0x0d) lineEnds++;
    const tail = framer.push(rest);
    frames.push(...tail.frames);
    discarded.push(...tail.discarded);
    const ms = performance.now() - started;

    const valid = frames.filter((f) => f.includes('@@VALID:'));
    // Every valid line came out exactly once, in order, unchanged.
    expect(expected.length).toBeGreaterThan(10_000);
    expect(valid).toEqual(expected);
    expect(frames.some((f) => f.includes('@@LONG@@'))).toBe(false);
    for (const f of frames) {
      expect(f.length).toBeGreaterThan(0);
      for (const ch of f) {
        const code = ch.codePointAt(0)!;
        expect(code === 0x09 || (code >= 0x20 && code !== 0x7f && code !== 0xfffd)).toBe(true);
      }
      expect(Buffer.byteLength(f)).toBeLessThanOrEqual(MAX);
    }
    for (const d of discarded) {
      if (d.reason === 'line_too_long') expect(d.bytes).toBeGreaterThan(MAX);
      else {
        expect(d.bytes).toBeGreaterThan(0);
        expect(d.bytes).toBeLessThanOrEqual(MAX);
      }
    }
    expect(discarded.filter((d) => d.reason === 'line_too_long').length).toBeGreaterThanOrEqual(overLong);
    expect(new Set(discarded.map((d) => d.reason))).toEqual(
      new Set(['line_too_long', 'control_bytes', 'invalid_utf8']),
    );
    // Byte accounting: every byte fed is in a frame, in a discarded line, or a CR/LF.
    const frameBytes = frames.reduce((s, f) => s + Buffer.byteLength(f), 0);
    const discardBytes = discarded.reduce((s, d) => s + d.bytes, 0);
    expect(framer.pendingBytes).toBe(0);
    expect(frameBytes + discardBytes + lineEnds).toBe(fed);

    // Split invariance: the same bytes in one chunk give the same frames and discards.
    const whole = new LineFramer({ maxLineBytes: MAX }).push(Buffer.concat(chunks));
    expect(whole.frames).toEqual(frames);
    expect(whole.discarded).toEqual(discarded);

    console.log(
      `line-framer fuzz: ${CHUNKS} chunks, ${fed} bytes, ${frames.length} frames (${valid.length} tracked), ` +
        `${discarded.length} discarded, ${ms.toFixed(0)} ms`,
    );
  });
});
