import { systemClock } from '../src/time/clock.js';
/** A device link's state as the console's status line and `status --json` show it. */
export interface LinkState {
  device: string;
  up: boolean;
  /** When it last changed (epoch ms). */
  since: number;
  /** Why it is down, or how it came up. */
  reason: string;
}

/** Growing delays between reconnect attempts: 0.5 s doubling, capped near 10 s. */
export function reconnectDelay(attempt: number, firstMs = 500, maxMs = 8_000): number {
  return Math.min(maxMs, firstMs * 2 ** Math.max(0, attempt));
}

/**
 * A device's link state, told only when it goes up or down and the first time it is known: a
 * device that stays away through many retries is one report (each report is a journal event).
 * A new reason while the state holds only updates what `status` shows.
 */
export class LinkTracker {
  private state: LinkState;
  private reported = false;

  constructor(
    device: string,
    private readonly tell: (state: LinkState) => void,
  ) {
    this.state = { device, up: false, since: systemClock.now(), reason: 'not connected yet' };
  }

  get current(): LinkState {
    return { ...this.state };
  }

  set(up: boolean, reason: string): void {
    const changed = this.state.up !== up || !this.reported;
    this.state = { device: this.state.device, up, since: changed ? systemClock.now() : this.state.since, reason };
    if (!changed) return;
    this.reported = true;
    this.tell(this.current);
  }
}
