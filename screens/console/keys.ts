/** A key as the console's views see it, independent of blessed's event shape. */
export interface Key {
  /** `a`, `enter`, `f2`, `up`, `backspace`, or the character itself for text. */
  name: string;
  /** The character it types, if it types one. */
  ch?: string;
  ctrl: boolean;
  shift: boolean;
  /** Unique per key and modifiers: `C-s`, `S-tab`, `f10`, `厨`. */
  full: string;
}

interface BlessedKey {
  name?: string;
  full?: string;
  ctrl?: boolean;
  shift?: boolean;
  meta?: boolean;
  sequence?: string;
}

/**
 * Turns blessed's keypress into a Key. Blessed reports a carriage return twice (`return`, then
 * `enter`); the `return` is dropped so that one Enter is one key.
 */
export function keyOf(ch: string | undefined, key: BlessedKey | undefined): Key | undefined {
  const name = key?.name ?? ch;
  if (!name) return undefined;
  if (name === 'return') return undefined;
  const typed = ch !== undefined && !key?.ctrl && !key?.meta && isPrintable(ch) ? ch : undefined;
  return {
    name,
    ...(typed !== undefined ? { ch: typed } : {}),
    ctrl: key?.ctrl ?? false,
    shift: key?.shift ?? false,
    full: key?.full ?? name,
  };
}

/** A key that stands for one typed character. */
export function charKey(ch: string): Key {
  // Named as blessed names it, so that a space held by the keyboard router is the same key as one
  // delivered at once.
  const name = ch === ' ' ? 'space' : ch;
  return { name, ch, ctrl: false, shift: false, full: name };
}

function isPrintable(ch: string): boolean {
  // One character (a Chinese character may be one or two UTF-16 units), not a control code.
  return [...ch].length === 1 && ch >= ' ' && ch !== '\x7f';
}
