// What the tests read of another process from Linux's /proc/<pid>/stat: its state letter, CPU
// time, niceness and scheduling policy; and whether it exists at all.
import { readFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, T (stopped), Z (zombie: exited, not yet reaped), … */
  state: string;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  nice: number;
  policy: number;
}

export const SCHED_IDLE = 5;

/** Throws when the process does not exist. */
export function procStat(pid: number): ProcStat {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis, so
  // fields[0] is field 3 (state) and field N is fields[N - 3].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    state: fields[0]!,
    cpuTicks: Number(fields[14 - 3]) + Number(fields[15 - 3]),
    nice: Number(fields[19 - 3]),
    policy: Number(fields[41 - 3]),
  };
}

/** The process exists (a zombie too): signal 0 reaches it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
