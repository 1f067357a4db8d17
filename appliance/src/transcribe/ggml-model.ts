// whisper.cpp's ggml model files: the project's own generator and a reader that checks a file
// before the native loader sees it.
//
// Real Whisper weights cannot be fetched on these machines, so tests and benchmarks run on files made
// here (docs/transcription.md "Model files"):
// - `tiny-test`: 1 layer, width 64, seeded random weights and a fake vocabulary. It loads in
//   whisper.cpp in ~100 ms and gives the same (meaningless) text on every run: plumbing tests.
// - `tiny`, `base`, `small`: the real dimensions with seeded random weights: real compute and memory
//   for speed benchmarks, no accuracy (random weights babble).
//
// The format (little-endian), as whisper.cpp's `whisper_model_load` reads it:
//   int32 magic 0x67676d6c; int32 × 11 hyper-parameters (n_vocab, n_audio_ctx, n_audio_state,
//   n_audio_head, n_audio_layer, n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype);
//   int32 n_mel, int32 n_fft, n_mel × n_fft float32 mel filters; int32 token count, then per token
//   (uint32 length, bytes); then the tensors until the end of the file, each as int32 n_dims,
//   int32 name length, int32 type, int32 × n_dims dimensions in ggml order (fastest first), the name,
//   the raw data.
// The large matrices are stored in the file's weight type (f16 or a quantisation), convolutions in
// f16 (f32 in an all-f32 file), everything else (biases, norms, positional embeddings) in f32: the
// same table as whisper.cpp's loader, which refuses a tensor of another size.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';

export const GGML_MAGIC = 0x67676d6c;
/** Quantised files carry `ftype + GGML_QNT_VERSION × 1000` (ggml's quantisation format version). */
const GGML_QNT_VERSION = 2;
const GGML_QNT_VERSION_FACTOR = 1000;

export type WeightType = 'f32' | 'f16' | 'q8_0' | 'q5_1';

/** ggml tensor type ids (enum ggml_type), and the file's `ftype` (enum ggml_ftype) per weight type. */
const TENSOR_TYPE = { f32: 0, f16: 1, q5_1: 7, q8_0: 8 } as const;
const FTYPE: Record<WeightType, number> = { f32: 0, f16: 1, q8_0: 7, q5_1: 9 };
/** Elements per block and bytes per block of each tensor type. */
const BLOCK: Record<number, { elements: number; bytes: number; name: string }> = {
  0: { elements: 1, bytes: 4, name: 'f32' },
  1: { elements: 1, bytes: 2, name: 'f16' },
  2: { elements: 32, bytes: 18, name: 'q4_0' },
  3: { elements: 32, bytes: 20, name: 'q4_1' },
  6: { elements: 32, bytes: 22, name: 'q5_0' },
  7: { elements: 32, bytes: 24, name: 'q5_1' },
  8: { elements: 32, bytes: 34, name: 'q8_0' },
};
/** The weight type of each `ftype` whisper.cpp accepts (after removing the quantisation version). */
const WTYPE_OF_FTYPE: Record<number, number> = { 0: 0, 1: 1, 2: 2, 3: 3, 7: 8, 8: 6, 9: 7 };

export interface WhisperHyperParams {
  nVocab: number;
  nAudioCtx: number;
  nAudioState: number;
  nAudioHead: number;
  nAudioLayer: number;
  nTextCtx: number;
  nTextState: number;
  nTextHead: number;
  nTextLayer: number;
  nMels: number;
}

export type ModelPreset = 'tiny-test' | 'tiny' | 'base' | 'small';

const multilingual = { nVocab: 51865, nAudioCtx: 1500, nTextCtx: 448, nMels: 80 };
/** Dimensions of the presets; tiny, base and small are OpenAI's (multilingual vocabulary). */
export const PRESETS: Record<ModelPreset, WhisperHyperParams> = {
  'tiny-test': {
    ...multilingual,
    nAudioState: 64,
    nAudioHead: 1,
    nAudioLayer: 1,
    nTextState: 64,
    nTextHead: 1,
    nTextLayer: 1,
  },
  tiny: {
    ...multilingual,
    nAudioState: 384,
    nAudioHead: 6,
    nAudioLayer: 4,
    nTextState: 384,
    nTextHead: 6,
    nTextLayer: 4,
  },
  base: {
    ...multilingual,
    nAudioState: 512,
    nAudioHead: 8,
    nAudioLayer: 6,
    nTextState: 512,
    nTextHead: 8,
    nTextLayer: 6,
  },
  small: {
    ...multilingual,
    nAudioState: 768,
    nAudioHead: 12,
    nAudioLayer: 12,
    nTextState: 768,
    nTextHead: 12,
    nTextLayer: 12,
  },
};

