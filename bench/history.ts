import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { eventLine } from '../src/register/day-lines.js';
import { GENESIS_HASH, type JournalEvent, type NewEvent } from '../src/register/event.js';
import { layout } from '../src/register/layout.js';
import { seal } from '../src/register/seal.js';
import { localIso, nextDay, previousDay, startOfDay } from '../src/time/zone.js';
import { entryAmended, entryClosed, entryCreated, seededRandom } from './payload.js';

export interface HistoryDay {
  day: string;
  events: JournalEvent[];
}

export interface History {
  days: HistoryDay[];
  /** Every event, oldest first: what the lowdb and SQLite references are filled with. */
  events: JournalEvent[];
}

export interface HistoryOptions {
  /** The newest day of the history; the bench appends into the day after it. */
  lastDay: string;
  days: number;
  perDay: number;
  timezone: string;
  siteKey: Buffer;
}

/**
 * A valid journal history built directly with seal(), without Journal.append: appending 109,500
 * events through the journal would rewrite and fsync a day file per event and take many minutes.
 * The result is a chain `control-room verify` accepts: seqs 1..N, each prev the hash before it,
 * timestamps spread evenly over each local day, and every day after the first opening with the
 * `day.closed` of the day before, as the journal writes it into the first write of a new day.
 */
export function buildHistory(opts: HistoryOptions): History {
  const rand = seededRandom(1);
  let day = opts.lastDay;
  for (let i = 1; i < opts.days; i++) day = previousDay(day);

  const days: HistoryDay[] = [];
  const events: JournalEvent[] = [];
  let prev = GENESIS_HASH;
  for (let d = 0; d < opts.days; d++, day = nextDay(day)) {
    const start = startOfDay(day, opts.timezone);
    const step = (startOfDay(nextDay(day), opts.timezone) - start) / opts.perDay;
    const dayEvents: JournalEvent[] = [];
    const open: string[] = [];
    let created = 0;
    for (let i = 0; i < opts.perDay; i++) {
      const at = localIso(Math.floor(start + (i + 0.5) * step), opts.timezone);
      const draft = draftFor(i, d, days.at(-1), open, () => entryCreated(rand, day, ++created, at), rand);
      const event = seal(draft, events.length + 1, at, prev, opts.siteKey);
      prev = event.hash;
      dayEvents.push(event);
      events.push(event);
    }
    days.push({ day, events: dayEvents });
  }
  return { days, events };
}

/** A mix like a working day's: mostly new entries, about a third closed again, a few amended. */
function draftFor(i: number, d: number, yesterday: HistoryDay | undefined, open: string[], create: () => NewEvent, rand: () => number): NewEvent {
  if (i === 0 && d > 0 && yesterday) {
    const last = yesterday.events.at(-1)!;
    return { kind: 'day.closed', actor: 'system', data: { day: yesterday.day, count: yesterday.events.length, lastHash: last.hash } };
  }
  const r = rand();
  if (open.length > 0 && r < 0.3) return entryClosed(rand, open.splice(Math.floor(rand() * open.length), 1)[0]!);
  if (open.length > 0 && r < 0.37) return entryAmended(rand, open[Math.floor(rand() * open.length)]!);
  const draft = create();
  open.push(String(draft.data.id));
  return draft;
}

/**
 * Writes the history's day files into each data directory. Each day is serialized once (with the
 * journal's own eventLine, so the bytes are what the journal would have written) and written
 * with writeFileSync. `flush` fsyncs each file once (one per day file, not per event: well under a
 * second in all), so that the kernel is not still writing 100 MB of fresh history back to disk
 * while the appends after it are being timed.
 */
export function writeHistory(history: History, dataDirs: readonly string[]): number {
  let bytes = 0;
  for (const { day, events } of history.days) {
    const text = events.map(eventLine).join('');
    bytes += Buffer.byteLength(text);
    for (const dataDir of dataDirs) {
      const file = layout.dayFile(dataDir, day);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text, { flush: true });
    }
  }
  return bytes;
}
