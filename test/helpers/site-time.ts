import { DateTime } from 'luxon';
import { systemClock, TEST_CLOCK_VAR } from '../../src/time/clock.js';

/**
 * The instant every test file stands at unless it says otherwise: a Monday morning in the example
 * estate's zone, a working day, after the 08:30 sync slot and well before the 17:30 one and before
 * midnight. Nothing in the suite depends on when it runs (issue 11).
 */
export const SUITE_INSTANT = '2026-11-30T10:00:00.000+08:00';

export const SITE_ZONE = 'Asia/Shanghai';

/**
 * Moves the clock of this test file, and of every process it starts from now on, so that it reads
 * `instant` now and runs on from there. Processes started earlier keep the clock they were given.
 */
export function standAt(instant: string | number): void {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`standAt: "${instant}" is not an instant`);
  process.env.NODE_ENV = 'test';
  process.env[TEST_CLOCK_VAR] = String(ms - Date.now());
}

/** Now, as the site's processes see it. */
export function siteNow(): number {
  return systemClock.now();
}

/** Now in the site's zone, for dates and times a test writes or expects. */
export function siteDateTime(): DateTime {
  return DateTime.fromMillis(systemClock.now(), { zone: SITE_ZONE });
}