/** The size whisper.cpp reports for a file, from its number of encoder layers. */
export function sizeName(h: WhisperHyperParams): string {
  const byLayers: Record<number, string> = { 4: 'tiny', 6: 'base', 12: 'small', 24: 'medium', 32: 'large' };
  return byLayers[h.nAudioLayer] ?? `custom (${h.nAudioLayer} layer${h.nAudioLayer === 1 ? '' : 's'})`;
}

/** Tokens stored in a multilingual file; whisper.cpp adds the special tokens up to n_vocab itself. */
const STORED_TOKENS = 50257;
/** The end-of-text token id (whisper.cpp shifts it by one in multilingual vocabularies). */
export function eotId(h: WhisperHyperParams): number {
  return h.nVocab >= 51865 ? 50257 : 50256;
}
/** whisper.cpp looks up the token `" "` by text when it suppresses blanks (and aborts without it). */
const SPACE_TOKEN_ID = 220;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

/** A 32-bit hash of a string (FNV-1a), to give every tensor its own stream from one seed. */
function hash32(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** mulberry32: small, fast and good enough for weights nobody reads. Returns uint32 values. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
/** IEEE half-precision bits of a number (round to nearest even; no NaN handling needed here). */
export function toF16Bits(value: number): number {
  f32Scratch[0] = value;
  const x = u32Scratch[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    if (rest > half || (rest === half && r & 1)) r++;
    return sign | r;
  }
  let r = mant >>> 13;
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && r & 1)) {
    r++;
    if (r === 0x400) {
      r = 0;
      e++;
      if (e >= 0x1f) return sign | 0x7c00;
    }
  }
  return sign | (e << 10) | r;
}

/** The number an IEEE half-precision bit pattern stands for. */
export function fromF16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

// ---------------------------------------------------------------------------------------------
// Tensors

type Role = 'weight' | 'conv' | 'f32';
type Fill = { kind: 'random'; amplitude: number } | { kind: 'const'; value: number } | { kind: 'sinusoids' };
interface TensorSpec {
  name: string;
  /** Dimensions in ggml order (ne[0], the fastest-moving, first). */
  ne: number[];
  role: Role;
  fill: Fill;
  /** Rows (along ne[1]) that hold one value in every element, written over the fill. */
  constRows?: { row: number; value: number }[];
}

/**
 * Every tensor whisper.cpp expects, in the order OpenAI's conversion script writes them. With
 * `babble`, the decoder never chooses end-of-text: the final norm's bias is all ones, so its output
 * x always has x·1 = width (a norm's output has zero mean), and the end-of-text embedding row is the
 * constant -1/√width, whose logit is then -√width (about -23 for base) while random text tokens score
 * around 0. Decoding then runs to `max_tokens`: a fixed, known number of decoded tokens per window.
 */
