// What the transcript list shows, in spoken order: the lines, and between them the stretches the
// recording has nothing for (the chair's or the meeting's pauses, a lost audio device, a full disk),
// from the recording's manifest. A line said by the same speaker(s) as the one just before it,
// with nothing in between, continues their turn (the name is not repeated).
import type { RecordingManifest, StoredLine } from '../../transcript-store.ts';
import { sameSpeakers } from './speaker.ts';

export type TimelineItem =
  | { kind: 'line'; line: StoredLine; continues: boolean }
  | { kind: 'pause'; key: string; fromMs: number; toMs: number | null }
  | {
      kind: 'outage';
      key: string;
      fromMs: number;
      toMs: number | null;
      reason: RecordingManifest['outages'][number]['reason'];
    };

/** A turn goes on across a silence shorter than this. */
const TURN_GAP_MS = 60_000;

type Gap = Exclude<TimelineItem, { kind: 'line' }>;

/** `turns` false: every line names its speaker (a filtered list skips what came between). */
export function timeline(
  lines: readonly StoredLine[],
  manifest: RecordingManifest | null,
  turns = true,
): TimelineItem[] {
  const gaps: Gap[] = [
    ...(manifest?.pauses ?? []).map(
      (p): Gap => ({ kind: 'pause', key: `pause-${p.fromMs}`, fromMs: p.fromMs, toMs: p.toMs }),
    ),
    ...(manifest?.outages ?? []).map(
      (o): Gap => ({
        kind: 'outage',
        key: `outage-${o.fromMs}`,
        fromMs: o.fromMs,
        toMs: o.toMs,
        reason: o.reason,
      }),
    ),
  ].sort((a, b) => a.fromMs - b.fromMs);
  const items: TimelineItem[] = [];
  let g = 0;
  let prev: StoredLine | null = null;
  for (const line of lines) {
    let gapBefore = false;
    while (g < gaps.length && gaps[g]!.fromMs <= line.startMs) {
      items.push(gaps[g++]!);
      gapBefore = true;
    }
    const continues =
      turns &&
      prev !== null &&
      !gapBefore &&
      sameSpeakers(prev, line) &&
      line.startMs - prev.endMs < TURN_GAP_MS;
    items.push({ kind: 'line', line, continues });
    prev = line;
  }
  // Gaps after the last line (the recording is paused now) close the list.
  while (g < gaps.length) items.push(gaps[g++]!);
  return items;
}
