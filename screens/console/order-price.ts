import type { FeeItem } from '../../src/config/types.js';
import type { LineRequest } from '../../src/domain/fees.js';
import { formatFen } from '../../src/domain/money.js';
import type { OrderView } from '../../src/projections/orders.js';
import { Form } from './form.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * W5: the order's lines from the fee schedule. Type a code or a name, pick, give the quantity
 * (decimals allowed: 2.5 metres), Enter adds the line; Ctrl+S prices the order (the engine
 * computes the total in fen). The same editor records materials drawn against the order (W2),
 * offering material items only.
 */
export class OrderPriceView implements View {
  private readonly lines: LineRequest[];
  private readonly form = new Form([
    { name: 'item', label: '', input: new TextField('', 40) },
    { name: 'quantity', label: '', input: new TextField('1', 12) },
  ]);
  private chosen = 0;
  private saving = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly order: OrderView,
    private readonly mode: 'price' | 'materials' = 'price',
  ) {
    this.lines = mode === 'price' ? order.lines.map((l) => ({ code: l.code, quantity: l.quantity })) : [];
    this.form.fields[0]!.label = ctx.w.feeItem;
    this.form.fields[1]!.label = ctx.w.quantity;
  }

  hints(): string {
    return this.ctx.w.priceHints;
  }

  private fees(): FeeItem[] {
    const fees = this.ctx.engine.config.fees;
    return this.mode === 'price' ? fees : fees.filter((f) => f.kind === 'material');
  }

  private matches(): FeeItem[] {
    const q = this.form.text('item').toLowerCase();
    if (!q) return [];
    return this.fees().filter((f) => f.code.toLowerCase().startsWith(q) || f.name.toLowerCase().includes(q)).slice(0, 6);
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const byCode = new Map(this.fees().map((f) => [f.code, f]));
    const out = [`{bold}${esc(`${this.mode === 'price' ? w.priceTitle : w.materialsTitle} ${this.order.orderNo}`)}{/bold}`, ''];
    this.lines.forEach((l, i) => {
      const f = byCode.get(l.code);
      out.push(cell(`${i + 1}. ${l.code} ${f?.name ?? '?'}  ${l.quantity}${f?.unit ?? ''} × ${f ? formatFen(f.priceFen) : '?'}`, width));
    });
    if (this.lines.length === 0) out.push(esc(w.noLines));
    out.push('', ...this.form.render(width));
    if (this.form.focused.name === 'item') {
      this.matches().forEach((f, i) => {
        const line = cell(`${f.code}  ${f.name}  ${formatFen(f.priceFen)}/${f.unit}`, width - 2);
        out.push(i === this.chosen ? `{inverse}> ${line}{/inverse}` : `  ${line}`);
      });
    }
    return out.slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'C-s') return void this.save();
    if (k.full === 'C-d') return void this.lines.pop();
    const matches = this.matches();
    if (this.form.focused.name === 'item' && matches.length > 0) {
      if (k.full === 'down') return void (this.chosen = Math.min(matches.length - 1, this.chosen + 1));
      if (k.full === 'up') return void (this.chosen = Math.max(0, this.chosen - 1));
      if (k.full === 'enter') {
        (this.form.input('item') as TextField).value = matches[this.chosen]!.code;
        this.chosen = 0;
        return this.form.focusOn('quantity');
      }
    }
    if (k.full === 'enter' && this.form.focused.name === 'quantity') return this.add();
    this.form.key(k);
    if (this.form.focused.name === 'item') this.chosen = Math.min(this.chosen, Math.max(0, this.matches().length - 1));
  }

  private add(): void {
    const code = this.form.text('item').toUpperCase();
    if (!this.fees().some((f) => f.code === code)) return this.ctx.say(this.ctx.w.unknownFee(code), 'error');
    this.lines.push({ code, quantity: this.form.text('quantity') || '1' });
    (this.form.input('item') as TextField).value = '';
    (this.form.input('quantity') as TextField).value = '1';
    this.form.focusOn('item');
  }

  private async save(): Promise<void> {
    if (this.saving) return;
    const actor = this.ctx.actor();
    if (!actor) return this.ctx.say(this.ctx.w.signOnAsk, 'error');
    this.saving = true;
    try {
      await this.record(actor);
    } finally {
      this.saving = false;
    }
  }

  private async record(actor: string): Promise<void> {
    if (this.mode === 'materials') {
      const drawn = await this.ctx.run(() => this.ctx.engine.orders.drawMaterials(this.order.orderNo, this.lines, actor));
      if (!drawn) return;
      this.ctx.say(this.ctx.w.materialsDrawn);
      return this.ctx.close(this);
    }
    const priced = await this.ctx.run(() => this.ctx.engine.orders.price(this.order.orderNo, this.lines, actor));
    if (!priced) return;
    this.ctx.say(this.ctx.w.priced(formatFen(priced.totalFen ?? 0)));
    this.ctx.close(this);
  }
}
