// Who is calling. Until people have accounts (issue "Meetings, people and security"), the room's
// screens are paired devices: the chair console and each seat tablet open a link that carries an
// access key. A key is `<principal>.<mac>`, the MAC an HMAC-SHA-256 of the principal under the room's
// secret (random, generated once per installation, file mode 0600), so keys need no table, survive
// restarts, and all are revoked at once by replacing the secret. The wall display needs no key:
// it shows what the `display` topic already shows every seat unit. The technician's key opens the
// device pages (and nothing of the meeting).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Principal =
  | { role: 'public' }
  | { role: 'delegate'; seat: number }
  | { role: 'chair'; seat: number }
  /** The room's technician (device pages); sits at no seat. */
  | { role: 'technician' };

export type SeatPrincipal = Extract<Principal, { seat: number }>;

/** How a principal is named in the event log's `actor`. */
export const actorName = (p: Principal): string => ('seat' in p ? `${p.role}:${p.seat}` : p.role);

/** The seat a principal sits at, if any. */
export const seatOf = (p: Principal): number | undefined => ('seat' in p ? p.seat : undefined);

export const PUBLIC: Principal = { role: 'public' };

export class AccessKeys {
  #secret: Buffer;

  constructor(secret: Buffer) {
    if (secret.length < 32) throw new Error('room secret must be at least 32 bytes');
    this.#secret = secret;
  }

  /** Reads the installation's secret, creating it (0600) on first start. */
  static fromFile(file: string): AccessKeys {
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return new AccessKeys(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
  }

  #mac(name: string): string {
    return createHmac('sha256', this.#secret).update(name).digest('base64url');
  }

  keyFor(p: Exclude<Principal, { role: 'public' }>): string {
    const name = 'seat' in p ? `${p.role}-${p.seat}` : p.role;
    return `${name}.${this.#mac(name)}`;
  }

  /** The principal a key names, or null when the key is malformed or forged. */
  verify(key: string | undefined): Exclude<Principal, { role: 'public' }> | null {
    if (!key || key.length > 200) return null;
    const m = /^(?:(chair|delegate)-(\d{1,5})|(technician))\.([A-Za-z0-9_-]{43})$/.exec(key);
    if (!m) return null;
    const [, seatRole, seat, technician, mac] = m as unknown as [
      string,
      'chair' | 'delegate',
      string,
      string,
      string,
    ];
    const name = technician ? 'technician' : `${seatRole}-${seat}`;
    const want = Buffer.from(this.#mac(name));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    return technician ? { role: 'technician' } : { role: seatRole, seat: Number(seat) };
  }
}
