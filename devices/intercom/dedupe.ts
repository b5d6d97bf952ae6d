/**
 * The panel resends a message until it is acknowledged: every 2 s, at most 5 times. So a resend
 * arrives within ~10 s of the first copy, and of when it was recorded. The window allows for a
 * slow line.
 */
export const RESEND_WINDOW_MS = 15_000;

/**
 * Recognises the panel's retransmissions: a message is a resend when its seq was recorded with the
 * same bytes within the resend window. The same seq and bytes later than that are a new message
 * (the panel restarted and its numbering began again, or it wrapped after 9999). A BOOT needs no
 * special case: after a restart the old messages age out of the window, and a late resend of a
 * BOOT whose first copy was lost does not make the new run's messages look new. Bounded: only the
 * most recent `capacity` messages are remembered.
 */
export class RetransmissionFilter {
  private readonly seen = new Map<number, { body: string; durable: boolean; at: number }>();

  constructor(private readonly capacity = 1_000) {}

  /** 'new' (record it), 'in-flight' (being recorded; the ACK will follow) or 'done' (ACK again). */
  classify(seq: number, body: string, now = Date.now()): 'new' | 'in-flight' | 'done' {
    const known = this.seen.get(seq);
    if (!known || known.body !== body) return 'new';
    if (!known.durable) return 'in-flight';
    return now - known.at <= RESEND_WINDOW_MS ? 'done' : 'new';
  }

  begin(seq: number, body: string, at = Date.now()): void {
    this.seen.delete(seq);
    this.seen.set(seq, { body, durable: false, at });
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
  }

  /** The message is durable: a resend of it only needs another ACK. */
  done(seq: number, body: string): void {
    const known = this.seen.get(seq);
    if (known && known.body === body) known.durable = true;
  }

  /** Recording failed: forget it so that the panel's resend is recorded. */
  forget(seq: number, body: string): void {
    if (this.seen.get(seq)?.body === body) this.seen.delete(seq);
  }
}
