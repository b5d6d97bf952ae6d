import type { CallbackOwed } from '../../src/projections/calls.js';
import { EntryForm, fromCall } from './entry-form.js';
import type { Key } from './keys.js';
import { cell, esc, hhmm } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * A missed call worked from the calls pane: the operator calls the resident back and either makes
 * it an entry or closes it with the result. Whoever does it is its first responder (R4).
 */
export class CallbackView implements View {
  private readonly result = new TextField('', 500);
  private saving = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly call: CallbackOwed,
  ) {}

  hints(): string {
    return this.ctx.w.callbackHints;
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const c = this.call;
    const lines = [
      `{bold}${esc(w.callbackTitle)}{/bold}`,
      '',
      cell(`${c.address ?? c.station ?? '?'}  ${c.resident ?? ''}`, width),
      `{bold}${cell(c.phone ?? '', width)}{/bold}`,
      cell(`${w.missedAt} ${hhmm(c.missedAt)}   ${w.dueAt} ${hhmm(c.dueAt)}${c.overdue ? `  ${w.overdue}` : ''}`, width),
      '',
      cell(w.callbackAsk, width),
      '',
      `${cell(w.callbackResult, 10)} ${this.result.render(width - 11, true)}`,
    ];
    return lines.slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'C-e') return this.makeEntry();
    if (k.full === 'C-s' || k.full === 'enter') return void this.closeWithResult();
    this.result.key(k);
  }

  private makeEntry(): void {
    const call = this.call;
    this.ctx.close(this);
    this.ctx.push(
      new EntryForm(this.ctx, { ...fromCall(call, this.ctx.w.formTitleCall), receivedAt: call.receivedAt }, async (entry) => {
        const actor = this.ctx.actor();
        if (!actor) return;
        await this.ctx.engine.recordCallback(call.key, this.ctx.w.callbackEntry(entry.id), actor, entry.id);
      }),
    );
  }

  private async closeWithResult(): Promise<void> {
    const actor = this.ctx.actor();
    if (!actor) return this.ctx.say(this.ctx.w.signOnAsk, 'error');
    if (!this.result.value.trim()) return this.ctx.say(this.ctx.w.needResult, 'error');
    if (this.saving) return;
    this.saving = true;
    const done = await this.ctx.run(async () => {
      await this.ctx.engine.recordCallback(this.call.key, this.result.value, actor);
      return true;
    });
    this.saving = false;
    if (!done) return;
    this.ctx.say(this.ctx.w.calledBack);
    this.ctx.close(this);
  }
}
