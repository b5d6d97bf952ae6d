import { Cron } from 'croner';
import type { Clock } from './clock.js';

/** The longest single wait: a wall clock set forward or back (NTP, an operator) is noticed within it. */
const MAX_WAIT_MS = 30_000;

/**
 * Runs `fire` at each local time of day a cron pattern names, in the site's zone, by the given
 * clock rather than the machine's: a clock shifted for tests and the real one fire alike. Croner
 * computes the next instant; the waiting is ours, in pieces of at most 30 s, each re-reading the clock.
 */
export class DailyTimer {
  private readonly pattern: Cron;
  private timer: NodeJS.Timeout | undefined;
  private nextAt: number | undefined;
  private stopped = false;

  constructor(
    pattern: string,
    zone: string,
    private readonly clock: Clock,
    private readonly fire: () => void,
  ) {
    this.pattern = new Cron(pattern, { timezone: zone, paused: true });
    this.plan(clock.now());
  }

  /** The next instant it fires (ms): what the tests check the plan by, across midnight and DST. */
  next(): number | undefined {
    return this.nextAt;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private plan(after: number): void {
    this.nextAt = this.pattern.nextRun(new Date(after))?.getTime();
    this.wait();
  }

  private wait(): void {
    if (this.stopped || this.nextAt === undefined) return;
    const left = this.nextAt - this.clock.now();
    if (left <= 0) {
      const firedAt = this.nextAt;
      this.plan(Math.max(firedAt, this.clock.now()));
      this.fire();
      return;
    }
    this.timer = setTimeout(() => this.wait(), Math.min(left, MAX_WAIT_MS));
  }
}
