import { MAX_BADGE_LENGTH } from './badge-code.js';

/** Boot keyboard report: modifier bits, a reserved byte, six key slots. */
const REPORT_LENGTH = 8;
const SHIFT = 0x02 | 0x20; // left shift, right shift
const NO_KEY = 0x00;
const ROLL_OVER = 0x01;
const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
const TAB = 0x2b;

/**
 * What a HID decoder makes of its reports: a code for the roster to look up, or a scan thrown away
 * and why (for the reader's counts and the log; never a sign-in).
 */
export type DecodeResult =
  | { kind: 'code'; code: string }
  | { kind: 'discarded'; reason: 'timeout' | 'too-long' | 'bad-report'; partial: string };

export interface KeyboardDecoderOptions {
  /** Set when the scanner starts every report with this report id byte (9-byte reports). */
  reportId?: number | undefined;
  terminator?: 'enter' | 'tab';
  partialTimeoutMs?: number;
  maxLength?: number;
}

/**
 * What a key types on a US keyboard. Shifted digits and shift+`-` (`_`) are kept as typed: they
 * are no badge characters, so the roster refuses the code on screen, where dropping them would
 * silently turn the scan into a different code.
 */
function typed(usage: number, shift: boolean): string | undefined {
  if (usage >= 0x04 && usage <= 0x1d) {
    const letter = String.fromCharCode(0x61 + usage - 0x04);
    return shift ? letter.toUpperCase() : letter;
  }
  if (usage >= 0x1e && usage <= 0x27) return (shift ? '!@#$%^&*()' : '1234567890')[usage - 0x1e];
  if (usage === 0x2d) return shift ? '_' : '-';
  return undefined;
}

/**
 * Boot keyboard reports from a scanner in HID keyboard mode in, badge codes out. A key counts when
 * it first appears in the key slots, so a key repeated without a key-up counts once and a missing
 * key-up between two different keys loses nothing. Letters keep the case the scanner sent: the
 * roster compares exactly. A code ends at the terminator; the other of Enter and Tab is ignored.
 */
export class KeyboardReportDecoder {
  private readonly reportId: number | undefined;
  private readonly terminator: number;
  private readonly partialTimeoutMs: number;
  private readonly maxLength: number;
  /** Keys down in the last report. */
  private down: number[] = [];
  private partial = '';
  private lastKeyAt = -Infinity;
  /** A bad report may have carried a key of the code in flight: the rest of that code is dropped. */
  private skipping = false;

  constructor({ reportId, terminator = 'enter', partialTimeoutMs = 300, maxLength = MAX_BADGE_LENGTH }: KeyboardDecoderOptions = {}) {
    this.reportId = reportId;
    this.terminator = terminator === 'tab' ? TAB : ENTER;
    this.partialTimeoutMs = partialTimeoutMs;
    this.maxLength = maxLength;
  }

  push(report: Uint8Array, atMs: number): DecodeResult[] {
    const results = this.flush(atMs);
    const start = this.reportId === undefined ? 0 : 1;
    // Another report of the same device (consumer keys, say), whatever its length: no keyboard keys.
    // But an 8-byte report where a report id is configured is a boot report without one: the
    // configuration is wrong, and that must show rather than every scan vanish.
    if (start === 1 && report.length !== REPORT_LENGTH && report[0] !== this.reportId) return results;
    if (report.length !== start + REPORT_LENGTH) {
      results.push(this.discard('bad-report'));
      this.skipping = true;
      this.lastKeyAt = atMs;
      return results;
    }
    const slots = [...report.subarray(start + 2)];
    const keys = slots.filter((k) => k !== NO_KEY && k !== ROLL_OVER);
    // Roll-over with no key named: which keys are down is unknown, so the last report still stands.
    if (keys.length === 0 && slots.includes(ROLL_OVER)) return results;
    const shift = (report[start]! & SHIFT) !== 0;
    for (const key of keys) if (!this.down.includes(key)) this.press(key, shift, atMs, results);
    this.down = keys;
    return results;
  }

  /** Discards a partial code whose last key is over partialTimeoutMs old: noise, or a scan cut short. */
  flush(atMs: number): DecodeResult[] {
    if (atMs - this.lastKeyAt <= this.partialTimeoutMs) return [];
    this.skipping = false;
    return this.partial === '' ? [] : [this.discard('timeout')];
  }

  private press(key: number, shift: boolean, atMs: number, results: DecodeResult[]): void {
    this.lastKeyAt = atMs;
    // The keypad's Enter ends a code like Enter (scanners set to "keypad enter" send it); the
    // terminator not configured is ignored.
    if (key === KEYPAD_ENTER) key = ENTER;
    if ((key === ENTER || key === TAB) && key !== this.terminator) return;
    if (key === this.terminator) {
      if (!this.skipping && this.partial !== '') results.push(this.end());
      this.skipping = false;
      return;
    }
    // A key with no badge meaning (space, `.`, `/`) stands as `?`, so that the roster refuses the
    // code: dropping it would join its neighbours into another, perhaps valid, badge.
    const ch = typed(key, shift) ?? '?';
    // One character past the limit is enough to know the code is too long.
    if (!this.skipping && this.partial.length <= this.maxLength) this.partial += ch;
  }

  private end(): DecodeResult {
    if (this.partial.length > this.maxLength) return this.discard('too-long');
    const code = this.partial;
    this.partial = '';
    return { kind: 'code', code };
  }

  private discard(reason: 'timeout' | 'too-long' | 'bad-report'): DecodeResult {
    const partial = this.partial;
    this.partial = '';
    return { kind: 'discarded', reason, partial };
  }
}