export function tensorSpecs(h: WhisperHyperParams, babble = false): TensorSpec[] {
  const a = h.nAudioState;
  const t = h.nTextState;
  // Uniform weights of about 1/sqrt(fan-in): activations keep their scale through the layers.
  const w = (name: string, ne: number[]): TensorSpec => ({
    name,
    ne,
    role: 'weight',
    fill: { kind: 'random', amplitude: Math.sqrt(3 / ne[0]!) },
  });
  const bias = (name: string, n: number): TensorSpec => ({
    name,
    ne: [n],
    role: 'f32',
    fill: { kind: 'random', amplitude: 0.02 },
  });
  const norm = (prefix: string, n: number): TensorSpec[] => [
    { name: `${prefix}.weight`, ne: [n], role: 'f32', fill: { kind: 'const', value: 1 } },
    { name: `${prefix}.bias`, ne: [n], role: 'f32', fill: { kind: 'const', value: 0 } },
  ];
  const attention = (prefix: string, n: number): TensorSpec[] => [
    w(`${prefix}.query.weight`, [n, n]),
    bias(`${prefix}.query.bias`, n),
    w(`${prefix}.key.weight`, [n, n]),
    w(`${prefix}.value.weight`, [n, n]),
    bias(`${prefix}.value.bias`, n),
    w(`${prefix}.out.weight`, [n, n]),
    bias(`${prefix}.out.bias`, n),
  ];
  const mlp = (prefix: string, n: number): TensorSpec[] => [
    ...norm(`${prefix}.mlp_ln`, n),
    w(`${prefix}.mlp.0.weight`, [n, 4 * n]),
    bias(`${prefix}.mlp.0.bias`, 4 * n),
    w(`${prefix}.mlp.2.weight`, [4 * n, n]),
    bias(`${prefix}.mlp.2.bias`, n),
  ];

  const specs: TensorSpec[] = [
    { name: 'encoder.positional_embedding', ne: [a, h.nAudioCtx], role: 'f32', fill: { kind: 'sinusoids' } },
    {
      name: 'encoder.conv1.weight',
      ne: [3, h.nMels, a],
      role: 'conv',
      fill: { kind: 'random', amplitude: Math.sqrt(3 / (3 * h.nMels)) },
    },
    { name: 'encoder.conv1.bias', ne: [1, a], role: 'f32', fill: { kind: 'random', amplitude: 0.02 } },
    {
      name: 'encoder.conv2.weight',
      ne: [3, a, a],
      role: 'conv',
      fill: { kind: 'random', amplitude: Math.sqrt(3 / (3 * a)) },
    },
    { name: 'encoder.conv2.bias', ne: [1, a], role: 'f32', fill: { kind: 'random', amplitude: 0.02 } },
  ];
  for (let i = 0; i < h.nAudioLayer; i++) {
    const p = `encoder.blocks.${i}`;
    specs.push(...norm(`${p}.attn_ln`, a), ...attention(`${p}.attn`, a), ...mlp(p, a));
  }
  specs.push(...norm('encoder.ln_post', a));
  specs.push(
    {
      name: 'decoder.positional_embedding',
      ne: [t, h.nTextCtx],
      role: 'f32',
      fill: { kind: 'random', amplitude: 0.02 },
    },
    {
      name: 'decoder.token_embedding.weight',
      ne: [t, h.nVocab],
      role: 'weight',
      fill: { kind: 'random', amplitude: 0.05 },
      ...(babble ? { constRows: [{ row: eotId(h), value: -1 / Math.sqrt(t) }] } : {}),
    },
  );
  for (let i = 0; i < h.nTextLayer; i++) {
    const p = `decoder.blocks.${i}`;
    specs.push(
      ...norm(`${p}.attn_ln`, t),
      ...attention(`${p}.attn`, t),
      ...norm(`${p}.cross_attn_ln`, t),
      ...attention(`${p}.cross_attn`, t),
      ...mlp(p, t),
    );
  }
  const finalNorm = norm('decoder.ln', t);
  if (babble) finalNorm[1]!.fill = { kind: 'const', value: 1 };
  specs.push(...finalNorm);
  return specs;
}

function tensorTypeOf(role: Role, weight: WeightType): number {
  if (role === 'f32' || weight === 'f32') return TENSOR_TYPE.f32;
  if (role === 'conv') return TENSOR_TYPE.f16;
  return TENSOR_TYPE[weight];
}

function tensorBytes(ne: number[], type: number): number {
  const block = BLOCK[type];
  if (!block) throw new Error(`tensor type ${type} is not supported here`);
  const n = ne.reduce((x, y) => x * y, 1);
  if (ne[0]! % block.elements !== 0) throw new Error(`rows of ${ne[0]} are not whole ${block.name} blocks`);
  return (n / block.elements) * block.bytes;
}

