import type { FeeItem } from '../../src/config/types.js';
import { lineAmountFen, type LineRequest } from '../../src/domain/fees.js';
import { formatFen } from '../../src/domain/money.js';
import { parseQuantity } from '../../src/domain/quantity.js';
import type { OrderView } from '../../src/projections/orders.js';
import { Form } from './form.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * W5: the order's lines from the fee schedule. Type a code or a name, pick, give the quantity
 * (decimals allowed: 2.5 metres), Enter adds the line; the same item again changes its quantity
 * (0 takes it off). Each line shows its amount and the total runs as lines are added (the engine
 * computes the same in fen when Ctrl+S prices the order). The same editor records materials drawn
 * against the order (W2), offering material items only and starting from the priced material
 * lines, shown by name.
 */
export class OrderPriceView implements View {
  private readonly lines: LineRequest[];
  private readonly form = new Form([
    { name: 'item', label: '', input: new TextField('', 40) },
    { name: 'quantity', label: '', input: new TextField('1', 12) },
  ]);
  private chosen = 0;
  private saving = false;
  /** Lines added, changed or taken off since the screen opened. */
  private changed = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly order: OrderView,
    private readonly mode: 'price' | 'materials' = 'price',
  ) {
    // Materials start from what was priced as material, unless some were drawn already.
    const start = mode === 'price' ? order.lines : order.materials.length === 0 ? order.lines.filter((l) => l.kind === 'material') : [];
    this.lines = start.map((l) => ({ code: l.code, quantity: l.quantity }));
    this.form.fields[0]!.label = ctx.w.feeItem;
    this.form.fields[1]!.label = ctx.w.quantity;
  }

  hints(): string {
    return this.ctx.w.priceHints;
  }

  /** Lines are not recorded until Ctrl+S. */
  unsaved(): boolean {
    return this.changed || this.form.text('item') !== '';
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
    const out = [`{bold}${esc(`${this.mode === 'price' ? w.priceTitle : w.materialsTitle} ${this.order.orderNo}`)}{/bold}`, cell(w.priceEditHelp, width), ''];
    let total = 0;
    this.lines.forEach((l, i) => {
      const f = byCode.get(l.code);
      const milli = parseQuantity(l.quantity);
      const amount = f && milli !== undefined ? lineAmountFen(f.priceFen, milli) : null;
      total += amount ?? 0;
      const priced = this.mode === 'price' ? `  × ${f ? formatFen(f.priceFen) : '?'} = ${amount === null ? '?' : formatFen(amount)}` : '';
      out.push(cell(`${i + 1}. ${f?.name ?? l.code}  ${l.quantity}${f?.unit ?? ''}${priced}`, width));
    });
    if (this.lines.length === 0) out.push(esc(w.noLines));
    // W5: the running total, as the engine will compute it (each line rounded on its own).
    if (this.mode === 'price' && this.lines.length > 0) out.push(`{bold}${cell(`${w.orderTotal} ¥${formatFen(total)}`, width)}{/bold}`);
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
    if (k.full === 'C-d') {
      this.changed = this.lines.pop() !== undefined || this.changed;
      return;
    }
    const matches = this.matches();
    if (this.form.focused.name === 'item' && matches.length > 0) {
      if (k.full === 'down') return void (this.chosen = Math.min(matches.length - 1, this.chosen + 1));
      if (k.full === 'up') return void (this.chosen = Math.max(0, this.chosen - 1));
      if (k.full === 'enter') {
        const item = matches[this.chosen]!;
        (this.form.input('item') as TextField).value = item.code;
        // An item already on the list comes back with its quantity, to change it.
        const on = this.lines.find((l) => l.code === item.code);
        if (on) (this.form.input('quantity') as TextField).value = on.quantity;
        this.chosen = 0;
        return this.form.focusOn('quantity');
      }
    }
    if (k.full === 'enter' && this.form.focused.name === 'quantity') return this.add();
    this.form.key(k);
    if (this.form.focused.name === 'item') this.chosen = Math.min(this.chosen, Math.max(0, this.matches().length - 1));
  }

  /** Adds the line, or changes the quantity of the item already on the list (0 takes it off). */
  private add(): void {
    const code = this.form.text('item').toUpperCase();
    if (!this.fees().some((f) => f.code === code)) return this.ctx.say(this.ctx.w.unknownFee(code), 'error');
    const quantity = this.form.text('quantity') || '1';
    const at = this.lines.findIndex((l) => l.code === code);
    this.changed = true;
    if (/^0*(\.0*)?$/.test(quantity)) {
      if (at >= 0) this.lines.splice(at, 1);
    } else if (at >= 0) this.lines[at] = { code, quantity };
    else this.lines.push({ code, quantity });
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
