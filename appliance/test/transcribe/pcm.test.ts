import { describe, expect, it } from 'vitest';
import {
  float32ToS16le,
  int16ToFloat32,
  msToSamples,
  s16leToFloat32,
  samplesToMs,
} from '../../src/transcribe/pcm.ts';

describe('PCM for whisper.cpp', () => {
  it('turns ffmpeg s16le into float32 in [-1, 1)', () => {
    const buf = Buffer.alloc(8);
    for (const [i, v] of [0, 32767, -32768, 16384].entries()) buf.writeInt16LE(v, i * 2);
    const f = s16leToFloat32(buf);
    expect(Array.from(f)).toEqual([0, 32767 / 32768, -1, 0.5]);
    expect(Array.from(int16ToFloat32(new Int16Array([0, 32767, -32768, 16384])))).toEqual(Array.from(f));
  });

  it('reads a Buffer that starts at an odd offset (pooled Buffers do) and ignores a trailing odd byte', () => {
    const backing = Buffer.alloc(9);
    const odd = backing.subarray(1);
    odd.writeInt16LE(-16384, 0);
    odd.writeInt16LE(8192, 2);
    expect(odd.byteOffset % 2).toBe(1);
    expect(Array.from(s16leToFloat32(odd))).toEqual([-0.5, 0.25, 0, 0]);
    expect(s16leToFloat32(Buffer.alloc(5)).length).toBe(2);
  });

  it('goes back to s16le with clipping, and counts time at 16 kHz', () => {
    const samples = new Float32Array([0, 0.5, -0.5, 1.5, -1.5]);
    const back = s16leToFloat32(float32ToS16le(samples));
    expect(Array.from(back).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 0.5, -0.5, 1, -1]);
    expect(samplesToMs(16000)).toBe(1000);
    expect(msToSamples(2500)).toBe(40000);
  });
});
