import type { RegisterEntry } from '../../src/projections/entries.js';
import { expandTypedTime } from '../../src/domain/typed-time.js';
import { ChoiceField, Form } from './form.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { OrderDetailView } from './order-detail.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';
import { maskPhone } from '../../src/log.js';

/** R3, W1: a paid-service order from a register entry; address and phone come with it. */
export class OrderCreateView implements View {
  private readonly form: Form;
  private busy = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly entry: RegisterEntry,
  ) {
    const { w } = ctx;
    this.form = new Form([
      { name: 'kind', label: w.orderKind, input: new ChoiceField(['repair', 'cleaning'] as const, 'repair', (k) => (k === 'repair' ? w.kindRepair : w.kindCleaning)) },
      { name: 'major', label: w.major, input: new ChoiceField(['no', 'yes'] as const, 'no', (v) => (v === 'yes' ? w.yes : w.no)) },
      { name: 'content', label: w.orderContent, input: new TextField(entry.content ?? '', 2000) },
      { name: 'appointmentAt', label: w.orderAppointment, input: new TextField(entry.appointmentAt?.slice(0, 16).replace('T', ' ') ?? '', 40) },
    ]);
  }

  hints(): string {
    return this.ctx.w.promptHints;
  }

  render({ width, height }: Size): string[] {
    const e = this.entry;
    return [
      `{bold}${esc(`${this.ctx.w.orderCreateTitle}  ${e.id}`)}{/bold}`,
      cell(`${e.address ?? ''}  ${e.resident ?? ''}  ${e.phone ? maskPhone(e.phone) : ''}`, width),
      '',
      ...this.form.render(width),
    ].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'C-s') return void this.save();
    if (k.full === 'enter') return void this.form.key({ ...k, name: 'tab', full: 'tab' });
    this.form.key(k);
  }

  private async save(): Promise<void> {
    const actor = this.ctx.actor();
    if (!actor) return this.ctx.say(this.ctx.w.signOnAsk, 'error');
    if (this.busy) return;
    this.busy = true;
    const appointment = this.form.text('appointmentAt');
    const order = await this.ctx.run(() =>
      this.ctx.engine.orders.create(
        this.entry.id,
        {
          kind: this.form.input('kind').value as 'repair' | 'cleaning',
          major: this.form.input('major').value === 'yes',
          content: this.form.text('content'),
          ...(appointment ? { appointmentAt: expandTypedTime(appointment, this.ctx.now(), this.ctx.engine.config.site.timezone) } : {}),
        },
        actor,
      ),
    );
    this.busy = false;
    if (!order) return;
    this.ctx.close(this);
    this.ctx.push(new OrderDetailView(this.ctx, order.orderNo));
    this.ctx.say(this.ctx.w.orderCreated(order.orderNo));
  }
}
