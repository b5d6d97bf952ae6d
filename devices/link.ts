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
