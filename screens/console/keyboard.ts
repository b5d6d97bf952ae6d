import { performance } from 'node:perf_hooks';
import { WedgeDetector } from '../../devices/badge/wedge.js';
import { charKey, type Key } from './keys.js';

/** How long the keyboard waits for a burst to go on before handing held keys to the view. */
const MAX_GAP_MS = 30;

/**
 * The console's keyboard: a scanner typing into it (keyboard wedge) is told from a person by
 * speed (devices/badge/wedge.ts). A scan goes to `scanned` and is never typed into the field that
 * has focus; everything else reaches `typed` in the order it was pressed.
 */
export class KeyboardRouter {
  private readonly wedge = new WedgeDetector({ maxGapMs: MAX_GAP_MS });
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly typed: (key: Key) => void,
    private readonly scanned: (code: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  press(key: Key): void {
    const token = key.ch !== undefined && key.ch.length === 1 ? key.ch : key.name === 'enter' ? 'enter' : `\0${key.full}`;
    const result = this.wedge.key(token, this.now());
    switch (result.action) {
      case 'hold':
        return this.flushLater();
      case 'scan':
        return this.scanned(result.code);
      case 'type-and-hold':
        this.deliver(result.keys, key, token);
        return this.flushLater();
      case 'type':
        return this.deliver(result.keys, key, token);
    }
  }

  stop(): void {
    clearTimeout(this.flushTimer);
  }

  private deliver(tokens: string[], current: Key, currentToken: string): void {
    // Held keys are always printable characters; only the key just pressed may be anything else.
    tokens.forEach((t, i) => this.typed(i === tokens.length - 1 && t === currentToken ? current : tokenKey(t)));
  }

  private flushLater(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      // On a busy machine the timer may fire late, with the burst's next keys already waiting to be
      // read: setImmediate runs after the pending input is read, so they count before a decision.
      setImmediate(() => {
        const result = this.wedge.flush(this.now());
        if (result.action === 'hold') return this.flushLater();
        for (const t of result.keys) this.typed(tokenKey(t));
      });
    }, MAX_GAP_MS + 5);
  }
}

function tokenKey(token: string): Key {
  if (token === 'enter') return { name: 'enter', ctrl: false, shift: false, full: 'enter' };
  return charKey(token);
}