/** The raw data of one tensor. */
function tensorData(spec: TensorSpec, type: number, seed: number): Buffer {
  const data = filledData(spec, type, seed);
  const rowElements = spec.ne[0]!;
  for (const { row, value } of spec.constRows ?? []) {
    const block = BLOCK[type]!;
    const start = (row * rowElements * block.bytes) / block.elements;
    const end = start + (rowElements * block.bytes) / block.elements;
    if (type === TENSOR_TYPE.f32) for (let o = start; o < end; o += 4) data.writeFloatLE(value, o);
    else if (type === TENSOR_TYPE.f16)
      for (let o = start; o < end; o += 2) data.writeUInt16LE(toF16Bits(value), o);
    else if (type === TENSOR_TYPE.q5_1) {
      // d = 0, m = value: every element is the value whatever the quants say.
      for (let o = start; o < end; o += 24) data.writeUInt32LE((toF16Bits(value) << 16) >>> 0, o);
    } else if (type === TENSOR_TYPE.q8_0) {
      for (let o = start; o < end; o += 34) {
        data.writeUInt16LE(toF16Bits(Math.abs(value) / 127), o);
        data.fill(value < 0 ? 0x81 : 0x7f, o + 2, o + 34); // ∓127
      }
    }
  }
  return data;
}

function filledData(spec: TensorSpec, type: number, seed: number): Buffer {
  const n = spec.ne.reduce((x, y) => x * y, 1);
  const next = rng(hash32(spec.name, seed));
  const { fill } = spec;
  if (type === TENSOR_TYPE.f32) {
    const out = new Float32Array(n);
    if (fill.kind === 'const') out.fill(fill.value);
    else if (fill.kind === 'sinusoids') writeSinusoids(out, spec.ne[0]!, spec.ne[1]!);
    else for (let i = 0; i < n; i++) out[i] = ((next() / 0x100000000) * 2 - 1) * fill.amplitude;
    return Buffer.from(out.buffer);
  }
  if (fill.kind !== 'random') throw new Error(`${spec.name}: only random tensors are stored below f32`);
  const amp = fill.amplitude;
  if (type === TENSOR_TYPE.f16) {
    // Uniform in [-amp, amp] on a grid of 2^15 steps, converted through a lookup table.
    const steps = 1 << 15;
    const table = new Uint16Array(steps);
    for (let i = 0; i < steps; i++) table[i] = toF16Bits(((i + 0.5) / steps) * 2 * amp - amp);
    const out = new Uint16Array(n);
    for (let i = 0; i + 1 < n; i += 2) {
      const r = next();
      out[i] = table[r & 0x7fff]!;
      out[i + 1] = table[(r >>> 16) & 0x7fff]!;
    }
    if (n % 2) out[n - 1] = table[next() & 0x7fff]!;
    return Buffer.from(out.buffer);
  }
  const block = BLOCK[type]!;
  const out = Buffer.alloc((n / block.elements) * block.bytes);
  const words = new Uint32Array(out.buffer, out.byteOffset, out.length >>> 2);
  if (type === TENSOR_TYPE.q5_1) {
    // block_q5_1: f16 d, f16 m, uint8 qh[4], uint8 qs[16]; x = d·q + m with q in 0..31.
    const dm = toF16Bits((2 * amp) / 31) | (toF16Bits(-amp) << 16);
    for (let b = 0; b < words.length; b += 6) {
      words[b] = dm;
      for (let k = 1; k < 6; k++) words[b + k] = next();
    }
    return out;
  }
  if (type === TENSOR_TYPE.q8_0) {
    // block_q8_0: f16 d, int8 qs[32]; x = d·q. 34 bytes, so written byte by byte.
    const d = toF16Bits(amp / 127);
    for (let off = 0; off < out.length; off += 34) {
      out.writeUInt16LE(d, off);
      for (let k = 0; k < 32; k += 4) out.writeUInt32LE(next(), off + 2 + k);
    }
    return out;
  }
  throw new Error(`tensor type ${type} is not generated here`);
}

/** Whisper's encoder positional embedding: sin over the first half of the channels, cos over the rest. */
function writeSinusoids(out: Float32Array, channels: number, length: number): void {
  const half = channels / 2;
  const increment = Math.log(10000) / (half - 1);
  for (let t = 0; t < length; t++) {
    for (let c = 0; c < half; c++) {
      const x = t * Math.exp(-increment * c);
      out[t * channels + c] = Math.sin(x);
      out[t * channels + half + c] = Math.cos(x);
    }
  }
}

