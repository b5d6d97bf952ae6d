import type { OwedGroup } from './callback-groups.js';
import { EntryForm, fromCall } from './entry-form.js';
import type { Key } from './keys.js';
import { cell, esc, hhmm } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * The missed calls of one station, worked from the calls pane: the operator calls the resident
 * back once and either makes it an entry or closes it with the result; every missed call of the
 * station closes with it. Whoever does it is its first responder (R4). The phone is shown whole
 * here, and only here: the operator has to dial it (P1: shown to those who need it).
 */
export class CallbackView implements View {
  private readonly result = new TextField('', 500);
  private saving = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly group: OwedGroup,
  ) {}

  hints(): string {
    return this.ctx.w.callbackHints;
  }

  unsaved(): boolean {
    return this.result.value.trim() !== '';
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const calls = this.group.calls;
    const c = calls.at(-1)!;
    const lines = [
      `{bold}${esc(w.callbackTitle)}{/bold}`,
      '',
      cell(`${c.address ?? c.station ?? '?'}  ${c.resident ?? ''}`, width),
      `{bold}${cell(c.phone ?? '', width)}{/bold}`,
      cell(`${w.missedAt} ${calls.map((x) => hhmm(x.missedAt)).join(' ')}${calls.length > 1 ? `  ${w.missedTimes(calls.length)}` : ''}`, width),
      cell(`${w.dueAt} ${hhmm(calls[0]!.dueAt)}${this.group.overdue ? `  ${w.overdue}` : ''}`, width),
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
    const first = this.group.calls[0]!;
    this.ctx.close(this);
    this.ctx.push(
      new EntryForm(this.ctx, { ...fromCall(first, this.ctx.w.formTitleCall), receivedAt: first.receivedAt }, async (entry) => {
        const actor = this.ctx.actor();
        // An entry for a station closes what it was owed by itself; a call without a station is closed here.
        if (!actor || !this.ctx.engine.callbacksOwed().some((c) => c.key === first.key)) return;
        await this.ctx.engine.recordCallback(first.key, this.ctx.w.callbackEntry(entry.id), actor, entry.id);
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
      await this.ctx.engine.recordCallback(this.group.calls[0]!.key, this.result.value, actor);
      return true;
    });
    this.saving = false;
    if (!done) return;
    this.ctx.say(this.ctx.w.calledBack);
    this.ctx.close(this);
  }
}
