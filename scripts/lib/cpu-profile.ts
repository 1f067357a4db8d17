// Reads a V8 `.cpuprofile` (node --cpu-prof) and tells where the time went: self time by function
// and by package / source area. Enough to say "the broker's fan-out" or "JSON.stringify", no more.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time outside `(idle)`. */
  busyMs: number;
  byFunction: { name: string; ms: number }[];
  byArea: { name: string; ms: number }[];
}

/** Where a source file belongs: `node_modules/<pkg>`, `appliance/src/<dir>`, `node:<internal>`, … */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const own = /\/(appliance|bridge)\/src\/(.+?)(?:\/[^/]+)?$/.exec(url);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return url.split('/')[0]!;
  return url.replace(/^file:\/\//, '');
}

/** Now on CLOCK_MONOTONIC in µs: the clock V8 stamps profile samples with, the same in every process. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * `windows`: only samples inside these [startUs, endUs] intervals of `monotonicUs()` count (e.g. the
 * moments after a vote closed); all samples when absent.
 */
export function summarizeProfile(
  file: string,
  top = 15,
  windows?: readonly [number, number][],
): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let t = p.startTime;
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    t += deltas[i] ?? 0;
    if (windows && !windows.some(([a, b]) => t >= a && t <= b)) continue;
    // timeDeltas[i] is the time since the previous sample: charge it to this one (V8's convention).
    self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const fn = new Map<string, number>();
  const area = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n) continue;
    total += us;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)') idle += us;
    const short = url
      ? `${url.replace(/^.*\/(node_modules|appliance|bridge)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const name = `${functionName || '(anonymous)'}${short ? ` ${short}` : ''}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    const a = areaOf(url, functionName);
    area.set(a, (area.get(a) ?? 0) + us);
  }
  const sorted = (m: Map<string, number>) =>
    [...m]
      .map(([name, us]) => ({ name, ms: us / 1000 }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top);
  return {
    totalMs: total / 1000,
    busyMs: (total - idle) / 1000,
    byFunction: sorted(fn),
    byArea: sorted(area),
  };
}