/** librosa's Slaney-style mel filter bank (what OpenAI's Whisper uses): n_mels × (n_fft/2 + 1). */
export function melFilters(nMels = 80, nFft = 400, sampleRate = 16000): Float32Array {
  const bins = nFft / 2 + 1;
  const fSp = 200 / 3;
  const minLogHz = 1000;
  const minLogMel = minLogHz / fSp;
  const logStep = Math.log(6.4) / 27;
  const hzToMel = (f: number) => (f < minLogHz ? f / fSp : minLogMel + Math.log(f / minLogHz) / logStep);
  const melToHz = (m: number) => (m < minLogMel ? m * fSp : minLogHz * Math.exp(logStep * (m - minLogMel)));
  const maxMel = hzToMel(sampleRate / 2);
  const melHz = Array.from({ length: nMels + 2 }, (_, i) => melToHz((maxMel * i) / (nMels + 1)));
  const out = new Float32Array(nMels * bins);
  for (let m = 0; m < nMels; m++) {
    const [lo, mid, hi] = [melHz[m]!, melHz[m + 1]!, melHz[m + 2]!];
    const norm = 2 / (hi - lo);
    for (let k = 0; k < bins; k++) {
      const f = (k * sampleRate) / nFft;
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      out[m * bins + k] = w * norm;
    }
  }
  return out;
}

/** Fake but pronounceable ASCII words, one per token id; id 220 is " " as in the real vocabulary. */
export function fakeToken(id: number): string {
  if (id === SPACE_TOKEN_ID) return ' ';
  const onsets = ['b', 'c', 'd', 'g', 'h', 'k', 'l', 'm', 'n', 'ph', 'qu', 'r', 's', 't', 'th', 'v'];
  const rhymes = [
    'a',
    'ai',
    'an',
    'ang',
    'ao',
    'e',
    'em',
    'i',
    'inh',
    'o',
    'oi',
    'ong',
    'u',
    'ung',
    'uy',
    'y',
  ];
  const syllable = (k: number) => onsets[k % 16]! + rhymes[(k >>> 4) % 16]!;
  return id < 256 ? ` ${syllable(id)}` : ` ${syllable(id)}${syllable(id >>> 8)}`;
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface GenerateModelOptions {
  preset: ModelPreset;
  /** Weight type of the large matrices; default f16. */
  weightType?: WeightType;
  /** Seed of the random weights; the same seed gives the same bytes. Default 1. */
  seed?: number;
  /** Never end a segment by itself (see tensorSpecs): for benchmarks with a fixed token count. */
  babble?: boolean;
}

export interface GeneratedModel {
  path: string;
  bytes: number;
  sha256: string;
  preset: ModelPreset;
  weightType: WeightType;
  seed: number;
  babble: boolean;
  hparams: WhisperHyperParams;
  tensors: number;
}

function int32s(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) b.writeInt32LE(v, i * 4);
  return b;
}

/**
 * Writes a whisper.cpp model with seeded random weights to `path` (through a temporary file in the
 * same directory, renamed at the end). Synchronous: meant for scripts and tests, not the room's loop.
 */
