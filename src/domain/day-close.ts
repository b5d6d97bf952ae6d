import type { JournalEvent, NewEvent } from '../register/event.js';

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
 * R8: the event that closes a finished day, so that the service desk knows it has the day whole.
 * It is the first event of the next day file, written in the same durable write as whatever comes
 * first after midnight, so no day can be left unclosed once a later day has begun.
 */
export function dayClosedEvent(summary: DaySummary, note: Record<string, unknown> = {}): NewEvent {
  return { kind: 'day.closed', actor: 'system', data: { ...note, day: summary.day, count: summary.count, lastHash: summary.lastHash } };
}
