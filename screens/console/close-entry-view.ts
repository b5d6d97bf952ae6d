import type { Person } from '../../src/config/types.js';
import { nameOnRoster } from '../../src/config/roster-names.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { Said } from './errors.js';
import { Form } from './form.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * R4: an entry closed with its result. The first responder on duty closes it with Ctrl+S; anyone
 * else gives the result and the reason, and a supervisor's badge then closes it for them (the
 * engine refuses any other badge). Opened from the entry (C), or offered with the order's result
 * once its order is signed; Esc leaves the entry open.
 */
export class CloseEntryView implements View {
  private readonly form: Form;
  private readonly own: boolean;
  /** Waiting for a supervisor's badge, with the result and the reason given. */
  private waiting: { result: string; reason: string } | null = null;
  private busy = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly entry: RegisterEntry,
    result = '',
    /** Said above the form, e.g. that the order was signed. */
    private readonly lead: string[] = [],
  ) {
    const { w } = ctx;
    this.own = ctx.actor() === entry.firstResponder;
    this.form = new Form([{ name: 'result', label: w.result, input: new TextField(result, 500) }, ...(this.own ? [] : [{ name: 'reason', label: w.closeForReason, input: new TextField('', 500) }])]);
  }

  hints(): string {
    return this.waiting ? this.ctx.w.closeForHints : this.ctx.w.promptHints;
  }

  private nameOf(badge: string): string {
    return nameOnRoster(this.ctx.engine.config.roster, badge);
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const e = this.entry;
    const lines = [
      `{bold}${esc(w.closeEntryTitle)}{/bold}`,
      '',
      ...this.lead.map((l) => cell(l, width)),
      cell(`${e.id}  ${e.address ?? ''}  ${e.content ?? ''}`, width),
      ...(this.own ? [] : [cell(w.closeForExplain(this.nameOf(e.firstResponder)), width)]),
      '',
      ...this.form.render(width, !this.waiting),
    ];
    if (this.waiting) lines.push('', `{yellow-fg}${cell(w.closeForAsk, width)}{/yellow-fg}`);
    return lines.slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') {
      if (this.waiting) return void (this.waiting = null);
      return this.ctx.close(this);
    }
    if (this.waiting) return;
    if (k.full === 'C-s' || (k.full === 'enter' && this.form.focus === this.form.fields.length - 1)) return void this.submit();
    if (k.full === 'enter') return void this.form.key({ ...k, name: 'tab', full: 'tab' });
    this.form.key(k);
  }

  private async submit(): Promise<void> {
    const { ctx } = this;
    const actor = ctx.actor();
    if (!actor) return ctx.say(ctx.w.signOnAsk, 'error');
    if (this.busy) return;
    this.busy = true;
    await ctx.run(async () => {
      if (!this.own) {
        if (!this.form.text('result') || !this.form.text('reason')) throw new Said(ctx.w.closeForNeeds);
        this.waiting = { result: this.form.text('result'), reason: this.form.text('reason') };
        return;
      }
      await ctx.engine.closeEntry(this.entry.id, this.form.text('result'), actor);
      ctx.clearError();
      ctx.say(ctx.w.entryClosed(this.entry.id));
      ctx.close(this);
    });
    this.busy = false;
  }

  /** R4: a supervisor's badge closes the entry for its first responder, with the result and reason given. */
  badge(person: Person): void {
    const waiting = this.waiting;
    if (!waiting) return this.ctx.say(this.ctx.w.badgeSeen(person.name));
    void this.ctx.run(async () => {
      await this.ctx.engine.closeEntry(this.entry.id, waiting.result, person.badge, waiting.reason);
      this.ctx.say(this.ctx.w.entryClosedFor(this.entry.id, person.name));
      this.ctx.close(this);
    });
  }
}
