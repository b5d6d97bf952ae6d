import { stringify } from 'csv-stringify/sync';
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

/** `register --csv` (and `desk register --csv`): a header line, one row per entry, with a BOM so that spreadsheet programs on Chinese Windows read the UTF-8 correctly. */
export function registerCsv(entries: readonly RegisterEntry[]): string {
  const rows = entries.map((e) => REGISTER_COLUMNS.map((c) => (c === 'unclear' ? e.unclear.join(' ') : String(e[c] ?? ''))));
  return `\uFEFF${stringify([[...REGISTER_COLUMNS], ...rows])}`;
}
