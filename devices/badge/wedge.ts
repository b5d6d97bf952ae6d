import { MIN_BADGE_LENGTH } from './badge-code.js';

/**
 * Keys a fast burst may hold: any printable character. Not only badge characters: a barcode that
 * is not a badge (`EMP_004217`, a URL) must not be typed into the focused field either; ending in
 * Enter it is taken as a scan, which the roster then refuses (and the record masks).
 */
const HOLDABLE = /^[\x20-\x7e]$/;

/** More than this in one burst is no scanner: pasted text. */
const MAX_BURST = 256;

/**
 * What the console does with a key. `type`: deliver `keys` to the focused field, in order (held
 * keys that turned out to be typing, then this key). `type-and-hold`: deliver `keys`, the keys held
 * before a pause, and hold this key, which may start a scan. `scan`: a badge scan, never typed.
 */
export type WedgeResult =
  | { action: 'hold' }
  | { action: 'type'; keys: string[] }
  | { action: 'type-and-hold'; keys: string[] }
  | { action: 'scan'; code: string };

export interface WedgeOptions {
  maxGapMs?: number;
  minLength?: number;
  /** The longest burst held for a scan decision. */
  maxLength?: number;
}

/**
 * Tells a scanner typing into the console (keyboard wedge) from a person, by speed: a scanner
 * types a key every 2-15 ms, a person every 60-200 ms. A burst of at least minLength printable
 * keys, each under maxGapMs after the last, ending in Enter (as fast) is a scan, whatever it says.
 * Its keys are held until that is known, so a scan never lands in a PIN or notes field; a
 * person's keys are held at most maxGapMs, until their next key or flush().
 */
export class WedgeDetector {
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly maxLength: number;
  private held: string[] = [];
  /**
   * The burst in progress turned out to be typing: its remaining keys are typed, so that the tail
   * of a long barcode or of pasted text is not taken for a scan.
   */
  private typing = false;
  private lastAt = -Infinity;

  constructor({ maxGapMs = 30, minLength = MIN_BADGE_LENGTH, maxLength = MAX_BURST }: WedgeOptions = {}) {
    this.maxGapMs = maxGapMs;
    this.minLength = minLength;
    this.maxLength = maxLength;
  }

  /** `ch` is the character typed, or `enter`; any other key name is typed as it is. */
  key(ch: string | 'enter', atMs: number): WedgeResult {
    const paused = atMs - this.lastAt >= this.maxGapMs;
    this.lastAt = atMs;
    if (paused) {
      this.typing = false;
      const typed = this.take();
      if (typed.length > 0 && HOLDABLE.test(ch)) {
        this.held.push(ch);
        return { action: 'type-and-hold', keys: typed };
      }
      if (typed.length > 0) return { action: 'type', keys: [...typed, ch] };
    }
    if (this.typing) return { action: 'type', keys: [ch] };
    if (ch === 'enter' && this.held.length >= this.minLength) return { action: 'scan', code: this.take().join('') };
    if (HOLDABLE.test(ch) && this.held.length < this.maxLength) {
      this.held.push(ch);
      return { action: 'hold' };
    }
    // Not a scan: a key that types nothing printable (Tab, Backspace, arrows), a burst too long for
    // any scanner, or an Enter after too few keys. A lone key leaves the burst open, though: a scan
    // may start within maxGapMs of a person's key.
    this.typing = this.held.length > 0;
    return { action: 'type', keys: [...this.take(), ch] };
  }

  /**
   * For when no key came for a while (the console calls it maxGapMs after a held key): the held
   * keys are typing, unless the burst may still go on.
   */
  flush(atMs: number): { action: 'hold' } | { action: 'type'; keys: string[] } {
    if (atMs - this.lastAt < this.maxGapMs) return this.held.length > 0 ? { action: 'hold' } : { action: 'type', keys: [] };
    this.typing = false;
    return { action: 'type', keys: this.take() };
  }

  private take(): string[] {
    const held = this.held;
    this.held = [];
    return held;
  }
}
