import { parseDayLines, MAX_DAY_FILE_BYTES, type ParsedDay } from './day-lines.js';
import { JournalDamagedError } from './errors.js';
import type { JournalEvent } from './event.js';
import { layout, listDayFiles, type DayFileRef } from './layout.js';
import { parseLegacyDayDoc } from './legacy-day-doc.js';
import { readRegularFile } from './safe-file.js';

/**
 * Read-only access for commands that run beside the daemon (`register`, `log`, `status`, sync):
 * they read the day files directly. The daemon only appends whole lines, so a reader sees every
 * event it has made durable, and at most an unfinished last line, which it leaves out (an append
 * under way, or one cut off by a crash, which the next start removes; `verify` and start-up judge
 * damage, readers only read).
 */
export async function readDayFile(ref: DayFileRef, tornTail: boolean): Promise<ParsedDay> {
  const bytes = await readDayBytes(ref);
  if (!bytes) throw new JournalDamagedError(ref.file, 'is missing');
  return parseDay(ref, bytes, tornTail);
}

export function parseDay(ref: DayFileRef, bytes: Buffer, tornTail: boolean): ParsedDay {
  if (ref.format === 'legacy') return { events: parseLegacyDayDoc(bytes, ref.file, ref.day) };
  return parseDayLines(bytes, ref.file, tornTail);
}

/** A day's events, from whichever format the day is stored in; none when there is no such day. */
export async function readDay(dataDir: string, day: string): Promise<JournalEvent[]> {
  const refs: DayFileRef[] = [
    { day, file: layout.dayFile(dataDir, day), format: 'lines' },
    { day, file: layout.legacyDayFile(dataDir, day), format: 'legacy' },
  ];
  for (const ref of refs) {
    const bytes = await readDayBytes(ref);
    if (bytes) return parseDay(ref, bytes, true).events;
  }
  return [];
}

/** Every event from the start of `fromDay` (inclusive) to the end of the journal, in order. */
export async function readSince(dataDir: string, fromDay: string): Promise<JournalEvent[]> {
  const out: JournalEvent[] = [];
  for (const ref of await listDayFiles(dataDir)) {
    if (ref.day < fromDay) continue;
    // One at a time: a day's events spread as arguments would overflow the stack on a busy day.
    for (const event of (await readDayFile(ref, true)).events) out.push(event);
  }
  return out;
}

/** A day file's bytes (bounded, regular files only), or undefined when it does not exist. */
export async function readDayBytes(ref: DayFileRef): Promise<Buffer | undefined> {
  try {
    return await readRegularFile(ref.file, MAX_DAY_FILE_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new JournalDamagedError(ref.file, `cannot be read (${(err as Error).message})`);
  }
}
