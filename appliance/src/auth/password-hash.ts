// Password hashes: Argon2id from Node's own crypto (node:crypto `argon2`, Node >= 24.7), stored as
// PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`, the format of the reference implementation
// and of every other Argon2 library, so hashes move with the data). Parameters: OWASP's password
// storage cheat sheet's first Argon2id line (19 MiB, 2 passes, 1 lane): ~35 ms here, bearable on a
// Raspberry Pi, and it runs on libuv's pool, not the event loop. docs/decisions.md says why the
// runtime's Argon2 and not the `argon2` addon.
import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';

export interface Argon2Params {
  /** Memory in KiB. */
  m: number;
  /** Passes. */
  t: number;
  /** Lanes. */
  p: number;
}

export const ARGON2_PARAMS: Argon2Params = { m: 19456, t: 2, p: 1 };
const TAG_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, params: Argon2Params, tagLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    argon2(
      'argon2id',
      {
        message: Buffer.from(password.normalize('NFC'), 'utf8'),
        nonce: salt,
        parallelism: params.p,
        tagLength,
        memory: params.m,
        passes: params.t,
      },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

export async function hashPassword(password: string, params: Argon2Params = ARGON2_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const tag = await derive(password, salt, params, TAG_BYTES);
  return `$argon2id$v=19$m=${params.m},t=${params.t},p=${params.p}$${b64(salt)}$${b64(tag)}`;
}

interface Parsed {
  params: Argon2Params;
  salt: Buffer;
  tag: Buffer;
}

const PHC =
  /^\$argon2id\$v=19\$m=(\d{1,7}),t=(\d{1,3}),p=(\d{1,2})\$([A-Za-z0-9+/]{16,})\$([A-Za-z0-9+/]{16,})$/;

function parse(phc: string): Parsed | null {
  const m = PHC.exec(phc);
  if (!m) return null;
  return {
    params: { m: Number(m[1]), t: Number(m[2]), p: Number(m[3]) },
    salt: Buffer.from(m[4]!, 'base64'),
    tag: Buffer.from(m[5]!, 'base64'),
  };
}

/** True when `password` matches the stored hash. A malformed hash matches nothing. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  const parsed = parse(phc);
  if (!parsed) return false;
  const tag = await derive(password, parsed.salt, parsed.params, parsed.tag.length);
  return timingSafeEqual(tag, parsed.tag);
}

/** A hash made with weaker parameters than today's: re-hash at the next successful login. */
export function needsRehash(phc: string, params: Argon2Params = ARGON2_PARAMS): boolean {
  const parsed = parse(phc);
  return !parsed || parsed.params.m < params.m || parsed.params.t < params.t || parsed.tag.length < TAG_BYTES;
}

// Verified against when the username is unknown, so a wrong username costs as long as a wrong
// password and the timing tells nobody which accounts exist.
let dummy: Promise<string> | null = null;
export async function burnVerify(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummy, password);
}
