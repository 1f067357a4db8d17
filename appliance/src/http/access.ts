// Who is calling. Two kinds of callers (issue 4):
// - People log in (local account or the province's SSO) and carry a session cookie; what they may
//   do follows from their global roles and from their roles in the meeting concerned.
// - Seat devices are not people (issue 4: "seat units and devices keep their own credentials"): a
//   seat tablet or the chair's console in kiosk mode opens a paired link with an access key. A key
//   is `<seat role>-<seat>.<mac>`, the MAC an HMAC-SHA-256 of the name under the room's secret
//   (random, generated once per installation, file mode 0600), so keys need no table, survive
//   restarts, and all are revoked at once by replacing the secret. A key acts for its seat only,
//   whoever sits there, like the hardware seat unit at that seat.
// The wall display needs neither: it shows what the `display` topic already shows every seat unit.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Session } from '../auth/sessions.ts';
import type { GlobalRole } from '../people/roles.ts';

export interface PersonPrincipal {
  id: string;
  unitId: string;
  name: string;
  roles: readonly GlobalRole[];
  session: Session;
}

export type Principal =
  | { role: 'public' }
  | { role: 'delegate'; seat: number }
  | { role: 'chair'; seat: number }
  /** A logged-in person. */
  | { role: 'person'; person: PersonPrincipal };

export type SeatPrincipal = Extract<Principal, { seat: number }>;
export type SeatKeyRole = SeatPrincipal['role'];

/** How a principal is named in the event log's `actor`. */
export const actorName = (p: Principal): string =>
  p.role === 'person' ? `person:${p.person.id}` : 'seat' in p ? `${p.role}:${p.seat}` : p.role;

/** The seat a paired seat device acts for (persons: see the meeting's seat plan). */
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

  keyFor(p: SeatPrincipal): string {
    const name = `${p.role}-${p.seat}`;
    return `${name}.${this.#mac(name)}`;
  }

  /** The seat device a key names, or null when the key is malformed or forged. */
  verify(key: string | undefined): SeatPrincipal | null {
    if (!key || key.length > 200) return null;
    const m = /^(chair|delegate)-(\d{1,5})\.([A-Za-z0-9_-]{43})$/.exec(key);
    if (!m) return null;
    const [, role, seat, mac] = m as unknown as [string, SeatKeyRole, string, string];
    const want = Buffer.from(this.#mac(`${role}-${seat}`));
    const got = Buffer.from(mac);
    if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
    return { role, seat: Number(seat) };
  }
}
