import type { SiteConfig } from '../config/types.js';
import { readSince } from '../register/reader.js';
import { EntryBook, type RegisterEntry } from './entries.js';

/**
 * A day's register read straight from the journal files (for commands that run beside the daemon):
 * that day's entries with every later amendment and closing applied.
 */
export async function registerOfDay(config: SiteConfig, day: string, now: number): Promise<RegisterEntry[]> {
  const book = new EntryBook(config.site.timezone, config.deadlineHours);
  return book.applyAll(await readSince(config.dataDir, day)).ofDay(day, now);
}

/** The columns DESIGN.md names for `register --json` / `--csv`, in order. */
export const REGISTER_COLUMNS = [
  'id',
  'receivedAt',
  'channel',
  'station',
  'address',
  'resident',
  'phone',
  'category',
  'content',
  'appointmentAt',
  'status',
  'firstResponder',
  'orderNo',
  'unclear',
  'deadline',
  'overdue',
] as const satisfies readonly (keyof RegisterEntry)[];
