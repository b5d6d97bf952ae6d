import type { Key } from './keys.js';
import { esc, wrap } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * F10 asks first: quitting the console stops the control room's daemon with it, so the panel's
 * calls go unanswered until it starts again. Y quits; any other key stays.
 */
export class QuitView implements View {
  constructor(
    private readonly ctx: ConsoleContext,
    private readonly quit: () => void,
  ) {}

  hints(): string {
    return this.ctx.w.quitHints;
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    return [`{bold}${esc(w.quitTitle)}{/bold}`, '', ...w.quitExplain.flatMap((l) => wrap(l, width).map(esc))].slice(0, height);
  }

  key(k: Key): void {
    if (k.name === 'y' || k.name === 'Y') return this.quit();
    this.ctx.close(this);
  }
}
