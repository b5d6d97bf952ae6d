import type { JournalEvent } from '../register/event.js';
import { listDayFiles } from '../register/layout.js';
import { readDay } from '../register/reader.js';
import { previousDay } from '../time/zone.js';

/** Days of the journal the projections always read back. */
export const PROJECTED_DAYS = 7;

/** The newest `day.closed`'s data: what was still open, and who was on duty, when the last day closed. */
export async function latestClosingNote(dataDir: string): Promise<Record<string, unknown> | undefined> {
  for (const ref of (await listDayFiles(dataDir)).slice(-2).reverse()) {
    const close = (await readDay(dataDir, ref.day)).findLast((e: JournalEvent) => e.kind === 'day.closed');
    if (close) return close.data;
  }
  return undefined;
}

/**
 * The first day the projections must read: a week back, or further when a register entry, a
 * callback owed, an order, an alarm or an escalation is still open from before that (each
 * `day.closed` notes the oldest such day in `openSince`), so that nothing open drops off the
 * screen however old it is (R5). After a quiet spell
 * it reaches back to the day the newest note closes, so that the note and whatever followed it in
 * its day file (a sign-on later that day) are both read.
 */
export function projectionStart(today: string, note: Record<string, unknown> | undefined): string {
  let from = today;
  for (let i = 1; i < PROJECTED_DAYS; i++) from = previousDay(from);
  for (const day of [note?.openSince, note?.day]) if (typeof day === 'string' && day < from) from = day;
  return from;
}

/**
 * Where the projections start reading, with the closing note they start from. A journal that has
 * never closed a day (one day file, however old) is read whole: all of it may still be open
 * business, and the first day close will note what is.
 */
export async function projectionWindow(dataDir: string, today: string): Promise<{ from: string; note: Record<string, unknown> | undefined }> {
  const note = await latestClosingNote(dataDir);
  const from = projectionStart(today, note);
  if (note) return { from, note };
  const first = (await listDayFiles(dataDir))[0]?.day;
  return { from: first !== undefined && first < from ? first : from, note };
}
