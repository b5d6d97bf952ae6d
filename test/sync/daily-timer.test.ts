import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DailyTimer } from '../../src/time/daily-timer.js';
import { localIso } from '../../src/time/zone.js';

const ZONE = 'Asia/Shanghai';

describe('R8: the daily slots fire by the site clock, not the machine clock', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('R8: 08:30 and 17:30 in the site zone, each once a day, with a clock shifted three days ahead of the machine', () => {
    vi.setSystemTime(Date.parse('2026-11-30T07:00:00.000+08:00'));
    const shift = 3 * 24 * 3600_000;
    const clock = { now: () => Date.now() + shift };
    const fired: string[] = [];
    const timers = ['0 30 8 * * *', '0 30 17 * * *'].map((p) => new DailyTimer(p, ZONE, clock, () => fired.push(localIso(clock.now(), ZONE).slice(0, 16))));
    expect(localIso(timers[0]!.next()!, ZONE)).toBe('2026-12-03T08:30:00.000+08:00');
    vi.advanceTimersByTime(2 * 24 * 3600_000);
    expect(fired).toEqual(['2026-12-03T08:30', '2026-12-03T17:30', '2026-12-04T08:30', '2026-12-04T17:30']);
    for (const t of timers) t.stop();
    vi.advanceTimersByTime(24 * 3600_000);
    expect(fired).toHaveLength(4);
  });

  it('a wall clock set forward past a slot fires it within 30 s, once, and plans the next', () => {
    vi.setSystemTime(Date.parse('2026-11-30T08:00:00.000+08:00'));
    let jump = 0;
    const clock = { now: () => Date.now() + jump };
    const fired: number[] = [];
    const timer = new DailyTimer('0 30 8 * * *', ZONE, clock, () => fired.push(clock.now()));
    jump = 3600_000; // NTP, or an operator setting the clock: 09:00 now
    vi.advanceTimersByTime(30_000);
    expect(fired).toHaveLength(1);
    expect(localIso(timer.next()!, ZONE)).toBe('2026-12-01T08:30:00.000+08:00');
    vi.advanceTimersByTime(3600_000);
    expect(fired).toHaveLength(1);
    timer.stop();
  });
});
