// PCM for whisper.cpp: 16 kHz, mono, float32 in [-1, 1].
//
// The recorder asks ffmpeg for exactly that rate and layout (`-ar 16000 -ac 1 -f s16le`), so
// resampling and down-mixing happen in ffmpeg, which does them well (soxr/swr filters); nothing here
// resamples. A source at another rate must go through ffmpeg first: whisper.cpp assumes 16 kHz and
// would otherwise produce wrong timestamps and poor text, without any error.

export const SAMPLE_RATE = 16000;

/** Signed 16-bit little-endian samples (ffmpeg's s16le) to float32 in [-1, 1). A trailing odd byte is ignored. */
export function s16leToFloat32(buf: Uint8Array): Float32Array {
  const n = buf.length >>> 1;
  const out = new Float32Array(n);
  if (buf.byteOffset % 2 === 0) {
    // Node's pooled Buffers are often odd-aligned; Int16Array needs an even offset.
    const samples = new Int16Array(buf.buffer, buf.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = samples[i]! / 32768;
  } else {
    const view = new DataView(buf.buffer, buf.byteOffset, n * 2);
    for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, true) / 32768;
  }
  return out;
}

/** Int16 samples (as windows.ts may hold them) to float32 in [-1, 1). */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}

/** Float32 samples to s16le (clipped), e.g. to write test audio that ffmpeg reads back. */
export function float32ToS16le(samples: Float32Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]!));
    out.writeInt16LE(Math.round(v < 0 ? v * 32768 : v * 32767), i * 2);
  }
  return out;
}

/** Duration in milliseconds of a number of 16 kHz samples. */
export function samplesToMs(samples: number): number {
  return (samples * 1000) / SAMPLE_RATE;
}

/** Number of 16 kHz samples in a duration. */
export function msToSamples(ms: number): number {
  return Math.round((ms * SAMPLE_RATE) / 1000);
}
