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
  // 2: people and their access (issue 4, R-ROLE-5, R-ACC-*). The directory is mutable state of
  // record; every change to it is also an event in the log (the audit trail). Credentials and
  // sessions never enter the log: it syncs to the provincial server, password hashes must not.
  `CREATE TABLE units (
     id         TEXT PRIMARY KEY,
     name       TEXT NOT NULL,
     short_name TEXT,
     parent_id  TEXT REFERENCES units(id),
     active     INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE persons (
     id          TEXT PRIMARY KEY,
     unit_id     TEXT NOT NULL REFERENCES units(id),
     full_name   TEXT NOT NULL,
     title       TEXT,
     email       TEXT,
     phone       TEXT,
     sso_subject TEXT UNIQUE,
     roles       TEXT NOT NULL DEFAULT '[]',
     active      INTEGER NOT NULL DEFAULT 1,
     created_at  INTEGER NOT NULL,
     updated_at  INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX persons_unit ON persons(unit_id);
   CREATE TABLE committees (
     id         TEXT PRIMARY KEY,
     name       TEXT NOT NULL,
     unit_id    TEXT REFERENCES units(id),
     active     INTEGER NOT NULL DEFAULT 1,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE committee_members (
     committee_id TEXT NOT NULL REFERENCES committees(id),
     person_id    TEXT NOT NULL REFERENCES persons(id),
     PRIMARY KEY (committee_id, person_id)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE accounts (
     person_id           TEXT PRIMARY KEY REFERENCES persons(id),
     username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
     password_hash       TEXT NOT NULL,
     password_changed_at INTEGER NOT NULL,
     must_change         INTEGER NOT NULL,
     one_time_expires_at INTEGER,
     failed_count        INTEGER NOT NULL DEFAULT 0,
     locked_until        INTEGER,
     last_login_at       INTEGER
   ) STRICT;
   CREATE TABLE password_history (
     person_id TEXT NOT NULL REFERENCES persons(id),
     hash      TEXT NOT NULL,
     at        INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX password_history_person ON password_history(person_id, at);
   -- The cookie carries a random token; only its SHA-256 is stored, so a copy of the file opens
   -- no session.
   CREATE TABLE sessions (
     id           BLOB PRIMARY KEY,
     person_id    TEXT NOT NULL REFERENCES persons(id),
     csrf         TEXT NOT NULL,
     via          TEXT NOT NULL,
     restricted   INTEGER NOT NULL,
     created_at   INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     expires_at   INTEGER NOT NULL,
     ip           TEXT,
     user_agent   TEXT
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX sessions_person ON sessions(person_id);
   -- The audit search filters by type and time.
   CREATE INDEX events_type ON events(type, seq);
   CREATE INDEX events_at ON events(at);`,
  // 3: a unit may ask for more frequent password changes than the deployment (R-ACC-2: BP asks
  // monthly where the province's rule is three months).
  `ALTER TABLE units ADD COLUMN password_expiry_days INTEGER;`,
  // 4: transcript lines (issue 5, R-ROOM-5). Kept out of the event log: what was said in a meeting
  // stays on this appliance, readable by few (the log syncs to the province); who read it is
  // audited in the log. `seq` orders lines for a reader's cursor.
  `CREATE TABLE transcript_lines (
     seq             INTEGER PRIMARY KEY,
     id              TEXT NOT NULL UNIQUE,
     meeting_id      TEXT NOT NULL,
     start_ms        INTEGER NOT NULL,
     end_ms          INTEGER NOT NULL,
     audio_offset_ms INTEGER NOT NULL,
     seats           TEXT NOT NULL,
     names           TEXT NOT NULL,
     overlap         INTEGER NOT NULL,
     text            TEXT NOT NULL,
     language        TEXT NOT NULL,
     final           INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX transcript_lines_meeting ON transcript_lines(meeting_id, start_ms);`,
  // 5: which parts of each meeting's recording the transcriber has done (issue 5): merged sample
  // intervals as JSON, so a backlog after a restart or a late model knows what is left.
  `CREATE TABLE transcript_coverage (
     meeting_id TEXT PRIMARY KEY,
     covered    TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) STRICT;`,
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
