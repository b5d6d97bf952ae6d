import { performance } from 'node:perf_hooks';

/**
 * The panel resends a message until it is acknowledged: every 2 s, at most 5 times. So a resend
 * arrives within ~10 s of the first copy, and of when it was recorded. The window allows for a
 * slow line.
 */
export const RESEND_WINDOW_MS = 15_000;

/** A run of the panel that began this recently cannot have sent more messages than this yet. */
const YOUNG_RUN_MAX_SEQ = 100;

/**
 * How many messages the filter remembers: the resend window of a panel sending 2,000 messages a
 * second (a flood from a 115200-baud line), so that a resend that waited behind the flood, while
 * the register caught up, is still recognised. A few MB at most.
 */
const CAPACITY = 32_768;

/**
 * Recognises the panel's retransmissions: a message is a resend when the same bytes (seq
 * included) were recorded within the resend window. Later than that, the same bytes are a new
 * message (the panel restarted and its numbering began again, or it wrapped after 9999). Keyed by
 * the bytes, not the seq alone: at a flood's rate the seq wraps within the window, and a late
 * resend must not be mistaken for the newer message that now has its number (or the reverse).
 * Times come from a monotonic clock, so a wall-clock step cannot stretch or shrink the window.
 * Bounded: only the most recent `capacity` messages are remembered.
 */
export class RetransmissionFilter {
  private readonly seen = new Map<string, { seq: number; durable: boolean; at: number }>();

  constructor(private readonly capacity = CAPACITY) {}

  /** 'new' (record it), 'in-flight' (being recorded; the ACK will follow) or 'done' (ACK again). */
  classify(body: string, now = performance.now()): 'new' | 'in-flight' | 'done' {
    const known = this.seen.get(body);
    if (!known) return 'new';
    if (!known.durable) return 'in-flight';
    // A BOOT is always recorded: a panel that restarts twice within the window says the same words.
    if (body.startsWith('BOOT,')) return 'new';
    const age = now - known.at;
    return age >= 0 && age <= RESEND_WINDOW_MS ? 'done' : 'new';
  }

  begin(seq: number, body: string, at = performance.now()): void {
    this.seen.delete(body);
    this.seen.set(body, { seq, durable: false, at });
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.keys().next().value!);
  }

  /** Seeds a message recorded `ageMs` ago (from the journal, after a restart of the daemon). */
  remember(seq: number, body: string, ageMs: number, now = performance.now()): void {
    if (ageMs < 0 || ageMs > RESEND_WINDOW_MS) return; // too old to be resent, or stamped by a clock ahead
    this.begin(seq, body, now - ageMs);
    this.done(body);
  }

  /** The message is durable: a resend of it only needs another ACK. */
  done(body: string): void {
    const known = this.seen.get(body);
    if (known) known.durable = true;
  }

  /** Recording failed: forget it so that the panel's resend is recorded. */
  forget(body: string): void {
    this.seen.delete(body);
  }

  /**
   * A BOOT came: the messages of the panel's previous run are not resent any more and must not be
   * taken for resends. If a BOOT was already recorded within the window, this one is either that
   * BOOT resent (our ACK was lost) or a second restart seconds later; losing a call of the new run
   * would be worse than recording a resend twice, so everything is forgotten. Otherwise this BOOT
   * may be a late resend whose first copy was lost, arriving after messages of its own run: those
   * (recorded within the window and numbered like a run just begun) are kept.
   */
  panelRestarted(now = performance.now()): void {
    let recentBoot = false;
    for (const [body, m] of this.seen) if (m.durable && body.startsWith('BOOT,') && now - m.at <= RESEND_WINDOW_MS) recentBoot = true;
    for (const [body, m] of this.seen) {
      if (recentBoot || now - m.at > RESEND_WINDOW_MS || m.seq > YOUNG_RUN_MAX_SEQ) this.seen.delete(body);
    }
  }
}