export function writeWhisperModel(path: string, options: GenerateModelOptions): GeneratedModel {
  const h = PRESETS[options.preset];
  const weightType = options.weightType ?? 'f16';
  const seed = options.seed ?? 1;
  const ftype =
    FTYPE[weightType] + (weightType.startsWith('q') ? GGML_QNT_VERSION * GGML_QNT_VERSION_FACTOR : 0);
  const hash = createHash('sha256');
  const tmp = `${path}.${process.pid}.partial`;
  const fd = openSync(tmp, 'w');
  let bytes = 0;
  const write = (b: Buffer) => {
    hash.update(b);
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    bytes += b.length;
  };
  const babble = options.babble ?? false;
  const specs = tensorSpecs(h, babble);
  try {
    write(
      int32s(
        GGML_MAGIC,
        h.nVocab,
        h.nAudioCtx,
        h.nAudioState,
        h.nAudioHead,
        h.nAudioLayer,
        h.nTextCtx,
        h.nTextState,
        h.nTextHead,
        h.nTextLayer,
        h.nMels,
        ftype,
      ),
    );
    const filters = melFilters(h.nMels);
    write(int32s(h.nMels, filters.length / h.nMels));
    write(Buffer.from(filters.buffer));
    const vocab: Buffer[] = [int32s(STORED_TOKENS)];
    for (let id = 0; id < STORED_TOKENS; id++) {
      const text = Buffer.from(fakeToken(id), 'utf8');
      vocab.push(int32s(text.length), text);
    }
    write(Buffer.concat(vocab));
    for (const spec of specs) {
      const type = tensorTypeOf(spec.role, weightType);
      const name = Buffer.from(spec.name, 'utf8');
      const data = tensorData(spec, type, seed);
      if (data.length !== tensorBytes(spec.ne, type)) throw new Error(`${spec.name}: wrong data size`);
      write(Buffer.concat([int32s(spec.ne.length, name.length, type, ...spec.ne), name]));
      write(data);
    }
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    try {
      closeSync(fd);
    } catch {}
    rmSync(tmp, { force: true });
    throw err;
  }
  return {
    path,
    bytes,
    sha256: hash.digest('hex'),
    preset: options.preset,
    weightType,
    seed,
    babble,
    hparams: h,
    tensors: specs.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A file that is not a whisper.cpp model whisper.cpp would load. */
export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

export interface ModelFileInfo {
  path: string;
  bytes: number;
  hparams: WhisperHyperParams;
  /** The tensor type name of the large matrices (f16, q5_1, …). */
  weightType: string;
  /** whisper.cpp's name for the size (tiny, base, …) from the number of layers. */
  size: string;
  multilingual: boolean;
  /** Tokens stored in the file (whisper.cpp adds the special ones). */
  storedTokens: number;
  tensors: number;
}

/** Reads a file in pieces, with bounds checks that turn into ModelFormatError. */
class Reader {
  private pos = 0;
  private buf = Buffer.alloc(0);
  private bufStart = 0;
  private readonly fd: number;
  readonly size: number;
  constructor(fd: number, size: number) {
    this.fd = fd;
    this.size = size;
  }
  get offset(): number {
    return this.pos;
  }
  private fill(n: number): void {
    if (this.pos + n > this.size) throw new ModelFormatError(`the file ends early (at byte ${this.size})`);
    if (this.pos >= this.bufStart && this.pos + n <= this.bufStart + this.buf.length) return;
    const len = Math.min(Math.max(n, 1 << 20), this.size - this.pos);
    this.buf = Buffer.alloc(len);
    readSync(this.fd, this.buf, 0, len, this.pos);
    this.bufStart = this.pos;
  }
  int32(): number {
    this.fill(4);
    const v = this.buf.readInt32LE(this.pos - this.bufStart);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.fill(n);
    const start = this.pos - this.bufStart;
    this.pos += n;
    return this.buf.subarray(start, start + n);
  }
  skip(n: number): void {
    if (this.pos + n > this.size) throw new ModelFormatError(`the file ends early (at byte ${this.size})`);
    this.pos += n;
  }
}

/**
 * Checks a model file the way whisper.cpp's loader will, without loading the weights: the header,
 * the vocabulary (which must hold `" "`), and every tensor's name, shape, type and size, up to the
 * end of the file. Throws ModelFormatError with the reason. whisper.cpp itself crashes the process
 * on some of these (smart-whisper dereferences the null context of a failed load), so the worker
 * asks this first.
 */
export function inspectWhisperModel(path: string): ModelFileInfo {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const r = new Reader(fd, size);
    if (size < 12 * 4) throw new ModelFormatError('too short to be a whisper.cpp model');
    const magic = r.int32() >>> 0;
    if (magic !== GGML_MAGIC) {
      throw new ModelFormatError(
        `not a whisper.cpp ggml model (magic 0x${magic.toString(16).padStart(8, '0')})`,
      );
    }
    const [
      nVocab,
      nAudioCtx,
      nAudioState,
      nAudioHead,
      nAudioLayer,
      nTextCtx,
      nTextState,
      nTextHead,
      nTextLayer,
      nMels,
    ] = Array.from({ length: 10 }, () => r.int32()) as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const hparams: WhisperHyperParams = {
      nVocab,
      nAudioCtx,
      nAudioState,
      nAudioHead,
      nAudioLayer,
      nTextCtx,
      nTextState,
      nTextHead,
      nTextLayer,
      nMels,
    };
    for (const [k, v] of Object.entries(hparams)) {
      if (!(v > 0 && v < 1 << 20)) throw new ModelFormatError(`implausible ${k} ${v}`);
    }
    if (nAudioState !== nTextState) throw new ModelFormatError('audio and text widths differ');
    if (nAudioState % nAudioHead || nTextState % nTextHead)
      throw new ModelFormatError('width not divisible by heads');
    const ftype = r.int32() % GGML_QNT_VERSION_FACTOR;
    const wtype = WTYPE_OF_FTYPE[ftype];
    if (wtype === undefined) throw new ModelFormatError(`unsupported ftype ${ftype}`);
    const nMel = r.int32();
    const nFft = r.int32();
    if (!(nMel > 0 && nMel <= 512 && nFft > 0 && nFft <= 4096)) {
      throw new ModelFormatError(`implausible mel filters ${nMel}×${nFft}`);
    }
    r.skip(nMel * nFft * 4);
    const storedTokens = r.int32();
    if (storedTokens < 0 || storedTokens > nVocab)
      throw new ModelFormatError(`bad token count ${storedTokens}`);
    let hasSpace = false;
    for (let i = 0; i < storedTokens; i++) {
      const len = r.int32();
      if (len < 0 || len > 1024) throw new ModelFormatError(`bad length ${len} of token ${i}`);
      if (len === 1) hasSpace ||= r.bytes(1)[0] === 0x20;
      else r.skip(len);
    }
    if (!hasSpace) throw new ModelFormatError('the vocabulary has no " " token (whisper.cpp needs it)');

    const vtype = wtype === TENSOR_TYPE.f32 ? TENSOR_TYPE.f32 : TENSOR_TYPE.f16;
    const expected = new Map<string, { ne: number[]; type: number }>();
    for (const spec of tensorSpecs(hparams)) {
      const type = spec.role === 'f32' ? TENSOR_TYPE.f32 : spec.role === 'conv' ? vtype : wtype;
      expected.set(spec.name, { ne: spec.ne, type });
    }
    let tensors = 0;
    while (r.offset < size) {
      const nDims = r.int32();
      const nameLen = r.int32();
      const type = r.int32();
      if (nDims < 1 || nDims > 4) throw new ModelFormatError(`bad tensor dimension count ${nDims}`);
      if (nameLen < 1 || nameLen > 256) throw new ModelFormatError(`bad tensor name length ${nameLen}`);
      const ne = Array.from({ length: nDims }, () => r.int32());
      const name = r.bytes(nameLen).toString('utf8');
      const want = expected.get(name);
      if (!want) throw new ModelFormatError(`unknown tensor ${name}`);
      const shape = (x: number[]) => [...x, 1, 1, 1].slice(0, 3).join('×');
      if (shape(ne) !== shape(want.ne) || ne.slice(3).some((d) => d !== 1)) {
        throw new ModelFormatError(`tensor ${name} is ${shape(ne)}, expected ${shape(want.ne)}`);
      }
      const block = BLOCK[type];
      if (!block) throw new ModelFormatError(`tensor ${name} has unsupported type ${type}`);
      const wantBytes = tensorBytes(want.ne, want.type);
      const n = ne.reduce((x, y) => x * y, 1);
      if ((n * block.bytes) / BLOCK[want.type]!.elements !== wantBytes) {
        throw new ModelFormatError(
          `tensor ${name} has type ${block.name}, expected ${BLOCK[want.type]!.name}`,
        );
      }
      r.skip(wantBytes);
      expected.delete(name);
      tensors++;
    }
    if (expected.size > 0) {
      throw new ModelFormatError(`${expected.size} tensors missing (first: ${[...expected.keys()][0]})`);
    }
    return {
      path,
      bytes: size,
      hparams,
      weightType: BLOCK[wtype]!.name,
      size: sizeName(hparams),
      multilingual: nVocab >= 51865,
      storedTokens,
      tensors,
    };
  } finally {
    closeSync(fd);
  }
}
