// How much of the machine other processes took while a part of the bench ran (Linux /proc). The
// machines are shared: a test suite or a browser started by someone else during a run slows the
// speech worker (it runs under SCHED_IDLE, so any process at normal priority comes first) and the key
// presses alike, and the tables cannot show that by themselves.
import { readdirSync, readFileSync } from 'node:fs';

/** Busy and total CPU time of the whole machine, in ticks. */
function machine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user! + nice! + system! + irq! + softirq! + steal!;
  return { busy, total: busy + idle! + iowait! };
}

/** CPU ticks of this process and all its descendants (living ones, plus the reaped ones of this process). */
function ours(): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After pid and comm: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
      parent.set(Number(name), Number(f[1]));
      ticks.set(Number(name), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      // gone meanwhile
    }
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === process.pid) {
        sum += t;
        break;
      }
    }
  }
  return sum;
}

export interface CpuShare {
  wallS: number;
  /** Share of the whole machine (all cores) busy, 0..1. */
  machine: number;
  /** Share of the whole machine used by other processes than the bench and its children, 0..1. */
  others: number;
}

/** Starts measuring; `stop()` gives the shares since. */
export function cpuShare(): { stop(): CpuShare } {
  const m0 = machine();
  const o0 = ours();
  const t0 = performance.now();
  return {
    stop() {
      const m1 = machine();
      const o1 = ours();
      const total = m1.total - m0.total;
      if (total <= 0) return { wallS: 0, machine: Number.NaN, others: Number.NaN };
      const busy = m1.busy - m0.busy;
      // Children that exited and were not reaped by this process are lost; clamp at 0.
      const others = Math.max(0, busy - (o1 - o0));
      return { wallS: (performance.now() - t0) / 1000, machine: busy / total, others: others / total };
    },
  };
}
