// The event log: durable, hash-chained, group-committed; secret ballots kept apart (R-VOTE-1).
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { EventLog } from '../../src/store/event-log.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dirs: (() => void)[] = [];
afterEach(() => {
  for (const c of dirs.splice(0)) c();
});
function fresh() {
  const d = tempDir();
  dirs.push(d.cleanup);
  const file = join(d.path, 'room.sqlite');
  return { file, db: openDatabase(file) };
}

describe('event log', () => {
  it('opens with WAL and synchronous=FULL', () => {
    const { db } = fresh();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('reads one part’s events by type prefix, in order (what each part rebuilds from)', async () => {
    const { db } = fresh();
    const log = new EventLog(db);
    await log.append([
      { at: 1, type: 'meeting.created', actor: 'x', payload: {} },
      { at: 2, type: 'floor.granted', actor: 'x', payload: { seat: 2 } },
      { at: 3, type: 'meetings.other', actor: 'x', payload: {} },
      { at: 4, type: 'meeting.started', actor: 'x', payload: {} },
      { at: 5, type: 'vote.opened', actor: 'x', payload: {} },
    ]);
    expect([...log.readTypes(['meeting.'])].map((e) => e.type)).toEqual([
      'meeting.created',
      'meeting.started',
    ]);
    expect([...log.readTypes(['vote.', 'floor.'])].map((e) => e.seq)).toEqual([2, 5]);
    expect([...log.readTypes([])]).toEqual([]);
  });

  it('appends in order, chains hashes, and reads back after reopening', async () => {
    const { file, db } = fresh();
    const log = new EventLog(db);
    await log.append([{ at: 1, type: 'a', actor: 'x', payload: { n: 1 } }]);
    await log.append([
      { at: 2, type: 'b', actor: 'y', payload: { n: 2 } },
      { at: 3, type: 'c', actor: 'z', payload: { text: 'Tiếng Việt' }, meetingId: 'm1' },
    ]);
    db.close();
    const again = new EventLog(openDatabase(file));
    const all = [...again.read()];
    expect(all.map((e) => [e.seq, e.type, e.meetingId])).toEqual([
      [1, 'a', null],
      [2, 'b', null],
      [3, 'c', 'm1'],
    ]);
    expect(all[2]!.payload).toEqual({ text: 'Tiếng Việt' });
    expect(all[1]!.prevHash).toBe(all[0]!.hash);
    expect(again.verify()).toEqual({ ok: true, count: 3 });
    expect(again.lastSeq).toBe(3);
  });

  it('groups appends made in one turn of the event loop into one commit', async () => {
    const { db } = fresh();
    const log = new EventLog(db);
    const before = log.commits;
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => log.append([{ at: i, type: 't', actor: 'a', payload: {} }])),
    );
    expect(log.commits - before).toBe(1);
    expect(log.lastSeq).toBe(200);
  });

  it('refuses an event with a fractional time at its caller, and its batch-mates are stored', async () => {
    const { db } = fresh();
    const log = new EventLog(db);
    const good = log.append([{ at: 1000, type: 'a', actor: 'x', payload: {} }]);
    expect(() => log.append([{ at: 1000.5, type: 'b', actor: 'x', payload: {} }])).toThrow(/integer/);
    const after = log.append([{ at: 1001, type: 'c', actor: 'x', payload: {} }]);
    await Promise.all([good, after]);
    expect(log.lastSeq).toBe(2);
    expect(log.verify()).toMatchObject({ ok: true });
  });

  it('finds an edited, deleted or reordered event', async () => {
    const { file, db } = fresh();
    const log = new EventLog(db);
    for (let i = 0; i < 5; i++)
      await log.append([{ at: i, type: 'vote.ballot', actor: 'a', payload: { choice: 'yes' } }]);
    db.close();

    const raw = new Database(file);
    raw.prepare(`UPDATE events SET payload = '{"choice":"no"}' WHERE seq = 3`).run();
    raw.close();
    expect(new EventLog(openDatabase(file)).verify()).toMatchObject({ ok: false, seq: 3 });

    const raw2 = new Database(file);
    raw2.prepare(`UPDATE events SET payload = '{"choice":"yes"}' WHERE seq = 3`).run();
    raw2.prepare('DELETE FROM events WHERE seq = 2').run();
    raw2.close();
    expect(new EventLog(openDatabase(file)).verify()).toMatchObject({ ok: false, seq: 3 });
  });

  it('stores secret ballots with no seat, time or order, in the same commit as the events', async () => {
    const { file, db } = fresh();
    const log = new EventLog(db);
    const choices = ['yes', 'no', 'abstain', 'yes', 'yes', 'no', 'abstain', 'yes'];
    await Promise.all(
      choices.map((choice, seat) =>
        log.append(
          [{ at: seat, type: 'vote.voted', actor: `unit:${seat}`, payload: { voteId: 'v', seat } }],
          [{ voteId: 'v', choice }],
        ),
      ),
    );
    expect(log.secretBallots('v').sort()).toEqual([...choices].sort());
    const cols = (
      new Database(file).prepare('PRAGMA table_info(secret_ballots)').all() as { name: string }[]
    ).map((c) => c.name);
    expect(cols.sort()).toEqual(['choice', 'id', 'vote_id']);
    // Stored order is the random key's, not the casting order: over a few hundred ballots the
    // chance that key order equals insertion order is nil.
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => log.append([], [{ voteId: 'w', choice: String(i) }])),
    );
    const stored = (
      db.prepare("SELECT choice FROM secret_ballots WHERE vote_id = 'w'").all() as { choice: string }[]
    ).map((r) => Number(r.choice));
    expect(stored).not.toEqual([...stored].sort((a, b) => a - b));
  });

  it('a failed commit rejects, leaves nothing half-written and the chain consistent', async () => {
    const { db } = fresh();
    const log = new EventLog(db);
    await log.append([{ at: 1, type: 'a', actor: 'x', payload: {} }]);
    db.exec('CREATE TRIGGER no_more BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, "disk full"); END');
    await expect(log.append([{ at: 2, type: 'b', actor: 'x', payload: {} }])).rejects.toThrow(/disk full/);
    expect(log.lastSeq).toBe(1);
    db.exec('DROP TRIGGER no_more');
    await log.append([{ at: 3, type: 'c', actor: 'x', payload: {} }]);
    expect(log.verify()).toEqual({ ok: true, count: 2 });
  });
});
