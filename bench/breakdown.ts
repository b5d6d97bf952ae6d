import { closeSync, constants, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { eventLine } from '../src/register/day-lines.js';
import type { NewEvent } from '../src/register/event.js';
import { seal } from '../src/register/seal.js';
import { mark, median, msSince } from './stats.js';

export const STEPS = ['seal', 'serialize', 'write', 'fdatasync'] as const;
export type Step = (typeof STEPS)[number];

export interface BreakdownRow {
  events: number;
  bytes: number;
  /** Median ms of each step over the repetitions. */
  steps: Record<Step, number>;
}

/**
 * Where a journal append's time goes. Replays what one append of one event does (seal, eventLine,
 * then AppendOnlyFile.append: one write with O_APPEND and one fdatasync) with a timer between the
 * steps, on a day file that already holds `sizes` events. The file steps are copied here, not
 * called, so keep them in step with append-file.ts. The sum is a little below a real append, which
 * also goes through lowdb, the group commit and the journal's in-memory day.
 */
export async function appendBreakdown(dir: string, draft: NewEvent, siteKey: Buffer, at: string, sizes: readonly number[], reps: number): Promise<BreakdownRow[]> {
  const rows: BreakdownRow[] = [];
  for (const size of sizes) {
    const file = join(dir, `day-${size}.jsonl`);
    const history = Array.from({ length: size }, (_, i) => eventLine(seal(draft, i + 1, at, '0'.repeat(64), siteKey))).join('');
    const handle = await open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o640);
    await handle.write(history);
    await handle.datasync();
    const samples = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
    let t = mark();
    const lap = (step: Step) => {
      samples[step].push(msSince(t));
      t = mark();
    };
    for (let r = 0; r < reps; r++) {
      t = mark();
      const event = seal(draft, size + r + 1, at, '0'.repeat(64), siteKey);
      lap('seal');
      const bytes = Buffer.from(eventLine(event));
      lap('serialize');
      await handle.write(bytes);
      lap('write');
      await handle.datasync();
      lap('fdatasync');
    }
    await handle.close();
    const steps = Object.fromEntries(STEPS.map((s) => [s, median(samples[s])])) as Record<Step, number>;
    rows.push({ events: size, bytes: Buffer.byteLength(history), steps });
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
