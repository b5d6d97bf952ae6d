import { Transform, type TransformCallback } from 'node:stream';
import { checksum } from './checksum.js';
import { parseBody, type PanelMessage, type ParseFailure } from './messages.js';

/** A whole frame is at most 128 bytes, `$` through the line end. */
export const MAX_FRAME = 128;

export type DiscardReason = 'no-dollar' | 'too-long' | 'bad-checksum' | 'bad-frame' | 'unknown-type' | 'bad-field';

export type DiscardCounts = Record<DiscardReason, number>;

export function emptyDiscardCounts(): DiscardCounts {
  return { 'no-dollar': 0, 'too-long': 0, 'bad-checksum': 0, 'bad-frame': 0, 'unknown-type': 0, 'bad-field': 0 };
}

const DOLLAR = 0x24;
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
    for (let i = 0; i < chunk.length; i++) this.feedByte(chunk[i]!);
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.length > 0) this.discard('bad-frame');
    done();
  }

  private feedByte(b: number): void {
    if (b === DOLLAR) {
      if (this.length > 0) this.discard('bad-frame');
      this.skipping = false;
      this.noise = false;
      this.frame[0] = b;
      this.length = 1;
      return;
    }
    if (this.skipping) {
      if (b === LF) this.skipping = false;
      return;
    }
    if (this.length === 0) {
      // Hunting for `$`: line ends between frames are normal, anything else is noise.
      if (b !== LF && b !== CR && !this.noise) {
        this.noise = true;
        this.discarded['no-dollar'] += 1;
      }
      if (b === LF) this.noise = false;
      return;
    }
    if (b === LF) {
      this.finish();
      return;
    }
    if (this.length >= MAX_FRAME - 1) {
      // No room left for the LF: the frame is over 128 bytes.
      this.length = 0;
      this.skipping = true;
      this.discarded['too-long'] += 1;
      return;
    }
    this.frame[this.length++] = b;
  }

  private finish(): void {
    let end = this.length;
    if (this.frame[end - 1] === CR) end -= 1;
    const text = this.frame.toString('latin1', 1, end);
    this.length = 0;
    const star = text.length - 3;
    if (star < 0 || text[star] !== '*') return this.discard('bad-frame', false);
    const body = text.slice(0, star);
    if (body.includes('*') || /[^\x20-\x7e]/.test(body)) return this.discard('bad-frame', false);
    if (text.slice(star + 1) !== checksum(body)) return this.discard('bad-checksum', false);
    const message = this.parse(body);
    if (typeof message === 'string') return this.discard(message, false);
    this.received += 1;
    this.push(message);
  }

  private discard(reason: DiscardReason, reset = true): void {
    this.discarded[reason] += 1;
    if (reset) this.length = 0;
  }
}
