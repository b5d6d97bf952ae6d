import { Transform, type TransformCallback } from 'node:stream';
import { parseBody, type PanelMessage, type ParseFailure } from './messages.js';

/** A whole frame is at most 128 bytes, `$` through the line end. */
export const MAX_FRAME = 128;

export type DiscardReason = 'no-dollar' | 'too-long' | 'bad-checksum' | 'bad-frame' | 'unknown-type' | 'bad-field';

export type DiscardCounts = Record<DiscardReason, number>;

export function emptyDiscardCounts(): DiscardCounts {
  return { 'no-dollar': 0, 'too-long': 0, 'bad-checksum': 0, 'bad-frame': 0, 'unknown-type': 0, 'bad-field': 0 };
}

const DOLLAR = 0x24;
const STAR = 0x2a;
/** '0'-'9', 'A'-'F' as bytes: the checksum's two uppercase hex digits. */
const HEX = Buffer.from('0123456789ABCDEF', 'latin1');
const LF = 0x0a;
const CR = 0x0d;

/**
 * Bytes from the panel in, typed messages out. Hunts for `$`, takes the frame up to LF (CR LF or a
 * bare LF), checks `*CS` and hands the body to parseBody. Everything else is dropped and counted
 * by reason: bytes outside a frame (no-dollar), a frame over 128 bytes (too-long), a wrong
 * checksum, a frame cut short by a new `$` or without `*CS` (bad-frame), and bodies that are not a
 * message (unknown-type, bad-field). Its buffer never holds more than one frame, whatever arrives.
 */
export class PanelFramer<T extends { body: string } = PanelMessage> extends Transform {
  received = 0;
  /** The frame being collected, starting at `$`; empty while hunting. */
  private frame = Buffer.alloc(MAX_FRAME);
  private length = 0;
  /** Inside an over-long frame: drop bytes until the line ends or a new `$`. */
  private skipping = false;
  /** Hunting: some non-blank bytes were already dropped since the last frame (counted once). */
  private noise = false;

  /**
   * @param discarded counts to add to; a link that builds a fresh framer for every reconnect
   *   passes the same counts to each.
   * @param parse what a body means; the panel's messages by default, the host's for the simulator.
   */
  constructor(
    readonly discarded: DiscardCounts = emptyDiscardCounts(),
    private readonly parse: (body: string) => T | ParseFailure = parseBody as unknown as (body: string) => T | ParseFailure,
  ) {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let i = 0;
    while (i < chunk.length) i = this.length === 0 && !this.skipping ? this.hunt(chunk, i) : this.collect(chunk, i);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.length > 0) this.discard('bad-frame');
    done();
  }

  /** Outside a frame: jump to the next `$`; anything but line ends on the way is noise. */
  private hunt(chunk: Buffer, from: number): number {
    const dollar = chunk.indexOf(DOLLAR, from);
    const end = dollar === -1 ? chunk.length : dollar;
    for (let i = from; i < end; i++) {
      const b = chunk[i]!;
      if (b === LF) this.noise = false;
      else if (b !== CR && !this.noise) {
        this.noise = true;
        this.discarded['no-dollar'] += 1;
      }
    }
    if (dollar === -1) return chunk.length;
    this.noise = false;
    // The common case: the whole frame is in this chunk. Check it where it lies, without copying.
    const lf = chunk.indexOf(LF, dollar + 1);
    if (lf !== -1 && lf - dollar < MAX_FRAME && chunk.lastIndexOf(DOLLAR, lf) === dollar) {
      this.finish(chunk, dollar, lf);
      return lf + 1;
    }
    this.frame[0] = DOLLAR;
    this.length = 1;
    return dollar + 1;
  }

  /** Inside a frame (or skipping an over-long one): take bytes up to the line end or a new `$`. */
  private collect(chunk: Buffer, from: number): number {
    const lf = chunk.indexOf(LF, from);
    // A `$` before the line end starts a new frame. Searching back from the LF stops at most at this
    // frame's own `$`, so the common case costs a few bytes, not a second scan of the chunk.
    const back = lf === -1 ? -1 : chunk.lastIndexOf(DOLLAR, lf);
    const dollar = lf === -1 ? chunk.indexOf(DOLLAR, from) : back >= from ? chunk.indexOf(DOLLAR, from) : -1;
    const stop = dollar !== -1 && (lf === -1 || dollar < lf) ? dollar : lf;
    const end = stop === -1 ? chunk.length : stop;
    if (!this.skipping) {
      const room = MAX_FRAME - 1 - this.length;
      const take = Math.min(end - from, room);
      chunk.copy(this.frame, this.length, from, from + take);
      this.length += take;
      if (end - from > room) {
        // No room left for the line end: the frame is over 128 bytes. Drop it up to its end.
        this.length = 0;
        this.skipping = true;
        this.discarded['too-long'] += 1;
      }
    }
    if (stop === -1) return chunk.length;
    if (stop === dollar) {
      // A new frame starts before this one ended: the old one was cut short.
      if (this.length > 0) this.discard('bad-frame');
      this.skipping = false;
      return stop; // hunt() takes the `$`
    }
    if (this.skipping) this.skipping = false;
    else {
      const length = this.length;
      this.length = 0;
      this.finish(this.frame, 0, length);
    }
    return stop + 1;
  }

  /** A whole line, `$` at `start` to LF at `lf` (exclusive): check it and push the message. */
  private finish(buf: Buffer, start: number, lf: number): void {
    let end = lf;
    if (buf[end - 1] === CR) end -= 1;
    const star = end - 3;
    if (star < start + 1 || buf[star] !== STAR) return this.discard('bad-frame', false);
    let sum = 0;
    for (let i = start + 1; i < star; i++) {
      const b = buf[i]!;
      // Control bytes break a frame. Bytes above ASCII do not: a panel set up with Chinese station
      // names sends them, and its checksum covers them like any other byte.
      if (b < 0x20 || b === 0x7f || b === STAR) return this.discard('bad-frame', false);
      sum ^= b;
    }
    if (buf[star + 1] !== HEX[sum >> 4] || buf[star + 2] !== HEX[sum & 15]) return this.discard('bad-checksum', false);
    const message = this.parse(buf.toString('latin1', start + 1, star));
    if (typeof message === 'string') return this.discard(message, false);
    this.received += 1;
    this.push(message);
  }

  private discard(reason: DiscardReason, reset = true): void {
    this.discarded[reason] += 1;
    if (reset) this.length = 0;
  }
}
