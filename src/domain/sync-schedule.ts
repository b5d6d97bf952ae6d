import { DateTime } from 'luxon';

/** The scheduled instants on the local days around `now` (yesterday to tomorrow), in order. */
function instantsAround(times: readonly string[], timezone: string, now: number): number[] {
  const local = DateTime.fromMillis(now, { zone: timezone });
  const out: number[] = [];
  for (const dayOffset of [-1, 0, 1]) {
    for (const t of times) {
      const [h, m] = t.split(':').map(Number);
      out.push(local.plus({ days: dayOffset }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis());
    }
  }
  return out.sort((a, b) => a - b);
}

/** R8: the next scheduled sync after `now`, from the configured local times of day. */
export function nextSyncAt(times: readonly string[], timezone: string, now: number): number {
  return instantsAround(times, timezone, now).find((at) => at > now)!;
}

/** The most recent scheduled sync at or before `now`. */
export function previousSyncAt(times: readonly string[], timezone: string, now: number): number {
  return instantsAround(times, timezone, now).findLast((at) => at <= now)!;
}

/** How long a scheduled sync may take (retries included) before it shows as overdue. */
export const SYNC_GRACE_MS = 10 * 60_000;

export interface SyncHistory {
  /** The last time the desk got the register (epoch ms), if ever. */
  lastSuccessAt: number | undefined;
  /** When this site began syncing (its first start with sync, or its first event): the schedule counts from there. */
  since: number;
  /** Failed attempts since the last success. */
  failures: number;
}

/**
 * The scheduled sync that is owed: the first scheduled time after the last success (or after the
 * site began syncing), when it has passed. Undefined when nothing scheduled has been missed.
 */
export function syncDueSince(times: readonly string[], timezone: string, h: SyncHistory, now: number): number | undefined {
  const due = nextSyncAt(times, timezone, h.lastSuccessAt ?? h.since);
  return due <= now ? due : undefined;
}

/**
 * R8: a sync is overdue when a scheduled time has passed without a success after it, and either
 * an attempt since has failed or it has been owed longer than the grace period.
 */
export function isSyncOverdue(times: readonly string[], timezone: string, h: SyncHistory, now: number): boolean {
  const due = syncDueSince(times, timezone, h, now);
  return due !== undefined && (h.failures > 0 || now - due > SYNC_GRACE_MS);
}

/** Delays between retries after a failed sync: growing, then staying at the last one. */
export const DEFAULT_RETRY_DELAYS_MS = [60_000, 2 * 60_000, 5 * 60_000, 10 * 60_000, 15 * 60_000];

export function retryDelay(failures: number, delays: readonly number[] = DEFAULT_RETRY_DELAYS_MS): number {
  return delays[Math.min(Math.max(failures, 1), delays.length) - 1]!;
}
