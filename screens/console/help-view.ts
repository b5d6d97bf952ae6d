import type { Key } from './keys.js';
import { esc, wrap } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

export class HelpView implements View {
  constructor(
    private readonly ctx: ConsoleContext,
    private readonly extra: string[] = [],
  ) {}

  hints(): string {
    return this.ctx.w.helpHints;
  }

  render({ width, height }: Size): string[] {
    return [`{bold}${esc(this.ctx.w.helpTitle)}{/bold}`, '', ...[...this.ctx.w.help, ...this.extra].flatMap((l) => wrap(l, width).map(esc))].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape' || k.full === 'f1') this.ctx.close(this);
  }
}
