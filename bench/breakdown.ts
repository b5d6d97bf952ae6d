import { closeSync, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeDayDoc } from '../src/register/day-file.js';
import type { NewEvent } from '../src/register/event.js';
import { seal } from '../src/register/seal.js';
import { mark, median, msSince } from './stats.js';

export const STEPS = ['seal', 'serialize', 'open temp', 'write', 'fsync file', 'close', 'rename', 'fsync dir'] as const;
export type Step = (typeof STEPS)[number];

export interface BreakdownRow {
  events: number;
  bytes: number;
  /** Median ms of each step over the repetitions. */
  steps: Record<Step, number>;
}

/**
 * Where a journal append's time goes. Replays what Journal.append does for one event (seal, then
 * serializeDayDoc and the steps of writeFileDurably in durable-write.ts) with a timer between the
 * steps, for a day file holding `sizes` events. The file steps are copied here, not called, so
 * keep them in step with durable-write.ts. The sum is a little below a real append, which also
 * goes through lowdb and the journal's queue.
 */
export async function appendBreakdown(dir: string, draft: NewEvent, siteKey: Buffer, at: string, sizes: readonly number[], reps: number): Promise<BreakdownRow[]> {
  const events = Array.from({ length: Math.max(...sizes) }, (_, i) => seal(draft, i + 1, at, '0'.repeat(64), siteKey));
  const file = join(dir, 'day.json');
  const temp = join(dir, '.day.json.tmp');
  const rows: BreakdownRow[] = [];
  for (const size of sizes) {
    const doc = { format: 1 as const, site: 'bench', day: at.slice(0, 10), events: events.slice(0, size) };
    const samples = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
    let t = mark();
    const lap = (step: Step) => {
      samples[step].push(msSince(t));
      t = mark();
    };
    for (let r = 0; r < reps; r++) {
      t = mark();
      seal(draft, size, at, '0'.repeat(64), siteKey);
      lap('seal');
      const text = serializeDayDoc(doc);
      lap('serialize');
      const handle = await open(temp, 'w', 0o640);
      lap('open temp');
      await handle.writeFile(text);
      lap('write');
      await handle.sync();
      lap('fsync file');
      await handle.close();
      lap('close');
      await rename(temp, file);
      lap('rename');
      const dirHandle = await open(dir, 'r');
      await dirHandle.sync();
      await dirHandle.close();
      lap('fsync dir');
    }
    const steps = Object.fromEntries(STEPS.map((s) => [s, median(samples[s])])) as Record<Step, number>;
    rows.push({ events: size, bytes: Buffer.byteLength(serializeDayDoc(doc)), steps });
  }
  return rows;
}

/**
 * The floor under any durable append on this disk: add one event's worth of bytes to a file and
 * fdatasync it (what SQLite's WAL does per commit). Median ms.
 */
export function rawSyncFloor(dir: string, reps: number): number {
  const fd = openSync(join(dir, 'raw-sync'), 'w');
  const samples: number[] = [];
  try {
    for (let i = 0; i < reps; i++) {
      writeSync(fd, 'x'.repeat(700));
      const t = mark();
      fdatasyncSync(fd);
      samples.push(msSince(t));
    }
  } finally {
    closeSync(fd);
  }
  return median(samples);
}
