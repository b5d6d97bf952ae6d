import type { OrderView } from '../../src/projections/orders.js';
import { formatFen } from '../../src/domain/money.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { OrderDetailView } from './order-detail.js';
import type { ConsoleContext, Size, View } from './view.js';

/** F4: the open paid-service orders with their state and times; late, escalated and cash marked. */
export class OrdersView implements View {
  private selected = 0;

  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.ordersHints;
  }

  private orders(): OrderView[] {
    return this.ctx.engine.orders.listOpen();
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const orders = this.orders();
    this.selected = Math.min(this.selected, Math.max(0, orders.length - 1));
    const wide = width >= 120;
    const addressWidth = wide ? 22 : 16;
    const contentWidth = Math.max(6, width - 18 - 1 - addressWidth - 1 - 10 - 1 - 11 - 1 - 9 - 1 - 12);
    const header = [cell(w.orderNo, 18), cell(w.orderAddress, addressWidth), cell(w.orderContent, contentWidth), cell(w.orderState, 10), cell(w.orderAppointment, 11), cell(w.orderTotal, 9), cell('', 12)].join(' ');
    const rows = orders.map((o, i) => {
      const marks = [o.major ? w.major : '', o.late ? w.late : '', o.escalated ? w.escalated : '', o.cashViolation ? w.cash : ''].filter(Boolean).join(' ');
      const line = [
        cell(o.orderNo, 18),
        cell(o.address, addressWidth),
        cell(o.content, contentWidth),
        cell(w.state[o.state], 10),
        cell(o.appointmentAt.slice(5, 16).replace('T', ' '), 11),
        cell(o.totalFen === null ? '' : formatFen(o.totalFen), 9),
        cell(marks, 12),
      ].join(' ');
      if (i === this.selected) return `{inverse}${line}{/inverse}`;
      return o.late || o.cashViolation ? `{red-fg}${line}{/red-fg}` : o.escalated ? `{magenta-fg}${line}{/magenta-fg}` : line;
    });
    const room = Math.max(1, height - 3);
    const start = Math.max(0, Math.min(rows.length - room, this.selected - room + 1));
    return [`{bold}${esc(`${w.ordersTitle} (${orders.length})`)}{/bold}`, `{underline}${header}{/underline}`, ...(orders.length ? rows.slice(start, start + room) : [esc(w.noOrders)])].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    const orders = this.orders();
    if (k.full === 'up') this.selected = Math.max(0, this.selected - 1);
    if (k.full === 'down') this.selected = Math.min(orders.length - 1, this.selected + 1);
    if (k.full === 'enter' && orders[this.selected]) this.ctx.push(new OrderDetailView(this.ctx, orders[this.selected]!.orderNo));
  }
}
