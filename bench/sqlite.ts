import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { JournalEvent, NewEvent } from '../src/register/event.js';
import { ChainTail } from './reference.js';
import { mark, msSince } from './stats.js';

type Row = [number, string, string, string, string, string | null, string | null, string, string];

export const SQLITE_TABLE = `CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT, kind TEXT, actor TEXT, data TEXT,
             pii TEXT, piiDigest TEXT, prev TEXT, hash TEXT)`;

export function sqliteRow(e: JournalEvent): Row {
  return [e.seq, e.at, e.kind, e.actor, JSON.stringify(e.data), e.pii ? JSON.stringify(e.pii) : null, e.piiDigest ?? null, e.prev, e.hash];
}

/**
 * Reference (d): what a database would give, durably. WAL mode with synchronous=FULL fsyncs the
 * WAL at every commit, so each single-row transaction is on disk when it returns, the same promise
 * Journal.append makes. The year of history goes in first in one transaction (not measured) and
 * is checkpointed, so the measured inserts start from a clean WAL beside a full table. `insert`
 * seals the next event of the chain and commits it as one transaction, returning its ms.
 */
export function openSqliteReference(dir: string, history: readonly JournalEvent[], tail: ChainTail, draft: NewEvent): { insert: () => number; close: (expected: number) => void } {
  const db = new Database(join(dir, 'register.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_TABLE);
  const insert = db.prepare('INSERT INTO events (seq, at, kind, actor, data, pii, piiDigest, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  db.transaction((events: readonly JournalEvent[]) => {
    for (const e of events) insert.run(...sqliteRow(e));
  })(history);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const insertOne = db.transaction((e: JournalEvent) => insert.run(...sqliteRow(e)));
  return {
    insert: () => {
      const start = mark();
      insertOne(tail.next(draft));
      return msSince(start);
    },
    close: (expected) => {
      const count = (db.prepare('SELECT count(*) AS c FROM events').get() as { c: number }).c;
      db.close();
      if (count !== history.length + expected) throw new Error(`sqlite bench: expected ${history.length + expected} rows, found ${count}`);
    },
  };
}
