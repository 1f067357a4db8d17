// Installing a whisper.cpp model on the appliance (issue 5: "`./room model install FILE` verifies a
// known checksum or records a new one"). Real weights cannot be fetched on government LANs: a
// technician copies the file in. The file is checked to be a whisper.cpp model (never handed to the
// engine otherwise: a bad file crashes it), its SHA-256 compared with the checksums this appliance
// already knows for that file name (refused on a mismatch: a corrupt or altered copy), or recorded
// as new, and copied atomically into the models folder. `known.json` is the record.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { inspectWhisperModel, type ModelFileInfo, ModelFormatError } from './ggml-model.ts';

export const KNOWN_FILE = 'known.json';

export interface KnownModel {
  sha256: string;
  bytes: number;
  size: string;
  weightType: string;
  multilingual: boolean;
  recordedAt: string;
}

export type InstallResult =
  | { ok: true; path: string; sha256: string; info: ModelFileInfo; checksum: 'known' | 'recorded' }
  | { ok: false; code: 'E_NOT_FOUND' | 'E_BAD_MODEL' | 'E_CHECKSUM'; message: string };

export async function sha256Of(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function knownModels(dir: string): Record<string, KnownModel> {
  const f = join(dir, KNOWN_FILE);
  if (!existsSync(f)) return {};
  return JSON.parse(readFileSync(f, 'utf8')) as Record<string, KnownModel>;
}

export async function installModel(
  file: string,
  dir: string,
  o: { name?: string; now?: () => Date } = {},
): Promise<InstallResult> {
  if (!existsSync(file)) return { ok: false, code: 'E_NOT_FOUND', message: `${file}: no such file` };
  let info: ModelFileInfo;
  try {
    info = inspectWhisperModel(file);
  } catch (err) {
    const why = err instanceof ModelFormatError ? err.message : String(err);
    return { ok: false, code: 'E_BAD_MODEL', message: `${file}: ${why}` };
  }
  const name = o.name ?? basename(file);
  const sha256 = await sha256Of(file);
  mkdirSync(dir, { recursive: true });
  const known = knownModels(dir);
  const before = known[name];
  if (before && before.sha256 !== sha256) {
    return {
      ok: false,
      code: 'E_CHECKSUM',
      message: `${name}: SHA-256 ${sha256} differs from the one recorded (${before.sha256}): a damaged or altered copy; nothing installed`,
    };
  }
  const target = join(dir, name);
  const tmp = `${target}.part`;
  copyFileSync(file, tmp);
  // The copy must be what was checked.
  if ((await sha256Of(tmp)) !== sha256) {
    return {
      ok: false,
      code: 'E_CHECKSUM',
      message: `${name}: the copy does not match the file; nothing installed`,
    };
  }
  renameSync(tmp, target);
  if (!before) {
    known[name] = {
      sha256,
      bytes: info.bytes,
      size: info.size,
      weightType: info.weightType,
      multilingual: info.multilingual,
      recordedAt: (o.now?.() ?? new Date()).toISOString(),
    };
    const k = join(dir, KNOWN_FILE);
    writeFileSync(`${k}.part`, `${JSON.stringify(known, null, 2)}\n`);
    renameSync(`${k}.part`, k);
  }
  return { ok: true, path: target, sha256, info, checksum: before ? 'known' : 'recorded' };
}
