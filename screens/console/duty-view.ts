import type { Person } from '../../src/config/types.js';
import type { DutyLog } from '../../src/projections/shift-log.js';
import { renderDutyLog } from '../text/shift-log.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { PromptView } from './prompt-view.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';
import { Said } from './errors.js';

/** What the next badge on the duty screen does. */
type Waiting = 'none' | 'sign-off' | 'relief' | 'second';

/**
 * F6, duty (H1, H3, H8): who is on duty since when, a relief or an absence, the second person;
 * stepping away (a relief badges in first, or it is recorded as an absence), signing off, and the
 * duty log of today's shifts.
 */
export class DutyView implements View {
  private waiting: Waiting = 'none';
  /** H1: why the duty ends without a handover, given before the supervisor's badge. */
  private signOffReason = '';
  private log: string[] = [];

  constructor(private readonly ctx: ConsoleContext) {
    void this.refresh();
  }

  /** Reads the duty log again (the console calls this when something was recorded). */
  async refresh(): Promise<void> {
    const log = await this.ctx.run<DutyLog>(() => this.ctx.engine.shift.log(this.ctx.engine.today));
    if (!log) return;
    this.log = renderDutyLog(log, this.ctx.lang).split('\n');
    this.ctx.redraw();
  }

  hints(): string {
    return this.ctx.w.dutyHintsFull;
  }

  render({ width, height }: Size): string[] {
    const { w, engine } = this.ctx;
    const duty = engine.onDuty();
    const second = engine.shift.secondOnDuty();
    const lines = [`{bold}${esc(w.dutyTitle)}{/bold}`, cell(duty ? w.dutySince(`${duty.name} (${duty.badge})`, duty.since.slice(0, 16).replace('T', ' ')) : w.dutyNone, width)];
    if (duty?.relief) lines.push(cell(`${w.relief}: ${duty.relief.name} (${duty.relief.since.slice(11, 16)})`, width));
    if (duty?.absentSince) lines.push(`{red-fg}${cell(`${w.away}: ${duty.absentSince.slice(11, 16)}`, width)}{/red-fg}`);
    if (second) lines.push(cell(w.secondOn(`${second.name} (${second.since.slice(11, 16)})`), width));
    const ask = { none: '', 'sign-off': w.dutyAskOff, relief: w.stepAwayAsk, second: w.secondAsk }[this.waiting];
    if (ask) lines.push(`{yellow-fg}${cell(ask, width)}{/yellow-fg}`);
    lines.push('');
    for (const l of this.log) lines.push(cell(l, width));
    return lines.slice(0, height);
  }

  key(k: Key): void {
    const { ctx } = this;
    if (k.full === 'escape') {
      if (this.waiting !== 'none') return void (this.waiting = 'none');
      return ctx.close(this);
    }
    const key = k.full.toLowerCase();
    if (key === 's') {
      return ctx.push(
        new PromptView(ctx, ctx.w.signOffTitle, [ctx.w.signOffExplain], [{ name: 'reason', label: ctx.w.reason, input: new TextField('', 500) }], async (f) => {
          const reason = f!.text('reason');
          if (!reason) throw new Said(ctx.w.needSignOffReason);
          this.signOffReason = reason;
          this.waiting = 'sign-off';
          return true;
        }),
      );
    }
    if (key === 'w') this.waiting = 'relief';
    if (key === '2') this.waiting = 'second';
    if (k.full === 'C-s' && this.waiting === 'relief') {
      const holder = ctx.engine.onDuty();
      if (!holder) return;
      this.waiting = 'none';
      void ctx.run(async () => {
        await ctx.engine.shift.stepAway(holder.badge);
        ctx.say(ctx.w.absent(holder.name));
      });
    }
  }

  badge(person: Person): void {
    const { ctx } = this;
    const waiting = this.waiting;
    this.waiting = 'none';
    const holder = ctx.engine.onDuty();
    void ctx.run(async () => {
      if (waiting === 'sign-off' && holder) {
        await ctx.engine.signOff(holder.badge, { supervisor: person.badge, reason: this.signOffReason });
        ctx.say(ctx.w.signedOff(holder.name));
      } else if (waiting === 'relief' && holder) {
        await ctx.engine.shift.stepAway(holder.badge, person.badge);
        ctx.say(ctx.w.steppedAway(holder.name));
      } else if (waiting === 'second') {
        if (ctx.engine.shift.secondOnDuty()?.badge === person.badge) {
          await ctx.engine.shift.signOffSecond(person.badge);
          ctx.say(ctx.w.secondOff(person.name));
        } else {
          await ctx.engine.shift.signOnSecond(person.badge);
          ctx.say(ctx.w.secondOn(person.name));
        }
      } else ctx.say(ctx.w.badgeSeen(person.name));
      await this.refresh();
    });
  }
}
