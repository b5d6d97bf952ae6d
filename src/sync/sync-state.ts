import type { SiteConfig } from '../config/types.js';
import { isSyncOverdue, nextSyncAt, syncDueSince } from '../domain/sync-schedule.js';
import { localIso } from '../time/zone.js';
import type { SyncCursor, SyncRecord } from './sync-files.js';

/** Sync as the console's status line and `status --json` show it. Times are ISO 8601 with the site's offset. */
export interface SyncState {
  /** The configured target, without secrets. */
  target: string;
  running: boolean;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  /** Why the last attempt failed; null after a success. */
  lastError: string | null;
  /** Failed attempts since the last success. */
  failures: number;
  /** The next scheduled sync (R8). */
  nextDueAt: string;
  /** When the next retry runs, after a failure. */
  retryAt: string | null;
  /** A scheduled sync has passed without a success after it (R8). */
  overdue: boolean;
  /** The scheduled time that is owed, when one is. */
  dueSince: string | null;
  /** The desk has acknowledged every event up to this seq. */
  acknowledgedSeq: number;
  /** Delivered up to this seq (a shared folder: written there, the desk's receipt still to come). */
  deliveredSeq: number;
  /** The journal's last seq. */
  headSeq: number;
  /** Events the desk has not yet acknowledged. */
  backlog: number;
}

export function describeSync(
  config: SiteConfig,
  target: string,
  r: SyncRecord | undefined,
  cursor: SyncCursor | undefined,
  headSeq: number,
  now: number,
  live: { running: boolean; retryAt: number | null } = { running: false, retryAt: null },
): SyncState {
  const { times } = config.sync;
  const tz = config.site.timezone;
  const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : localIso(ms, tz));
  const history = { lastSuccessAt: r?.lastSuccessAt ?? undefined, since: r?.since ?? now, failures: r?.failures ?? 0 };
  const acknowledgedSeq = cursor && cursor.target === target ? cursor.seq : 0;
  return {
    target,
    running: live.running,
    lastSuccessAt: iso(r?.lastSuccessAt),
    lastAttemptAt: iso(r?.lastAttemptAt),
    lastError: r?.lastError ?? null,
    failures: r?.failures ?? 0,
    nextDueAt: localIso(nextSyncAt(times, tz, now), tz),
    retryAt: iso(live.retryAt),
    overdue: isSyncOverdue(times, tz, history, now),
    dueSince: iso(syncDueSince(times, tz, history, now)),
    acknowledgedSeq,
    deliveredSeq: Math.max(r?.target === target ? r.deliveredSeq : 0, acknowledgedSeq),
    headSeq,
    backlog: Math.max(0, headSeq - acknowledgedSeq),
  };
}
