import type { NewEvent } from '../src/register/event.js';
import { Journal } from '../src/register/journal.js';
import { FakeClock } from '../src/time/clock.js';
import { localDay } from '../src/time/zone.js';
import { mark, msSince } from './stats.js';

export interface JournalAppendCase {
  dataDir: string;
  timezone: string;
  siteKey: Buffer;
  /** The instant every append is stamped with; a stopped clock keeps all of them in one day file. */
  atMs: number;
  n: number;
  draft: NewEvent;
}

/**
 * Latency of Journal.append, one event per call and each awaited, as the engine records a command:
 * the promise resolves only after the event's line is written and fdatasynced. Opening the journal
 * (which checks the history) is not part of the measure.
 */
export async function measureJournalAppends(c: JournalAppendCase): Promise<number[]> {
  return (await measureJournalAppendsBeside(c, c.n, () => 0)).samples;
}

/**
 * The same, with a reference store's append timed right after each of the last `beside` appends:
 * on a shared machine the disk's flush time drifts from minute to minute, and a reference timed in
 * alternation with ours sees the same disk.
 */
export async function measureJournalAppendsBeside(c: JournalAppendCase, beside: number, reference: () => number): Promise<{ samples: number[]; reference: number[] }> {
  const journal = await Journal.open({ dataDir: c.dataDir, timezone: c.timezone, clock: new FakeClock(c.atMs), siteKey: c.siteKey });
  const samples: number[] = [];
  const references: number[] = [];
  for (let i = 0; i < c.n; i++) {
    const start = mark();
    await journal.append(c.draft);
    samples.push(msSince(start));
    if (i >= c.n - beside) references.push(reference());
  }
  await journal.close();
  // Guard the premise of the comparison: every event went into the one fresh day file. When a day
  // lies behind it, the journal opens the new file with that day's day.closed (written together
  // with the first append), so one extra event there is expected.
  const day = localDay(c.atMs, c.timezone);
  const events = journal.currentDayEvents();
  const measured = events.filter((e) => e.kind === c.draft.kind).length;
  if (journal.currentDay !== day || measured !== c.n || events.length - measured > 1) {
    throw new Error(`journal bench: expected ${c.n} ${c.draft.kind} events in a fresh ${day} file, found ${events.length} events in ${journal.currentDay}`);
  }
  return { samples, reference: references };
}
