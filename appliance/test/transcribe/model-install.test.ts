// Issue 5: `./room model install FILE` verifies a known checksum or records a new one.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeWhisperModel } from '../../src/transcribe/ggml-model.ts';
import { installModel, knownModels } from '../../src/transcribe/model-install.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
let done: (() => void) | null = null;
afterEach(() => done?.());

function setup() {
  const dir = tempDir('model-install-');
  done = () => dir.cleanup();
  const file = join(dir.path, 'ggml-tiny-test.bin');
  writeWhisperModel(file, { preset: 'tiny-test' });
  return { dir: dir.path, file, models: join(dir.path, 'models') };
}

describe('installing a model', () => {
  it('records a new checksum, then accepts the same file and refuses an altered one', async () => {
    const { dir, file, models } = setup();
    const first = await installModel(file, models);
    expect(first).toMatchObject({ ok: true, checksum: 'recorded', path: join(models, 'ggml-tiny-test.bin') });
    const sha = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
    expect(knownModels(models)['ggml-tiny-test.bin']).toMatchObject({ sha256: sha, multilingual: true });
    expect(await installModel(file, models)).toMatchObject({ ok: true, checksum: 'known' });
    // The same name with other bytes: a damaged or altered copy is refused, the installed one stays.
    mkdirSync(join(dir, 'other'));
    const altered = join(dir, 'other', 'ggml-tiny-test.bin');
    writeWhisperModel(altered, { preset: 'tiny-test', seed: 7 });
    const refused = await installModel(altered, models);
    expect(refused).toMatchObject({ ok: false, code: 'E_CHECKSUM' });
    expect(
      execFileSync('sha256sum', [join(models, 'ggml-tiny-test.bin')], { encoding: 'utf8' }).split(' ')[0],
    ).toBe(sha);
  });

  it('refuses a file that is not a whisper.cpp model, and a missing file', async () => {
    const { dir, models } = setup();
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, Buffer.alloc(4096, 7));
    expect(await installModel(junk, models)).toMatchObject({ ok: false, code: 'E_BAD_MODEL' });
    expect(existsSync(join(models, 'junk.bin'))).toBe(false);
    expect(await installModel(join(dir, 'nope.bin'), models)).toMatchObject({
      ok: false,
      code: 'E_NOT_FOUND',
    });
  });

  it('./room model install prints what it installed and the settings line', () => {
    const { file, models } = setup();
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts/model.ts'), 'install', file, '--dir', models],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('SHA-256');
    expect(r.stdout).toContain(`"audio": { "model": "${join(models, 'ggml-tiny-test.bin')}" }`);
    const bad = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts/model.ts'), 'install', join(models, 'nope')],
      {
        encoding: 'utf8',
      },
    );
    expect(bad.status).toBe(66);
    expect(readFileSync(join(models, 'known.json'), 'utf8')).toContain('ggml-tiny-test.bin');
  });
});
