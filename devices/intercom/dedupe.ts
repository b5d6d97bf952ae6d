/**
 * Recognises the panel's retransmissions. The panel resends a message (same sequence number, same
 * bytes) until it is acknowledged, so a message is a repeat when its seq was seen with the same
 * body. A different body under a known seq is new: the panel restarted or its numbering wrapped.
 * Bounded: only the most recent `capacity` messages are remembered, far more than can arrive
 * during the panel's 10 s of retransmissions.
 */
export class RetransmissionFilter {
  private readonly seen = new Map<number, { body: string; durable: boolean }>();

  constructor(private readonly capacity = 1_000) {}

  /** 'new' (record it), 'in-flight' (being recorded; the ACK will follow) or 'done' (ACK again). */
  classify(seq: number, body: string): 'new' | 'in-flight' | 'done' {
    const known = this.seen.get(seq);
    if (!known || known.body !== body) return 'new';
    return known.durable ? 'done' : 'in-flight';
  }

  begin(seq: number, body: string): void {
    this.seen.delete(seq);
    this.seen.set(seq, { body, durable: false });
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
  }

  /** The message is durable: a repeat of it only needs another ACK. */
  done(seq: number, body: string): void {
    const known = this.seen.get(seq);
    if (known && known.body === body) known.durable = true;
  }

  /** Recording failed: forget it so that the panel's resend is recorded. */
  forget(seq: number, body: string): void {
    if (this.seen.get(seq)?.body === body) this.seen.delete(seq);
  }

  /** The panel rebooted: its numbering starts again. */
  reset(): void {
    this.seen.clear();
  }
}
