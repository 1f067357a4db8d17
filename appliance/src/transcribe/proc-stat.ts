// What Linux's /proc/<pid>/stat says of a process: its state letter, CPU time, niceness and
// scheduling policy. The transcriber bounds a job by the CPU its worker got (transcriber.ts), and
// the tests check the worker's state and priority with the same reader.
import { readFileSync } from 'node:fs';

export interface ProcStat {
  /** R, S, T (stopped), Z (zombie: exited, not yet reaped), … */
  state: string;
  /** utime + stime of every thread, in clock ticks (CLOCK_TICK_MS each). */
  cpuTicks: number;
  nice: number;
  policy: number;
}

/**
 * One clock tick. /proc reports CPU time in USER_HZ, which the kernel's user ABI fixes at 100 on
 * x86 and arm64 whatever the kernel's own HZ (proc(5), "(14) utime").
 */
export const CLOCK_TICK_MS = 10;

export const SCHED_IDLE = 5;

/** Throws when the process does not exist (or there is no /proc: not Linux). */
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

/** The CPU time a process has used, in ms; null when it cannot be read (gone, or not Linux). */
export function cpuTimeMs(pid: number): number | null {
  try {
    return procStat(pid).cpuTicks * CLOCK_TICK_MS;
  } catch {
    return null;
  }
}
