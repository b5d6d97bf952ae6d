import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { NewEvent } from '../src/register/event.js';
import { Journal } from '../src/register/journal.js';
import { FakeClock } from '../src/time/clock.js';
import { localIso } from '../src/time/zone.js';
import { SQLITE_TABLE } from './sqlite.js';
import { mark, msSince } from './stats.js';

export interface ConcurrentCase {
  timezone: string;
  siteKey: Buffer;
  atMs: number;
  draft: NewEvent;
  appenders: number;
  /** Appends by each appender, one after the other, each awaited. */
  each: number;
}

export interface Throughput {
  events: number;
  ms: number;
  perSecond: number;
}

/**
 * Ours: `appenders` callers sharing one journal (as the engine's devices, consoles and timers do),
 * each appending one event at a time and awaiting it. Appends that arrive during a flush share the
 * next one (group commit). From an empty journal; sealing is inside the timed region.
 */
export async function measureJournalConcurrent(dataDir: string, c: ConcurrentCase): Promise<Throughput> {
  const journal = await Journal.open({ dataDir, timezone: c.timezone, clock: new FakeClock(c.atMs), siteKey: c.siteKey });
  const start = mark();
  await Promise.all(
    Array.from({ length: c.appenders }, async () => {
      for (let i = 0; i < c.each; i++) await journal.append(c.draft);
    }),
  );
  const ms = msSince(start);
  await journal.close();
  const events = c.appenders * c.each;
  if (journal.position.nextSeq !== events + 1) throw new Error(`concurrent bench: expected ${events} events, the journal is at seq ${journal.position.nextSeq - 1}`);
  return { events, ms, perSecond: events / (ms / 1000) };
}

/**
 * SQLite with the same appenders: one connection per appender in its own thread (better-sqlite3 is
 * synchronous), WAL and synchronous=FULL, each append one BEGIN IMMEDIATE transaction that reads the
 * chain's last row and inserts the next sealed event (a hash chain needs its writers one at a time;
 * SQLite's lock and busy handler do that). From an empty table.
 */
export async function measureSqliteConcurrent(dir: string, c: ConcurrentCase): Promise<Throughput> {
  const file = join(dir, 'concurrent.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(SQLITE_TABLE);
  db.close();
  const at = localIso(c.atMs, c.timezone);
  const workers = Array.from({ length: c.appenders }, () => new Worker(new URL('./sqlite-writer.js', import.meta.url), { workerData: { file, each: c.each, draft: c.draft, at, siteKey: c.siteKey.toString('hex') } }));
  const message = (w: Worker, expected: string) =>
    new Promise<void>((done, fail) => {
      w.once('message', (m) => (m === expected ? done() : fail(new Error(`sqlite writer said ${String(m)}`))));
      w.once('error', fail);
    });
  await Promise.all(workers.map((w) => message(w, 'ready')));
  const start = mark();
  const finished = workers.map((w) => message(w, 'done'));
  for (const w of workers) w.postMessage('go');
  await Promise.all(finished);
  const ms = msSince(start);
  await Promise.all(workers.map((w) => w.terminate()));
  const check = new Database(file, { readonly: true });
  const count = (check.prepare('SELECT count(*) AS c FROM events').get() as { c: number }).c;
  check.close();
  const events = c.appenders * c.each;
  if (count !== events) throw new Error(`sqlite concurrent bench: expected ${events} rows, found ${count}`);
  return { events, ms, perSecond: events / (ms / 1000) };
}
