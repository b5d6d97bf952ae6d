import { readFile } from 'node:fs/promises';
import { parseDayDoc } from './day-file.js';
import type { JournalEvent } from './event.js';
import { layout, listDayFiles } from './layout.js';

/**
 * Read-only access for commands that run beside the daemon (`register`, `log`, `verify`): they read
 * the day files directly. Files are replaced by rename, so a reader never sees a half-written one.
 */
export async function readDay(dataDir: string, day: string): Promise<JournalEvent[]> {
  const file = layout.dayFile(dataDir, day);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return parseDayDoc(bytes, file).events;
}

/** Every event from the start of `fromDay` (inclusive) to the end of the journal, in order. */
export async function readSince(dataDir: string, fromDay: string): Promise<JournalEvent[]> {
  const out: JournalEvent[] = [];
  for (const ref of await listDayFiles(dataDir)) {
    if (ref.day < fromDay) continue;
    out.push(...parseDayDoc(await readFile(ref.file), ref.file).events);
  }
  return out;
}
