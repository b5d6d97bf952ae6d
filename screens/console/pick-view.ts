import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

/** Choose one from a list (a technician, who an order escalates to): Up/Down, Enter. */
export class PickView<T> implements View {
  private selected = 0;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly title: string,
    private readonly items: T[],
    private readonly label: (item: T) => string,
    private readonly picked: (item: T) => void,
  ) {}

  hints(): string {
    return this.ctx.w.pickHints;
  }

  render({ width, height }: Size): string[] {
    const room = Math.max(1, height - 2);
    const start = Math.max(0, Math.min(this.items.length - room, this.selected - room + 1));
    const rows = this.items.slice(start, start + room).map((item, i) => {
      const line = cell(this.label(item), width);
      return start + i === this.selected ? `{inverse}${line}{/inverse}` : line;
    });
    return [`{bold}${esc(this.title)}{/bold}`, '', ...rows].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'up') this.selected = Math.max(0, this.selected - 1);
    if (k.full === 'down') this.selected = Math.min(this.items.length - 1, this.selected + 1);
    if (k.full === 'enter' && this.items[this.selected] !== undefined) {
      this.ctx.close(this);
      this.picked(this.items[this.selected]!);
    }
  }
}
