// Times as the transcript page says them: the time of day to the second on the appliance's clock
// (HH:MM:SS, 24-hour, as Vietnamese offices write it), the time since the meeting opened, and
// positions in the recording.
import { formatDuration } from '../../format.ts';

const p2 = (n: number) => String(n).padStart(2, '0');

/** 10:32:05 */
export function clockSeconds(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
}

/** 10:32 */
export function clockMinutes(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/** 03/12/2026 */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getDate())}/${p2(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** 2026-12-03, for file names. */
export function isoDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
}

/** +12:30 since the meeting opened (+1:02:03 past an hour); a line before the opening is +0:00. */
export function sinceOpening(ms: number, openedAt: number): string {
  return `+${formatDuration(ms - openedAt)}`;
}

/** A length or a position in the recording: 0:07, 12:30, 1:02:03. */
export function audioTime(seconds: number): string {
  return formatDuration(seconds * 1000);
}
