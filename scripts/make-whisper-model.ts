// `./room node scripts/make-whisper-model.ts --preset tiny-test --out FILE [--type f16|f32|q8_0|q5_1] [--seed N] [--babble]`
// Writes a whisper.cpp ggml model with seeded random weights (appliance/src/transcribe/ggml-model.ts):
// `tiny-test` for plumbing tests (1 layer, width 64, fake vocabulary), `tiny` / `base` / `small` with
// the real dimensions for speed benchmarks; `--babble` makes the decoder never end a segment by
// itself, so that a benchmark decodes a fixed number of tokens per window (max_tokens, no
// timestamps). Same arguments, same bytes. These files transcribe
// nothing real: a real model is installed by the technician (docs/transcription.md).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type ModelPreset,
  PRESETS,
  sizeName,
  type WeightType,
  writeWhisperModel,
} from '../appliance/src/transcribe/ggml-model.ts';

const TYPES: WeightType[] = ['f32', 'f16', 'q8_0', 'q5_1'];
const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'tiny-test' },
    out: { type: 'string' },
    type: { type: 'string', default: 'f16' },
    seed: { type: 'string', default: '1' },
    babble: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h' },
  },
});
const usage = `usage: ./room node scripts/make-whisper-model.ts --out FILE [--preset ${Object.keys(PRESETS).join('|')}] [--type ${TYPES.join('|')}] [--seed N] [--babble]`;
if (values.help || !values.out) {
  console.error(usage);
  process.exit(values.help ? 0 : 64);
}
const preset = values.preset as ModelPreset;
const weightType = values.type as WeightType;
const seed = Number(values.seed);
if (!(preset in PRESETS) || !TYPES.includes(weightType) || !Number.isInteger(seed) || seed < 0) {
  console.error(usage);
  process.exit(64);
}

const started = performance.now();
const model = writeWhisperModel(resolve(values.out), { preset, weightType, seed, babble: values.babble });
console.log(
  `${model.path}: ${preset} (${sizeName(model.hparams)} dimensions), ${weightType}, seed ${seed}, ` +
    `${model.tensors} tensors, ${(model.bytes / 1e6).toFixed(1)} MB, sha256 ${model.sha256} ` +
    `(${Math.round(performance.now() - started)} ms)`,
);
