// What the tests read of another process: /proc/<pid>/stat through the appliance's own reader
// (appliance/src/transcribe/proc-stat.ts), and whether the process exists at all.
export { type ProcStat, procStat, SCHED_IDLE } from '../../src/transcribe/proc-stat.ts';

/** The process exists (a zombie too): signal 0 reaches it. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
