import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { JournalEvent, NewEvent } from '../src/register/event.js';
import { ChainTail } from './reference.js';
import { mark, msSince } from './stats.js';

/**
 * Reference (c): lowdb as it comes, the whole year in ONE JSON file. Every db.write() stringifies
 * the whole document (pretty-printed) and rewrites the whole file through steno (temp file +
 * rename, and no fsync at all, so it is even spared the cost the journal pays for durability).
 * That is what the day-file layout avoids; a write here costs in proportion to the history.
 */
export async function measureLowdbAppends(dir: string, history: readonly JournalEvent[], tail: ChainTail, draft: NewEvent, n: number): Promise<{ samples: number[]; fileBytes: number }> {
  const db = new Low<{ events: JournalEvent[] }>(new JSONFile(join(dir, 'db.json')), { events: [] });
  db.data = { events: [...history] };
  await db.write(); // the year of history on disk; not measured
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = mark();
    db.data.events.push(tail.next(draft));
    await db.write();
    samples.push(msSince(start));
  }
  const fileBytes = Buffer.byteLength(JSON.stringify(db.data, null, 2));
  return { samples, fileBytes };
}
