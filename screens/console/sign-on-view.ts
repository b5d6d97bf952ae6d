import type { Key } from './keys.js';
import { cell } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * With nobody on duty the console asks for a badge first (H1): nothing can be signed without an
 * accountable operator. The engine signs the first operator's scan on.
 */
export class SignOnView implements View {
  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.signOnAsk;
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const box = (text: string) => `{yellow-bg}{black-fg}${cell(text, width)}{/black-fg}{/yellow-bg}`;
    const top = Math.max(0, Math.floor(height / 2) - 3);
    return [...Array<string>(top).fill(''), box(''), box(`  ${w.signOnTitle}`), box(''), box(`  ${w.signOnAsk}`), box('')].slice(0, height);
  }

  key(_key: Key): void {
    // Waiting for a badge; scans reach the engine, which signs the operator on.
  }
}
