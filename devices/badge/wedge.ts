import { MAX_BADGE_LENGTH, MIN_BADGE_LENGTH } from './badge-code.js';

/** Keys a scan may be made of. Lower case too: a scanner may send it (the roster then refuses it). */
const BADGE_KEY = /^[A-Za-z0-9-]$/;

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
  maxLength?: number;
}

/**
 * Tells a scanner typing into the console (keyboard wedge) from a person, by speed: a scanner
 * types a key every 2-15 ms, a person every 60-200 ms. A run of minLength to maxLength badge keys,
 * each under maxGapMs after the last, ending in Enter (as fast) is a scan. Its keys are held until that is known, so a badge never lands in a PIN or notes field; a
 * person's badge keys are held at most maxGapMs, until their next key or flush().
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

  constructor({ maxGapMs = 30, minLength = MIN_BADGE_LENGTH, maxLength = MAX_BADGE_LENGTH }: WedgeOptions = {}) {
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
      if (typed.length > 0 && BADGE_KEY.test(ch)) {
        this.held.push(ch);
        return { action: 'type-and-hold', keys: typed };
      }
      if (typed.length > 0) return { action: 'type', keys: [...typed, ch] };
    }
    if (this.typing) return { action: 'type', keys: [ch] };
    if (ch === 'enter' && this.held.length >= this.minLength) return { action: 'scan', code: this.take().join('') };
    if (BADGE_KEY.test(ch) && this.held.length < this.maxLength) {
      this.held.push(ch);
      return { action: 'hold' };
    }
    // Not a scan: a key no badge has, one key too many, or an Enter after too few. A lone key leaves the
    // burst open, though: a scan may start within maxGapMs of a person's key.
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
