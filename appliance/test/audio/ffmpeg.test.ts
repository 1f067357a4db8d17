import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FfmpegUnavailableError,
  findFfmpeg,
  locateFfmpeg,
  parseFfmpegVersion,
} from '../../src/audio/ffmpeg.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { requireAudioTools } from './speech.ts';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  requireAudioTools();
  tmp = tempDir('room-ffmpeg-');
});
afterAll(() => tmp?.cleanup());

describe('finding ffmpeg', () => {
  it("finds the distribution's ffmpeg on PATH and checks it once", async () => {
    const env = { PATH: process.env.PATH };
    const info = await findFfmpeg(env);
    expect(info.path).toMatch(/\/ffmpeg$/);
    expect(info.major).toBeGreaterThanOrEqual(4);
    expect(info).toMatchObject({ opus: true, alsa: true });
    expect(await findFfmpeg(env)).toBe(info);
    // Once per path: an ffmpeg that counts its runs is run for the first look only.
    const counted = join(tmp.path, 'counted');
    mkdirSync(counted);
    const runs = join(tmp.path, 'runs.log');
    writeFileSync(join(counted, 'ffmpeg'), `#!/bin/sh\necho run >> '${runs}'\nexec '${info.path}' "$@"\n`);
    chmodSync(join(counted, 'ffmpeg'), 0o755);
    const first = await findFfmpeg({ PATH: counted });
    const afterFirst = readFileSync(runs, 'utf8').split('\n').filter(Boolean).length;
    expect(afterFirst).toBeGreaterThan(0);
    expect(await findFfmpeg({ PATH: counted })).toBe(first);
    expect(readFileSync(runs, 'utf8').split('\n').filter(Boolean).length).toBe(afterFirst);
  });

  it('FFMPEG_PATH wins, and must be usable (no silent fallback)', async () => {
    const real = (await findFfmpeg({ PATH: process.env.PATH })).path;
    expect(await locateFfmpeg({ FFMPEG_PATH: real, PATH: '' })).toBe(real);
    await expect(
      locateFfmpeg({ FFMPEG_PATH: join(tmp.path, 'nope'), PATH: process.env.PATH }),
    ).rejects.toThrow(/FFMPEG_PATH=.*nope is not an executable file/);
  });

  it('says what to do when it is missing or is not ffmpeg', async () => {
    const missing = locateFfmpeg({ PATH: tmp.path });
    await expect(missing).rejects.toBeInstanceOf(FfmpegUnavailableError);
    await expect(missing).rejects.toThrow(/ffmpeg not found on PATH: install the distribution's ffmpeg/);
    const fake = join(tmp.path, 'ffmpeg');
    writeFileSync(fake, '#!/bin/sh\necho "not really"\n');
    chmodSync(fake, 0o755);
    await expect(findFfmpeg({ PATH: tmp.path })).rejects.toThrow(/is not ffmpeg \(no version line\)/);
    writeFileSync(join(tmp.path, 'old-ffmpeg'), '#!/bin/sh\necho "ffmpeg version 3.4.8 Copyright"\n');
    chmodSync(join(tmp.path, 'old-ffmpeg'), 0o755);
    await expect(findFfmpeg({ FFMPEG_PATH: join(tmp.path, 'old-ffmpeg') })).rejects.toThrow(
      /needs 4 or newer/,
    );
  });

  it('reads version lines', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toEqual({
      version: '5.1.9-0+deb12u1',
      major: 5,
    });
    expect(parseFfmpegVersion('ffmpeg version n7.1 Copyright')).toEqual({ version: 'n7.1', major: 7 });
    expect(parseFfmpegVersion('ffmpeg version N-112233-gabc Copyright')).toEqual({
      version: 'N-112233-gabc',
      major: 0,
    });
    expect(parseFfmpegVersion('hello')).toBeNull();
  });
});
