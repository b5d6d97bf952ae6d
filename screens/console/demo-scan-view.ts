import type { Person } from '../../src/config/types.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';
import { roleLabel } from '../text/labels.js';


/** The demo's badge reader: pick a person from the roster and their badge is "scanned". */
export class DemoScanView implements View {
  private selected = 0;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly scan: (badge: string) => void,
  ) {}

  hints(): string {
    return this.ctx.w.demoScanHints;
  }

  private people(): Person[] {
    return this.ctx.engine.config.roster;
  }

  render({ width, height }: Size): string[] {
    const people = this.people();
    const room = Math.max(1, height - 2);
    const start = Math.max(0, Math.min(people.length - room, this.selected - room + 1));
    const rows = people.slice(start, start + room).map((p, i) => {
      const role = roleLabel(this.ctx.lang, p.role);
      const line = cell(`${p.badge}  ${p.name}  ${role}${p.active ? '' : this.ctx.lang === 'zh' ? '  (停用)' : '  (inactive)'}`, width);
      return start + i === this.selected ? `{inverse}${line}{/inverse}` : line;
    });
    return [`{bold}${esc(this.ctx.w.demoScanTitle)}{/bold}`, '', ...rows].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'up') this.selected = Math.max(0, this.selected - 1);
    if (k.full === 'down') this.selected = Math.min(this.people().length - 1, this.selected + 1);
    if (k.full === 'enter') {
      const person = this.people()[this.selected];
      this.ctx.close(this);
      if (person) this.scan(person.badge);
    }
  }
}
