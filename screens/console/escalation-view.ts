import type { Person } from '../../src/config/types.js';
import type { EscalationView as Escalation } from '../../src/projections/escalations.js';
import type { Key } from './keys.js';
import { cell, esc, width as widthOf } from './markup.js';
import { escalationText } from './escalation-text.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * H9: a major problem reported to the service-desk director, acknowledged by a supervisor or
 * above: what was done is typed first, then their badge signs it. Any other badge is refused
 * with the reason.
 */
export class EscalationAckView implements View {
  private readonly note = new TextField('', 500);
  /** One acknowledgement at a time: a second badge while the first is written is not a second one. */
  private acknowledging = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly escalation: Escalation,
  ) {}

  hints(): string {
    return this.ctx.w.escalationHints;
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const e = this.escalation;
    const label = `${w.escalationNote}: `;
    return [
      `{bold}${esc(w.escalationsTitle)}{/bold}`,
      '',
      cell(`${e.raisedAt.slice(11, 16)}  ${escalationText(e, this.ctx.lang)}`, width),
      '',
      `${esc(label)}${this.note.render(Math.max(4, width - widthOf(label)), true)}`,
      '',
      `{yellow-fg}${cell(w.escalationAsk, width)}{/yellow-fg}`,
    ].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    this.note.key(k);
  }

  badge(person: Person): void {
    if (this.acknowledging) return;
    const note = this.note.value.trim();
    if (!note) return this.ctx.say(this.ctx.w.escalationNeedsNote, 'error');
    this.acknowledging = true;
    void this.ctx
      .run(async () => {
        await this.ctx.engine.escalations.acknowledge(this.escalation.seq, person.badge, note);
        this.ctx.say(this.ctx.w.escalationAck(person.name));
        this.ctx.close(this);
      })
      .finally(() => (this.acknowledging = false));
  }
}
