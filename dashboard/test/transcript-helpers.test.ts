// The transcript page's pure parts: merging lines from the socket and the HTTP reads (sorted,
// deduplicated, settled versions kept), finding words without their marks, placing the recording's
// pauses between lines, and finding a line's place in the recording's segments.
import { describe, expect, it } from 'vitest';
import { locate } from '../src/components/transcript/playback.ts';
import { matchesAll, matchRanges, queryWords } from '../src/components/transcript/search.ts';
import { timeline } from '../src/components/transcript/timeline.ts';
import { mergeLines, type RecordingManifest, type StoredLine } from '../src/transcript-store.ts';

const line = (seq: number, startMs: number, o: Partial<StoredLine> = {}): StoredLine => ({
  seq,
  id: `l${seq}`,
  meetingId: 'm1',
  startMs,
  endMs: startMs + 3000,
  audioOffsetMs: startMs - 1000,
  seats: [3],
  names: ['Hoàng Minh An'],
  overlap: false,
  text: `câu ${seq}`,
  language: 'vi',
  final: true,
  ...o,
});

describe('merging transcript lines', () => {
  it('keeps spoken order when a backlog brings earlier lines later, and each line once', () => {
    const live = [line(10, 50_000), line(11, 60_000)];
    const backlog = [line(12, 20_000), line(13, 30_000)];
    const merged = mergeLines(mergeLines(live, backlog), [line(11, 60_000), line(14, 70_000)]);
    expect(merged.map((l) => l.seq)).toEqual([12, 13, 10, 11, 14]);
  });

  it('a settled line is not replaced by an older draft of it; a draft is replaced by its next version', () => {
    const draft = line(5, 10_000, { final: false, text: 'đang' });
    const settled = line(5, 10_000, { final: true, text: 'đang họp' });
    expect(mergeLines([draft], [settled])[0]!.text).toBe('đang họp');
    expect(mergeLines([settled], [draft])[0]!.text).toBe('đang họp');
  });
});

describe('search without marks', () => {
  it('"ngan sach" finds "ngân sách", "đ" is "d", and the places are the original text’s', () => {
    const text = 'Dự toán ngân sách của Sở Tài chính';
    expect(matchesAll(text, queryWords('ngan SACH'))).toBe(true);
    expect(matchesAll(text, queryWords('du toan'))).toBe(true);
    expect(matchesAll(text, queryWords('ngan thuế'))).toBe(false);
    const [[from, to]] = matchRanges(text, queryWords('ngân sach')).slice(0, 1) as [[number, number]];
    expect(text.slice(from, to)).toBe('ngân');
    expect(matchRanges(text, queryWords('ngân sach')).map(([a, b]) => text.slice(a, b))).toEqual([
      'ngân',
      'sách',
    ]);
    // Decomposed marks stay with their letter.
    const nfd = 'ngân'.normalize('NFD');
    expect(matchRanges(nfd, ['ngan']).map(([a, b]) => nfd.slice(a, b))).toEqual([nfd]);
  });
});

const manifest: RecordingManifest = {
  meetingId: 'm1',
  state: 'stopped',
  sampleRate: 16_000,
  seconds: 50,
  segments: [
    { index: 0, run: 1, firstSample: 0, samples: 395_840, startedAtMs: 1000, complete: true, bytes: 1 },
    {
      index: 1,
      run: 2,
      firstSample: 395_944,
      samples: 400_000,
      startedAtMs: 40_000,
      complete: true,
      bytes: 1,
    },
  ],
  pauses: [{ fromMs: 25_800, toMs: 40_000, atSample: 395_944 }],
  outages: [],
};

describe('the recording around the lines', () => {
  it('a pause sits between the lines said before and after it, and ends a turn', () => {
    const items = timeline([line(1, 10_000), line(2, 20_000), line(3, 41_000)], manifest);
    expect(items.map((i) => (i.kind === 'line' ? `${i.line.seq}${i.continues ? '+' : ''}` : i.kind))).toEqual(
      ['1', '2+', 'pause', '3'],
    );
    expect(
      timeline([line(1, 10_000), line(2, 20_000)], null, false).every(
        (i) => i.kind === 'line' && !i.continues,
      ),
    ).toBe(true);
  });

  it('a line’s segment is the last one starting at or before its sample, at the right second', () => {
    expect(locate(manifest, 12_000)).toEqual({ segment: manifest.segments[0], seconds: 12 });
    const after = locate(manifest, 26_000)!;
    expect(after.segment.index).toBe(1);
    expect(after.seconds).toBeCloseTo((26_000 * 16 - 395_944) / 16_000, 6);
    // Between the runs (no file holds those samples): the next segment, from its start.
    expect(locate(manifest, 24_742)).toEqual({ segment: manifest.segments[1], seconds: 0 });
  });
});
