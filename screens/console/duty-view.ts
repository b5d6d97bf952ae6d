import type { Person } from '../../src/config/types.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

/** F6: who is on duty since when; signing off takes the operator's own badge. */
export class DutyView implements View {
  private signingOff = false;

  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.dutyHints;
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const duty = this.ctx.engine.onDuty();
    const lines = [`{bold}${esc(w.dutyTitle)}{/bold}`, '', cell(duty ? w.dutySince(`${duty.name} (${duty.badge})`, duty.since.slice(0, 16).replace('T', ' ')) : w.dutyNone, width)];
    if (this.signingOff) lines.push('', `{yellow-fg}${cell(w.dutyAskOff, width)}{/yellow-fg}`);
    return lines.slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 's' || k.full === 'S') this.signingOff = true;
  }

  badge(person: Person): void {
    if (!this.signingOff) return this.ctx.say(this.ctx.w.badgeSeen(person.name));
    void this.ctx.run(async () => {
      await this.ctx.engine.signOff(person.badge);
      this.ctx.say(this.ctx.w.signedOff(person.name));
      this.ctx.close(this);
    });
  }
}
