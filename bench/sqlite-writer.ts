/**
 * One of measureSqliteConcurrent's appenders (concurrent.ts), in a worker thread: its own
 * connection, one sealed event per BEGIN IMMEDIATE transaction, chained to the table's last row.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { GENESIS_HASH, type NewEvent } from '../src/register/event.js';
import { seal } from '../src/register/seal.js';
import { sqliteRow } from './sqlite.js';

const { file, each, draft, at, siteKey } = workerData as { file: string; each: number; draft: NewEvent; at: string; siteKey: string };
const key = Buffer.from(siteKey, 'hex');
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 60000');
const last = db.prepare('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1');
const insert = db.prepare('INSERT INTO events (seq, at, kind, actor, data, pii, piiDigest, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
const append = db.transaction(() => {
  const prev = last.get() as { seq: number; hash: string } | undefined;
  insert.run(...sqliteRow(seal(draft, (prev?.seq ?? 0) + 1, at, prev?.hash ?? GENESIS_HASH, key)));
});
parentPort!.once('message', () => {
  for (let i = 0; i < each; i++) append.immediate();
  db.close();
  parentPort!.postMessage('done');
});
parentPort!.postMessage('ready');
