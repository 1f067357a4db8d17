// Test speech and audio checks for the recorder tests: Vietnamese from Debian's espeak-ng, made
// 16 kHz mono s16le by sox; decoding and probing with the distribution's ffmpeg / ffprobe.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOCK_TICK_MS } from '../../src/transcribe/proc-stat.ts';
import { procStat } from '../helpers/proc-stat.ts';

const which = (cmd: string): boolean => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Fails clearly when the tools are missing (scripts/install-system-deps.sh installs them). */
export function requireAudioTools(): void {
  const missing = ['ffmpeg', 'ffprobe', 'espeak-ng', 'sox'].filter((c) => !which(c));
  if (missing.length) {
    throw new Error(`${missing.join(', ')} not installed (scripts/install-system-deps.sh installs them)`);
  }
}

export const SAY = 'Xin chào các đại biểu. Hôm nay chúng ta họp để thảo luận về ngân sách năm tới của tỉnh.';

export interface Speech {
  path: string;
  pcm: Int16Array;
  samples: number;
  seconds: number;
}

/** Vietnamese speech as headerless 16 kHz mono s16le, `repeat` times over. */
export function makeSpeech(dir: string, repeat = 1, text = SAY): Speech {
  const wav = join(dir, 'speech.wav');
  const one = join(dir, 'speech-once.raw');
  execFileSync('espeak-ng', ['-v', 'vi', '-w', wav, text]);
  execFileSync('sox', [wav, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-t', 'raw', one]);
  const bytes = readFileSync(one);
  const path = join(dir, `speech-x${repeat}.raw`);
  writeFileSync(path, Buffer.concat(Array.from({ length: repeat }, () => bytes)));
  const all = readFileSync(path);
  const pcm = new Int16Array(all.buffer.slice(all.byteOffset, all.byteOffset + all.length));
  return { path, pcm, samples: pcm.length, seconds: pcm.length / 16000 };
}

/** Decodes a file to 16 kHz mono s16le and counts the samples. */
export function decodedSamples(file: string): number {
  const out = execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-f', 's16le', '-ac', '1', '-ar', '16000', '-'],
    {
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return out.length / 2;
}

export interface Probe {
  codec: string;
  sampleRate: number;
  channels: number;
  duration: number;
}

export function probe(file: string): Probe {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration:stream=codec_name,sample_rate,channels',
    '-of',
    'json',
    file,
  ]).toString();
  const j = JSON.parse(out) as {
    streams: { codec_name: string; sample_rate: string; channels: number }[];
    format: { duration: string };
  };
  const s = j.streams[0]!;
  return {
    codec: s.codec_name,
    sampleRate: Number(s.sample_rate),
    channels: s.channels,
    duration: Number(j.format.duration),
  };
}

/** Where `needle` occurs in `hay` (exact samples), or -1. */
export function findSamples(hay: Int16Array, needle: Int16Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** An `.asoundrc`-style file defining PCM `name` that plays `raw` as a microphone (no clock). */
export function alsaFileDevice(dir: string, name: string, raw: string): string {
  const conf = join(dir, 'asound.conf');
  writeFileSync(
    conf,
    `pcm.${name} {\n  type file\n  slave.pcm "null"\n  file "/dev/null"\n  infile "${raw}"\n  format "raw"\n}\n`,
  );
  return conf;
}

/** User + system CPU seconds of a process so far (Linux /proc). */
export function cpuSeconds(pid: number): number {
  return (procStat(pid).cpuTicks * CLOCK_TICK_MS) / 1000;
}
