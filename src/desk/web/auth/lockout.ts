import type { Clock } from '../../../time/clock.js';

/**
 * Failed sign-ins per badge: `attempts` failures within the lock's length lock the badge for
 * `lockMs` from the last one. A success clears the count. Seeded from the audit log at start, so
 * a restart does not unlock anyone.
 */
export class Lockout {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly attempts: number,
    private readonly lockMs: number,
  ) {}

  /** Until when the badge is locked (ms), or undefined. */
  lockedUntil(badge: string): number | undefined {
    const recent = this.recent(badge);
    if (recent.length < this.attempts) return undefined;
    const until = recent.at(-1)! + this.lockMs;
    return until > this.clock.now() ? until : undefined;
  }

  /** Records a failure at `at` (now by default); true when this failure locks the badge. */
  fail(badge: string, at = this.clock.now()): boolean {
    const list = [...this.recent(badge), at];
    this.failures.set(badge, list);
    return list.length === this.attempts;
  }

  succeed(badge: string): void {
    this.failures.delete(badge);
  }

  private recent(badge: string): number[] {
    const since = this.clock.now() - this.lockMs;
    return (this.failures.get(badge) ?? []).filter((t) => t > since);
  }
}
