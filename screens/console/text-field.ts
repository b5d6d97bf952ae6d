import stringWidth from 'string-width';
import { esc } from './markup.js';
import type { Key } from './keys.js';

/**
 * A one-line text input: insert at the cursor, Backspace/Delete, Left/Right/Home/End, Ctrl+U to
 * clear. Chinese characters count two columns; the view scrolls to keep the cursor in sight.
 */
export class TextField {
  private chars: string[];
  private cursor: number;

  constructor(
    value = '',
    private readonly maxLength = 2_000,
  ) {
    this.chars = [...value];
    this.cursor = this.chars.length;
  }

  get value(): string {
    return this.chars.join('');
  }

  set value(v: string) {
    this.chars = [...v];
    this.cursor = this.chars.length;
  }

  /** Returns true when the key was an editing key (and was used). */
  key(k: Key): boolean {
    if (k.ch !== undefined) {
      if (this.chars.length < this.maxLength) this.chars.splice(this.cursor++, 0, k.ch);
      return true;
    }
    switch (k.full) {
      case 'backspace':
        if (this.cursor > 0) this.chars.splice(--this.cursor, 1);
        return true;
      case 'delete':
        this.chars.splice(this.cursor, 1);
        return true;
      case 'left':
        this.cursor = Math.max(0, this.cursor - 1);
        return true;
      case 'right':
        this.cursor = Math.min(this.chars.length, this.cursor + 1);
        return true;
      case 'home':
      case 'C-a':
        this.cursor = 0;
        return true;
      case 'end':
      case 'C-e':
        this.cursor = this.chars.length;
        return true;
      case 'C-u':
        this.value = '';
        return true;
    }
    return false;
  }

  /** The value in `width` columns, with the cursor shown in reverse video when focused. */
  render(width: number, focused: boolean): string {
    return renderChars(this.chars, this.cursor, width, focused);
  }
}

/**
 * One line of typed characters in `width` columns (padded), scrolled so that the cursor cell is
 * in sight, the cursor in reverse video when `focused`.
 */
export function renderChars(chars: readonly string[], cursor: number, width: number, focused: boolean): string {
  // Scroll so that the cursor cell is visible: drop characters from the left as needed.
  let start = 0;
  while (start < cursor && stringWidth(chars.slice(start, cursor).join('')) > width - 1) start++;
  let out = '';
  let used = 0;
  for (let i = start; i <= chars.length; i++) {
    const ch = i < chars.length ? chars[i]! : ' ';
    const w = stringWidth(ch);
    if (used + w > width) break;
    out += focused && i === cursor ? `{inverse}${esc(ch)}{/inverse}` : esc(ch);
    used += w;
    if (i === chars.length) break;
  }
  return out + ' '.repeat(Math.max(0, width - used));
}
