import { describe, expect, it } from 'vitest';
import { isSyncOverdue, nextSyncAt, previousSyncAt, retryDelay, syncDueSince, SYNC_GRACE_MS } from '../../src/domain/sync-schedule.js';
import { localIso } from '../../src/time/zone.js';

const SH = 'Asia/Shanghai';
const TIMES = ['08:30', '17:30'];
const at = (iso: string) => Date.parse(iso);
const local = (ms: number, zone = SH) => localIso(ms, zone);

describe('R8: the sync schedule, in the site\'s time zone', () => {
  it('R8: the next sync is the next configured local time; a time exactly now is not next', () => {
    expect(local(nextSyncAt(TIMES, SH, at('2026-11-30T08:29:59.999+08:00')))).toBe('2026-11-30T08:30:00.000+08:00');
    expect(local(nextSyncAt(TIMES, SH, at('2026-11-30T08:30:00.000+08:00')))).toBe('2026-11-30T17:30:00.000+08:00');
    expect(local(nextSyncAt(TIMES, SH, at('2026-11-30T23:00:00+08:00')))).toBe('2026-12-01T08:30:00.000+08:00');
    // 2026-11-30 16:00 UTC is already 00:00 on 12-01 in Shanghai.
    expect(local(nextSyncAt(TIMES, SH, at('2026-11-30T16:00:00Z')))).toBe('2026-12-01T08:30:00.000+08:00');
  });

  it('R8: the last scheduled sync at or before now', () => {
    expect(local(previousSyncAt(TIMES, SH, at('2026-11-30T08:30:00.000+08:00')))).toBe('2026-11-30T08:30:00.000+08:00');
    expect(local(previousSyncAt(TIMES, SH, at('2026-11-30T08:29:00+08:00')))).toBe('2026-11-29T17:30:00.000+08:00');
  });

  it('R8: a site west of UTC keeps its local times across the DST change (America/New_York)', () => {
    const ny = 'America/New_York';
    // 2026-11-01: clocks go back at 02:00 EDT; 08:30 that day is EST (-05:00), the day before EDT (-04:00).
    expect(local(nextSyncAt(TIMES, ny, at('2026-10-31T18:00:00-04:00')), ny)).toBe('2026-11-01T08:30:00.000-05:00');
    expect(local(nextSyncAt(TIMES, ny, at('2026-10-31T08:00:00-04:00')), ny)).toBe('2026-10-31T08:30:00.000-04:00');
  });

  it('R8: a sync is owed from the first scheduled time after the last success', () => {
    const h = { lastSuccessAt: at('2026-11-30T08:31:00+08:00'), since: at('2026-11-01T00:00:00+08:00'), failures: 0 };
    expect(syncDueSince(TIMES, SH, h, at('2026-11-30T17:29:00+08:00'))).toBeUndefined();
    expect(local(syncDueSince(TIMES, SH, h, at('2026-12-01T09:00:00+08:00'))!)).toBe('2026-11-30T17:30:00.000+08:00');
  });

  it('R8: overdue once a scheduled sync has failed, or after the grace period without success', () => {
    const base = { lastSuccessAt: at('2026-11-30T08:31:00+08:00'), since: at('2026-11-01T00:00:00+08:00'), failures: 0 };
    const due = at('2026-11-30T17:30:00+08:00');
    expect(isSyncOverdue(TIMES, SH, base, due - 1)).toBe(false);
    expect(isSyncOverdue(TIMES, SH, base, due + 60_000)).toBe(false); // under way: not yet overdue
    expect(isSyncOverdue(TIMES, SH, { ...base, failures: 1 }, due + 60_000)).toBe(true);
    expect(isSyncOverdue(TIMES, SH, base, due + SYNC_GRACE_MS + 1)).toBe(true);
    expect(isSyncOverdue(TIMES, SH, { ...base, lastSuccessAt: due + 120_000 }, due + SYNC_GRACE_MS + 1)).toBe(false);
  });

  it('R8: a site that never synced counts from when it began syncing', () => {
    const h = { lastSuccessAt: undefined, since: at('2026-11-30T09:00:00+08:00'), failures: 0 };
    expect(syncDueSince(TIMES, SH, h, at('2026-11-30T17:00:00+08:00'))).toBeUndefined();
    expect(local(syncDueSince(TIMES, SH, h, at('2026-11-30T18:00:00+08:00'))!)).toBe('2026-11-30T17:30:00.000+08:00');
  });

  it('retries come after growing delays, then stay at the longest', () => {
    const delays = [1, 2, 5];
    expect([1, 2, 3, 4, 9].map((n) => retryDelay(n, delays))).toEqual([1, 2, 5, 5, 5]);
    expect([1, 2, 3, 4, 5, 6].map((n) => retryDelay(n) / 60_000)).toEqual([1, 2, 5, 10, 15, 15]);
  });
});
