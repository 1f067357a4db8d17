// Finding ffmpeg (issue 5): `FFMPEG_PATH`, else `ffmpeg` on PATH. The distribution's build
// (Debian's `ffmpeg`, installed by scripts/install-system-deps.sh), not `ffmpeg-static`, whose
// binary is downloaded from GitHub at install time — which fails here and on offline government
// networks (docs/decisions.md "Recording (issue 5)").
// The binary is checked once per path (version, the Opus encoder, the ALSA and PulseAudio inputs);
// a failed check is not remembered, so installing ffmpeg while the appliance runs is picked up.
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export interface FfmpegInfo {
  /** The executable, as found (absolute). */
  path: string;
  /** As ffmpeg prints it, e.g. `5.1.9-0+deb12u1`. */
  version: string;
  /** The major version (5 for `5.1.9-0+deb12u1`); 0 for builds from git (`N-…`). */
  major: number;
  /** libopus is built in (needed for the segment files). */
  opus: boolean;
  /** The `alsa` and `pulse` input devices are built in. */
  alsa: boolean;
  pulse: boolean;
}

/** ffmpeg is missing or unusable; `message` says what to do about it. */
export class FfmpegUnavailableError extends Error {
  override name = 'FfmpegUnavailableError';
}

/** The oldest ffmpeg whose options the recorder uses (Debian 12 ships 5.1). */
export const MIN_FFMPEG_MAJOR = 4;

const HOW_TO_INSTALL =
  "install the distribution's ffmpeg (scripts/install-system-deps.sh, or `apt-get install ffmpeg`) or set FFMPEG_PATH";

const checked = new Map<string, Promise<FfmpegInfo>>();

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where ffmpeg is: `FFMPEG_PATH` if set (it must then be usable: no fallback), else PATH. */
export async function locateFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const configured = env.FFMPEG_PATH?.trim();
  if (configured) {
    const path = isAbsolute(configured) ? configured : resolve(configured);
    if (await executable(path)) return path;
    throw new FfmpegUnavailableError(`FFMPEG_PATH=${configured} is not an executable file`);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const path = join(dir, 'ffmpeg');
    if (await executable(path)) return path;
  }
  throw new FfmpegUnavailableError(`ffmpeg not found on PATH: ${HOW_TO_INSTALL}`);
}

function run(path: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    execFile(path, args, { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) =>
      err ? fail(err) : ok(stdout),
    );
  });
}

/** Parses the first line of `ffmpeg -version`. */
export function parseFfmpegVersion(text: string): { version: string; major: number } | null {
  const m = /^ffmpeg version (\S+)/m.exec(text);
  if (!m?.[1]) return null;
  const version = m[1];
  const major = /^n?(\d+)\./.exec(version);
  return { version, major: major?.[1] ? Number(major[1]) : 0 };
}

async function check(path: string): Promise<FfmpegInfo> {
  let versionText: string;
  try {
    versionText = await run(path, ['-hide_banner', '-version']);
  } catch (e) {
    throw new FfmpegUnavailableError(`${path} does not run (${(e as Error).message}): ${HOW_TO_INSTALL}`);
  }
  const v = parseFfmpegVersion(versionText);
  if (!v) throw new FfmpegUnavailableError(`${path} is not ffmpeg (no version line): ${HOW_TO_INSTALL}`);
  if (v.major !== 0 && v.major < MIN_FFMPEG_MAJOR) {
    throw new FfmpegUnavailableError(
      `${path} is ffmpeg ${v.version}; the recorder needs ${MIN_FFMPEG_MAJOR} or newer: ${HOW_TO_INSTALL}`,
    );
  }
  const [encoders, formats] = await Promise.all([
    run(path, ['-hide_banner', '-encoders']).catch(() => ''),
    run(path, ['-hide_banner', '-formats']).catch(() => ''),
  ]);
  const info: FfmpegInfo = {
    path,
    ...v,
    opus: /^\s*A\S*\s+libopus\s/m.test(encoders),
    alsa: /^\s*D\S*\s+alsa\s/m.test(formats),
    pulse: /^\s*D\S*\s+pulse\s/m.test(formats),
  };
  if (!info.opus) {
    throw new FfmpegUnavailableError(
      `${path} (ffmpeg ${v.version}) has no libopus encoder, which the segment files need: ${HOW_TO_INSTALL}`,
    );
  }
  return info;
}

/**
 * Finds and checks ffmpeg; the check runs once per path. Rejects with `FfmpegUnavailableError`
 * whose message says what is wrong and how to fix it.
 */
export async function findFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<FfmpegInfo> {
  const path = await locateFfmpeg(env);
  let p = checked.get(path);
  if (!p) {
    p = check(path);
    checked.set(path, p);
    p.catch(() => checked.delete(path));
  }
  return p;
}
