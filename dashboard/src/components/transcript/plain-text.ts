// The transcript as plain text for the minutes: a heading (meeting, when, what is included, that it
// is an automatic transcript to check against the recording), then one line per spoken line:
// "[10:32:05 +12:30] Nguyễn Văn An (Ghế 3): …", the pauses of the recording between them. The
// lines of the export are what the page shows (speaker filter and search applied).
import type { TranscriptMessages } from '../../i18n-transcript.ts';
import { clockSeconds, dayOf, isoDay, sinceOpening } from './format.ts';
import { kindOf, voiceLabel, voicesOf } from './speaker.ts';
import type { TimelineItem } from './timeline.ts';

export interface ExportInput {
  title: string;
  /** "08:00–11:00, Thứ Năm, 03/12/2026" */
  when: string;
  openedAt: number;
  items: readonly TimelineItem[];
  /** What the filter keeps, in words; null: everything. */
  filter: string | null;
  now: number;
}

/** Who said it, as the export writes it. */
export function speakerText(line: Parameters<typeof voicesOf>[0], m: TranscriptMessages): string {
  const kind = kindOf(line);
  if (kind === 'unknown') return m.unattributed;
  const names = voicesOf(line).map((v) => voiceLabel(v, m.seat));
  return kind === 'overlap' ? m.overlap(names.join(', ')) : names[0]!;
}

/** "Tạm dừng ghi âm 10:32:05–10:40:12", "Mất tín hiệu âm thanh: không ghi âm được …". */
export function gapText(item: Exclude<TimelineItem, { kind: 'line' }>, m: TranscriptMessages): string {
  const from = clockSeconds(item.fromMs);
  if (item.kind === 'pause')
    return item.toMs === null ? m.pauseOpen(from) : m.pause(from, clockSeconds(item.toMs));
  const reason = m.outage[item.reason];
  return item.toMs === null
    ? m.outageOpen(reason, from)
    : m.outageSpan(reason, from, clockSeconds(item.toMs));
}

export function plainText(x: ExportInput, m: TranscriptMessages): string {
  const lines = x.items.filter((i) => i.kind === 'line');
  const out = [
    m.exportTitle(x.title),
    m.exportMeta(x.when),
    m.exportMade(`${clockSeconds(x.now)} ${dayOf(x.now)}`, lines.length),
    ...(x.filter ? [m.exportFilter(x.filter)] : []),
    m.exportNote,
    '',
  ];
  for (const item of x.items) {
    if (item.kind === 'line') {
      const l = item.line;
      const text = l.text.trim();
      out.push(
        `[${clockSeconds(l.startMs)} ${sinceOpening(l.startMs, x.openedAt)}] ${speakerText(l, m)}: ${text}`,
      );
    } else {
      out.push(`--- ${gapText(item, m)} ---`);
    }
  }
  return `${out.join('\r\n')}\r\n`;
}

/** ban-ghi-loi-noi-hop-giao-ban-thang-12-2026-12-03.txt */
export function fileName(stem: string, title: string, day: number): string {
  const slug = title
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${[stem, slug, isoDay(day)].filter(Boolean).join('-')}.txt`;
}
