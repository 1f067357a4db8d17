// Dates, times and lead times as the meeting pages say them, in the current language.
import { tm } from '../../i18n-meetings.ts';

const p2 = (n: number) => String(n).padStart(2, '0');

/** 08:00 */
export function clock(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getHours())}:${p2(d.getMinutes())}`;
}

/** 07/12/2026 */
export function date(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getDate())}/${p2(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** Thứ Hai, 07/12/2026 */
export function dayDate(ms: number): string {
  return `${tm.value.weekday[new Date(ms).getDay()]}, ${date(ms)}`;
}

/** 08:00 07/12/2026 */
export function clockDate(ms: number): string {
  return `${clock(ms)} ${date(ms)}`;
}

/** 08:00–11:00, Thứ Hai, 07/12/2026 (both days when it runs past midnight). */
export function span(startsAt: number, endsAt: number): string {
  if (date(startsAt) === date(endsAt)) return `${clock(startsAt)}–${clock(endsAt)}, ${dayDate(startsAt)}`;
  return `${clock(startsAt)} ${dayDate(startsAt)} – ${clock(endsAt)} ${dayDate(endsAt)}`;
}

/** A lead time in minutes: "3 ngày", "2 giờ 15 phút"; negative: after the start. */
export function leadTime(minutes: number): string {
  const m = tm.value;
  if (minutes < 0) return `${m.duration(-minutes)} ${m.lateAfterStart}`;
  return m.duration(minutes);
}
