// Which stretches of a meeting's audio have been through the transcriber (issue 5): half-open
// sample intervals [from, to), kept merged and ascending. Live windows and a backlog worked off
// later (after a restart, or a model installed after the meeting) cover different parts of the
// same recording; what is left is recorded minus covered, whatever the order the parts were done.

export type Interval = readonly [from: number, to: number];

/** `list` with [from, to) added, merged; touching intervals become one. */
export function cover(list: readonly Interval[], from: number, to: number): Interval[] {
  if (!(to > from)) return [...list];
  const out: Interval[] = [];
  let a = from;
  let b = to;
  let placed = false;
  for (const [f, t] of list) {
    if (t < a) out.push([f, t]);
    else if (f > b) {
      if (!placed) out.push([a, b]);
      placed = true;
      out.push([f, t]);
    } else {
      a = Math.min(a, f);
      b = Math.max(b, t);
    }
  }
  if (!placed) out.push([a, b]);
  return out;
}

/** The parts of [from, to) that `list` does not cover, ascending. */
export function uncovered(list: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  let p = from;
  for (const [f, t] of list) {
    if (t <= p) continue;
    if (f >= to) break;
    if (f > p) out.push([p, f]);
    p = Math.max(p, t);
    if (p >= to) break;
  }
  if (p < to) out.push([p, to]);
  return out;
}

/** Samples in [from, to) that `list` covers. */
export function coveredWithin(list: readonly Interval[], from: number, to: number): number {
  let n = 0;
  for (const [f, t] of list) n += Math.max(0, Math.min(t, to) - Math.max(f, from));
  return n;
}

/** Parses stored coverage; anything malformed reads as nothing covered (the work is redone). */
export function parseCoverage(text: string | null | undefined): Interval[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return [];
    let out: Interval[] = [];
    for (const x of v) {
      if (Array.isArray(x) && Number.isInteger(x[0]) && Number.isInteger(x[1])) {
        out = cover(out, x[0] as number, x[1] as number);
      }
    }
    return out;
  } catch {
    return [];
  }
}
