import type { JournalEvent } from '../register/event.js';

/** A day file's vital numbers: what `day.closed` records about it. */
export interface DaySummary {
  day: string;
  count: number;
  lastHash: string;
}

export function summarize(day: string, events: readonly JournalEvent[]): DaySummary | undefined {
  const last = events.at(-1);
  return last ? { day, count: events.length, lastHash: last.hash } : undefined;
}

/**
 * R8: which finished day still needs its `day.closed`, if any. The journal writes in day order, so
 * only the two newest day files can lack one: the newest, once it is in the past, and the one before
 * it, when the newest (today's) does not close it yet. Days with no events have no file and need no
 * close.
 */
export function dayToClose(
  today: string,
  newest: { summary: DaySummary; events: readonly JournalEvent[] } | undefined,
  before: DaySummary | undefined,
): DaySummary | undefined {
  if (!newest) return undefined;
  if (newest.summary.day < today) return newest.summary;
  if (!before) return undefined;
  const closed = newest.events.some((e) => e.kind === 'day.closed' && (e.data as { day?: string }).day === before.day);
  return closed ? undefined : before;
}
