// R-ROOM-5: transcript lines stay on the appliance, in order, replaceable until final.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { TranscriptLine } from '../../src/domain/transcript.ts';
import { openDatabase } from '../../src/store/database.ts';
import { TranscriptStore } from '../../src/store/transcript-store.ts';
import { tempDir } from '../helpers/temp-dir.ts';

let done: (() => void) | null = null;
afterEach(() => done?.());

function store() {
  const dir = tempDir('transcript-');
  const db = openDatabase(join(dir.path, 'room.sqlite'));
  done = () => {
    db.close();
    dir.cleanup();
  };
  return new TranscriptStore(db);
}

const line = (id: string, startMs: number, text: string, final = true): TranscriptLine => ({
  id,
  meetingId: 'm1',
  startMs,
  endMs: startMs + 2000,
  audioOffsetMs: startMs - 1000,
  seats: [2],
  names: ['Vũ Thị Hạnh'],
  overlap: false,
  text,
  language: 'vi',
  final,
});

it('keeps lines in spoken order with a cursor for readers', () => {
  const s = store();
  s.put(line('b', 5000, 'Thứ hai'));
  s.put(line('a', 1000, 'Thứ nhất'));
  expect(s.lines('m1').map((l) => l.text)).toEqual(['Thứ nhất', 'Thứ hai']);
  const first = s.lines('m1')[0]!;
  expect(first).toMatchObject({ seats: [2], names: ['Vũ Thị Hạnh'], overlap: false, final: true });
  expect(s.lines('m1', { afterSeq: 1 }).map((l) => l.id)).toEqual(['a']);
  expect(s.lines('other')).toEqual([]);
  expect(s.count('m1')).toBe(2);
});

it('pages by the order lines were made, so a line a backlog adds for earlier audio is not skipped', () => {
  const s = store();
  for (let i = 0; i < 5; i++) s.put(line(`live${i}`, 60_000 + i * 1000, `trực tiếp ${i}`));
  const page1 = s.lines('m1', { limit: 3 });
  expect(page1.map((l) => l.id)).toEqual(['live0', 'live1', 'live2']);
  // The backlog transcribes audio from before a restart: earlier in the meeting, made later.
  s.put(line('old0', 1000, 'trước khi khởi động lại'));
  const seen = new Map(page1.map((l) => [l.id, l]));
  let cursor = Math.max(...page1.map((l) => l.seq));
  for (;;) {
    const page = s.lines('m1', { afterSeq: cursor, limit: 3 });
    if (page.length === 0) break;
    for (const l of page) seen.set(l.id, l);
    cursor = Math.max(...page.map((l) => l.seq));
  }
  expect([...seen.values()].sort((a, b) => a.startMs - b.startMs).map((l) => l.id)).toEqual([
    'old0',
    'live0',
    'live1',
    'live2',
    'live3',
    'live4',
  ]);
});

it('replaces a line until it is final, never after', () => {
  const s = store();
  expect(s.put(line('x', 1000, 'tạm', false))?.text).toBe('tạm');
  expect(s.put(line('x', 1000, 'chính thức', true))?.text).toBe('chính thức');
  expect(s.put(line('x', 1000, 'sửa sau', true))).toBe(null);
  expect(s.lines('m1').map((l) => l.text)).toEqual(['chính thức']);
});
