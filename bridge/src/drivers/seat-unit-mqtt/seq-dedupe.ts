// `(unit, seq)` de-duplication (seat-unit-mqtt.md, "Unit → appliance"): QoS 1 may deliver a key
// event twice, so one already accepted in the last 10 minutes is dropped. Bounded per unit.
export const DEDUPE_WINDOW_MS = 10 * 60 * 1000;
const MAX_PER_UNIT = 4096;

export class SeqDedupe {
  #seen = new Map<string, Map<number, number>>();

  /** True when `(unit, seq)` is new (and now remembered); false for a repeat within the window. */
  accept(unit: string, seq: number, now: number): boolean {
    let m = this.#seen.get(unit);
    if (!m) {
      m = new Map();
      this.#seen.set(unit, m);
    }
    const at = m.get(seq);
    if (at !== undefined && now - at < DEDUPE_WINDOW_MS) return false;
    m.delete(seq); // re-insert so that Map order stays oldest-first
    m.set(seq, now);
    // Maps iterate in insertion order: the first entries are the oldest.
    for (const [s, t] of m) {
      if (m.size <= MAX_PER_UNIT && now - t < DEDUPE_WINDOW_MS) break;
      m.delete(s);
    }
    return true;
  }
}
