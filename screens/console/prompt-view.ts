import { Form, type FormField } from './form.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * A short question: some fields (or none, for a confirmation) and what Ctrl+S does with them.
 * `submit` returns true when done (the prompt closes); a failure is shown and the prompt stays.
 */
export class PromptView implements View {
  private readonly form: Form | undefined;
  private busy = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly title: string,
    private readonly lines: string[],
    fields: FormField[],
    private readonly submit: (form: Form | undefined) => Promise<boolean | undefined>,
  ) {
    this.form = fields.length > 0 ? new Form(fields) : undefined;
  }

  hints(): string {
    return this.ctx.w.promptHints;
  }

  render({ width, height }: Size): string[] {
    return [`{bold}${esc(this.title)}{/bold}`, '', ...this.lines.map((l) => cell(l, width)), '', ...(this.form?.render(width) ?? [])].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'C-s' || (k.full === 'enter' && (!this.form || this.form.focus === this.form.fields.length - 1))) return void this.done();
    if (k.full === 'enter') return void this.form?.key({ ...k, name: 'tab', full: 'tab' });
    this.form?.key(k);
  }

  private async done(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    const ok = await this.ctx.run(() => this.submit(this.form));
    this.busy = false;
    if (!ok) return;
    // A success takes away whatever error the footer still showed.
    this.ctx.clearError();
    this.ctx.close(this);
  }
}
