import type { JournalEvent } from '../register/event.js';

/**
 * P1 at the desk: the days before which the control room purged personal data, as its synced
 * `pii.purged` events say. The desk then removes `pii` from its copies of those days' events.
 */
export function purgedBefore(events: readonly JournalEvent[]): string[] {
  return events.filter((e) => e.kind === 'pii.purged').map((e) => String((e.data as { before: string }).before));
}
