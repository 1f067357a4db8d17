// Seat units are not people: each authenticates to the broker with its own username (= its unit
// id) and a secret from the technician's provisioning (seat-unit-mqtt.md, "Timing and safety").
// Secrets are random 128-bit tokens, so a fast hash is enough (no dictionary to defend against);
// only SHA-256 digests are held, compared in constant time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const digestSecret = (secret: string): Buffer => createHash('sha256').update(secret, 'utf8').digest();

/** A fresh unit secret: 128 random bits, URL-safe. */
export const newUnitSecret = (): string => randomBytes(16).toString('base64url');

export class UnitCredentials {
  #digests = new Map<string, Buffer>();

  /** `digests`: unit id → SHA-256 of its secret, hex. */
  static fromDigests(digests: Record<string, string>): UnitCredentials {
    const c = new UnitCredentials();
    for (const [unit, hex] of Object.entries(digests)) c.#digests.set(unit, Buffer.from(hex, 'hex'));
    return c;
  }

  static fromSecrets(secrets: Record<string, string>): UnitCredentials {
    const c = new UnitCredentials();
    for (const [unit, secret] of Object.entries(secrets)) c.#digests.set(unit, digestSecret(secret));
    return c;
  }

  has(unit: string): boolean {
    return this.#digests.has(unit);
  }

  verify(unit: string, secret: Buffer | string | undefined): boolean {
    const want = this.#digests.get(unit);
    if (!want || secret === undefined) return false;
    return timingSafeEqual(want, createHash('sha256').update(secret).digest());
  }
}
