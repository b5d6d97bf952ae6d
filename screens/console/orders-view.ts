import type { OrderView } from '../../src/projections/orders.js';
import { formatFen } from '../../src/domain/money.js';
import type { Key } from './keys.js';
import { cell, esc, shortAddress } from './markup.js';
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
    // 80 columns: number, address, content, state, total, marks; wider screens add the appointment.
    const wide = width >= 100;
    const addressWidth = wide ? 22 : 14;
    const marksWidth = wide ? 12 : 6;
    const fixed = 17 + addressWidth + 10 + (wide ? 11 : 0) + 9 + marksWidth;
    const separators = wide ? 6 : 5;
    const contentWidth = Math.max(6, width - fixed - separators);
    const cols = (no: string, address: string, content: string, state: string, appointment: string, total: string, marks: string) =>
      [cell(no, 17), cell(address, addressWidth), cell(content, contentWidth), cell(state, 10), ...(wide ? [cell(appointment, 11)] : []), cell(total, 9), cell(marks, marksWidth)].join(' ');
    const header = cols(w.orderNo, w.orderAddress, w.orderContent, w.orderState, w.orderAppointment, w.orderTotal, '');
    const rows = orders.map((o, i) => {
      const marks = [o.major ? w.major : '', o.late ? w.late : '', o.escalated ? w.escalated : '', o.cashViolation ? w.cash : ''].filter(Boolean).join(' ');
      const line = cols(o.orderNo, shortAddress(o.address, addressWidth), o.content, w.state[o.state], o.appointmentAt.slice(5, 16).replace('T', ' '), o.totalFen === null ? '' : formatFen(o.totalFen), marks);
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
