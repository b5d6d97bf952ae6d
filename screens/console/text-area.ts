import type { FieldInput } from './form.js';
import type { Key } from './keys.js';
import { renderChars } from './text-field.js';

/**
 * A small multi-line text input, one item a line (the handover's pending matters): typing and
 * Backspace/Delete/Left/Right/Home/End/Ctrl+U as in a one-line field; Enter starts a new line
 * after the cursor, Backspace at a line's start joins it to the one above, Delete at its end
 * joins the next; Up/Down move between lines and leave the field past the first or the last. It
 * shows `rows` lines at a time, scrolled to keep the cursor's line in sight.
 */
export class TextArea implements FieldInput {
  private lines: string[][];
  private row: number;
  private col: number;

  constructor(
    value = '',
    readonly rows = 4,
    private readonly maxLines = 30,
    private readonly maxLineLength = 500,
  ) {
    this.lines = value.split('\n').map((l) => [...l]);
    this.row = this.lines.length - 1;
    this.col = this.lines[this.row]!.length;
  }

  /** The lines joined with "\n". */
  get value(): string {
    return this.lines.map((l) => l.join('')).join('\n');
  }

  /** The non-blank lines, trimmed. */
  items(): string[] {
    return this.lines.map((l) => l.join('').trim()).filter(Boolean);
  }

  key(k: Key): boolean {
    const line = this.lines[this.row]!;
    if (k.ch !== undefined) {
      if (line.length < this.maxLineLength) line.splice(this.col++, 0, k.ch);
      return true;
    }
    switch (k.full) {
      case 'enter':
        if (this.lines.length >= this.maxLines) return true;
        this.lines.splice(this.row + 1, 0, line.splice(this.col));
        this.row += 1;
        this.col = 0;
        return true;
      case 'backspace':
        if (this.col > 0) line.splice(--this.col, 1);
        else if (this.row > 0) {
          const above = this.lines[this.row - 1]!;
          this.col = above.length;
          above.push(...line);
          this.lines.splice(this.row, 1);
          this.row -= 1;
        }
        return true;
      case 'delete':
        if (this.col < line.length) line.splice(this.col, 1);
        else if (this.row < this.lines.length - 1) line.push(...this.lines.splice(this.row + 1, 1)[0]!);
        return true;
      case 'left':
        if (this.col > 0) this.col -= 1;
        else if (this.row > 0) this.col = this.lines[--this.row]!.length;
        return true;
      case 'right':
        if (this.col < line.length) this.col += 1;
        else if (this.row < this.lines.length - 1) {
          this.row += 1;
          this.col = 0;
        }
        return true;
      case 'home':
      case 'C-a':
        this.col = 0;
        return true;
      case 'end':
      case 'C-e':
        this.col = line.length;
        return true;
      case 'C-u':
        line.splice(0);
        this.col = 0;
        return true;
    }
    return false;
  }

  vertical(k: Key): boolean {
    if (k.full === 'up' && this.row > 0) this.row -= 1;
    else if (k.full === 'down' && this.row < this.lines.length - 1) this.row += 1;
    else return false;
    this.col = Math.min(this.col, this.lines[this.row]!.length);
    return true;
  }

  /** The first line shown (for a caller that draws one line per field). */
  render(width: number, focused: boolean): string {
    return this.renderLines(width, focused)[0]!;
  }

  renderLines(width: number, focused: boolean): string[] {
    const top = Math.max(0, Math.min(this.row, this.lines.length - this.rows));
    const out: string[] = [];
    for (let r = top; r < top + this.rows; r++) {
      const line = this.lines[r];
      // A mark on each line of the field, so that its empty lines read as room to type.
      const mark = line === undefined ? '  ' : r === this.row && focused ? '> ' : '- ';
      out.push(mark + (line === undefined ? ' '.repeat(Math.max(0, width - 2)) : renderChars(line, r === this.row ? this.col : -1, width - 2, focused && r === this.row)));
    }
    return out;
  }
}
