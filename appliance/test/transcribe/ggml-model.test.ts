// The project's own whisper.cpp model generator and the reader that checks files before the
// native loader sees them. The files live in temp dirs; none is committed.
import { closeSync, openSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fakeToken,
  fromF16Bits,
  inspectWhisperModel,
  ModelFormatError,
  melFilters,
  PRESETS,
  toF16Bits,
  writeWhisperModel,
} from '../../src/transcribe/ggml-model.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('ggml-model-');
afterAll(() => dir.cleanup());

describe('the ggml model generator', () => {
  it('writes the same bytes for the same seed, other bytes for another', () => {
    const a = writeWhisperModel(join(dir.path, 'a.bin'), { preset: 'tiny-test' });
    const b = writeWhisperModel(join(dir.path, 'b.bin'), { preset: 'tiny-test' });
    const c = writeWhisperModel(join(dir.path, 'c.bin'), { preset: 'tiny-test', seed: 2 });
    expect(a.sha256).toBe(b.sha256);
    expect(readFileSync(a.path).equals(readFileSync(b.path))).toBe(true);
    expect(c.sha256).not.toBe(a.sha256);
    expect(a.bytes).toBe(readFileSync(a.path).length);
    expect(a.bytes).toBeLessThan(10e6);
  });

  it('reads back what it wrote: tiny-test, and base q5_1 of the real size', () => {
    const tiny = writeWhisperModel(join(dir.path, 'tiny-test.bin'), { preset: 'tiny-test' });
    const info = inspectWhisperModel(tiny.path);
    expect(info.hparams).toEqual(PRESETS['tiny-test']);
    expect(info).toMatchObject({ weightType: 'f16', multilingual: true, storedTokens: 50257, tensors: 50 });
    expect(info.size).toBe('custom (1 layer)');

    const base = writeWhisperModel(join(dir.path, 'base-q5_1.bin'), { preset: 'base', weightType: 'q5_1' });
    const baseInfo = inspectWhisperModel(base.path);
    expect(baseInfo).toMatchObject({ size: 'base', weightType: 'q5_1', tensors: 245 });
    // OpenAI's base converted and quantised by whisper.cpp is 59.7 MB; the same tensors here.
    expect(base.bytes / 1e6).toBeGreaterThan(59);
    expect(base.bytes / 1e6).toBeLessThan(61);
  });

  it('refuses files whisper.cpp would refuse (or crash on), saying why', () => {
    const good = writeWhisperModel(join(dir.path, 'good.bin'), { preset: 'tiny-test' }).path;
    const bytes = readFileSync(good);

    const noise = join(dir.path, 'noise.bin');
    writeFileSync(noise, Buffer.alloc(4096, 7));
    expect(() => inspectWhisperModel(noise)).toThrow(/not a whisper.cpp ggml model/);

    const short = join(dir.path, 'short.bin');
    writeFileSync(short, bytes);
    truncateSync(short, bytes.length - 1000);
    expect(() => inspectWhisperModel(short)).toThrow(ModelFormatError);
    expect(() => inspectWhisperModel(short)).toThrow(/ends early/);

    // A wrong width in the header: every tensor has the wrong shape.
    const wide = join(dir.path, 'wide.bin');
    writeFileSync(wide, bytes);
    const fd = openSync(wide, 'r+');
    const width = Buffer.alloc(4);
    width.writeInt32LE(128);
    writeSync(fd, width, 0, 4, 3 * 4); // n_audio_state
    writeSync(fd, width, 0, 4, 7 * 4); // n_text_state
    closeSync(fd);
    expect(() => inspectWhisperModel(wide)).toThrow(/expected/);
  });

  it('has the helpers right: half floats, mel filters, the fake vocabulary', () => {
    for (const v of [0, 1, -2, 0.5, 0.0123, 65504, 1e-7]) {
      expect(fromF16Bits(toF16Bits(v))).toBeCloseTo(v, 3);
    }
    expect(toF16Bits(1)).toBe(0x3c00);
    expect(toF16Bits(-2)).toBe(0xc000);
    const filters = melFilters();
    expect(filters.length).toBe(80 * 201);
    for (let m = 0; m < 80; m++) {
      const row = filters.subarray(m * 201, (m + 1) * 201);
      expect(Math.min(...row)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...row)).toBeGreaterThan(0);
    }
    expect(fakeToken(220)).toBe(' ');
    expect(new Set(Array.from({ length: 1000 }, (_, i) => fakeToken(i))).size).toBe(1000);
  });
});
