import type { Person } from '../../src/config/types.js';
import type { EscalationView as Escalation } from '../../src/projections/escalations.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

/** H9: a major problem reported to the service-desk director; a badge acknowledges it. */
export class EscalationAckView implements View {
  constructor(
    private readonly ctx: ConsoleContext,
    private readonly escalation: Escalation,
  ) {}

  hints(): string {
    return this.ctx.w.escalationAsk;
  }

  render({ width, height }: Size): string[] {
    const e = this.escalation;
    return [
      `{bold}${esc(this.ctx.w.escalationsTitle)}{/bold}`,
      '',
      cell(`${e.raisedAt.slice(11, 16)}  ${e.summary}`, width),
      ...(e.reason ? [cell(e.reason, width)] : []),
      '',
      `{yellow-fg}${cell(this.ctx.w.escalationAsk, width)}{/yellow-fg}`,
    ].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') this.ctx.close(this);
  }

  /** One acknowledgement at a time: a second badge while the first is written is not a second one. */
  private acknowledging = false;

  badge(person: Person): void {
    if (this.acknowledging) return;
    this.acknowledging = true;
    void this.ctx.run(async () => {
      await this.ctx.engine.escalations.acknowledge(this.escalation.seq, person.badge);
      this.ctx.say(this.ctx.w.escalationAck(person.name));
      this.ctx.close(this);
    }).finally(() => (this.acknowledging = false));
  }
}
