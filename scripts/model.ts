// ./room model install FILE [--name NAME] [--dir DIR]
// Checks a whisper.cpp model file, compares its SHA-256 with the one recorded for that name (or
// records it), copies it into the models folder (default <dataDir>/models of the settings in
// ROOM_SETTINGS, or of the demo) and prints the settings line to use.
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { demoSettings, loadSettings } from '../appliance/src/settings.ts';
import { installModel } from '../appliance/src/transcribe/model-install.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, dir: { type: 'string' } },
});
const [verb, file] = positionals;
if (verb !== 'install' || !file) {
  console.error('usage: ./room model install FILE [--name NAME] [--dir DIR]');
  process.exit(64);
}
let dataDir: string;
try {
  dataDir = process.env.ROOM_SETTINGS ? loadSettings(ROOT).dataDir : demoSettings(ROOT).dataDir;
} catch {
  dataDir = demoSettings(ROOT).dataDir;
}
const dir = values.dir ? resolve(values.dir) : join(dataDir, 'models');
const r = await installModel(resolve(file), dir, values.name ? { name: values.name } : {});
if (!r.ok) {
  console.error(`model install: ${r.message}`);
  process.exit(r.code === 'E_NOT_FOUND' ? 66 : 65);
}
console.log(
  [
    `installed ${r.path}`,
    `  ${r.info.size} ${r.info.weightType}, ${(r.info.bytes / 1e6).toFixed(1)} MB, ${r.info.multilingual ? 'multilingual (Vietnamese included)' : 'English only'}`,
    `  SHA-256 ${r.sha256} (${r.checksum === 'known' ? 'matches the one recorded' : 'new: recorded; compare it with the supplier’s'})`,
    `settings: "audio": { "model": "${r.path}" }`,
  ].join('\n'),
);
