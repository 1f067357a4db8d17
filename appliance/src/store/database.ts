// Opens the appliance's SQLite file with the durability the event log needs and applies migrations.
// WAL + synchronous=FULL: a commit returns only after its fsync, so a ballot or a floor change that
// was acknowledged survives a power cut (shared/notes/runtime.md: one fsync per commit).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS: readonly string[] = [
  // 1: the event log, and secret ballots kept apart from it.
  `CREATE TABLE events (
     seq        INTEGER PRIMARY KEY,
     at         INTEGER NOT NULL,
     meeting_id TEXT,
     type       TEXT NOT NULL,
     actor      TEXT NOT NULL,
     payload    TEXT NOT NULL,
     prev_hash  TEXT NOT NULL,
     hash       TEXT NOT NULL
   ) STRICT;
   CREATE INDEX events_meeting ON events(meeting_id, seq);
   -- A secret ballot has no seat, no time and no sequence. WITHOUT ROWID with a random key stores
   -- rows in key order, not insertion order, so neither the table nor its file layout tells which
   -- ballot came after which voter's vote.voted event.
   CREATE TABLE secret_ballots (
     id      BLOB PRIMARY KEY,
     vote_id TEXT NOT NULL,
     choice  TEXT NOT NULL
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX secret_ballots_vote ON secret_ballots(vote_id);`,
];

export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
