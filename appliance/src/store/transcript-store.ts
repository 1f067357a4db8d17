// Transcript lines of each meeting (issue 5, R-ROOM-5), in SQLite beside the event log. A line is
// stored once and may be replaced while it is not final (a window decoded again after a worker
// restart gives the same id); readers page with a cursor (`afterSeq`) and get lines in order.

import type { TranscriptLine } from '../domain/transcript.ts';
import { type Interval, parseCoverage } from '../recording/coverage.ts';
import type { Db } from './database.ts';

export interface StoredLine extends TranscriptLine {
  seq: number;
}

type Row = Record<string, unknown>;

const lineOf = (r: Row): StoredLine => ({
  seq: r.seq as number,
  id: r.id as string,
  meetingId: r.meeting_id as string,
  startMs: r.start_ms as number,
  endMs: r.end_ms as number,
  audioOffsetMs: r.audio_offset_ms as number,
  seats: JSON.parse(r.seats as string) as number[],
  names: JSON.parse(r.names as string) as (string | null)[],
  overlap: r.overlap === 1,
  text: r.text as string,
  language: r.language as string,
  final: r.final === 1,
});

export class TranscriptStore {
  #db: Db;
  #upsert;

  constructor(db: Db) {
    this.#db = db;
    // A final line is never changed again; a non-final one is replaced by its next version.
    this.#upsert = db.prepare(
      `INSERT INTO transcript_lines (id, meeting_id, start_ms, end_ms, audio_offset_ms, seats, names, overlap, text, language, final)
       VALUES (@id, @meetingId, @startMs, @endMs, @audioOffsetMs, @seats, @names, @overlap, @text, @language, @final)
       ON CONFLICT(id) DO UPDATE SET start_ms = excluded.start_ms, end_ms = excluded.end_ms,
         audio_offset_ms = excluded.audio_offset_ms, seats = excluded.seats, names = excluded.names,
         overlap = excluded.overlap, text = excluded.text, language = excluded.language, final = excluded.final
       WHERE transcript_lines.final = 0`,
    );
  }

  /** Stores a line; returns it as stored (with its seq), or null when a final version exists. */
  put(line: TranscriptLine): StoredLine | null {
    const r = this.#upsert.run({
      ...line,
      seats: JSON.stringify(line.seats),
      names: JSON.stringify(line.names),
      overlap: line.overlap ? 1 : 0,
      final: line.final ? 1 : 0,
    });
    if (r.changes === 0) return null;
    const row = this.#db.prepare('SELECT * FROM transcript_lines WHERE id = ?').get(line.id) as Row;
    return lineOf(row);
  }

  /**
   * The next `limit` lines made after the cursor `afterSeq`, in spoken order. The page is chosen by
   * `seq` (the order lines were made), so paging with the highest seq of a page never skips a line,
   * even one a backlog made later for earlier audio; readers merge pages by `startMs`.
   */
  lines(meetingId: string, o: { afterSeq?: number; limit?: number } = {}): StoredLine[] {
    const rows = this.#db
      .prepare(
        `SELECT * FROM (SELECT * FROM transcript_lines WHERE meeting_id = ? AND seq > ? ORDER BY seq LIMIT ?)
         ORDER BY start_ms, seq`,
      )
      .all(meetingId, o.afterSeq ?? 0, o.limit ?? 10_000) as Row[];
    return rows.map(lineOf);
  }

  count(meetingId: string): number {
    return (
      this.#db.prepare('SELECT count(*) AS n FROM transcript_lines WHERE meeting_id = ?').get(meetingId) as {
        n: number;
      }
    ).n;
  }

  /** The sample intervals of the meeting's recording that have been transcribed (coverage.ts). */
  coverage(meetingId: string): Interval[] {
    const r = this.#db
      .prepare('SELECT covered FROM transcript_coverage WHERE meeting_id = ?')
      .get(meetingId) as { covered: string } | undefined;
    return parseCoverage(r?.covered);
  }

  setCoverage(meetingId: string, covered: readonly Interval[], at = Date.now()): void {
    this.#db
      .prepare(
        `INSERT INTO transcript_coverage (meeting_id, covered, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(meeting_id) DO UPDATE SET covered = excluded.covered, updated_at = excluded.updated_at`,
      )
      .run(meetingId, JSON.stringify(covered), at);
  }
}
