import type { RegisterEntry } from '../../src/projections/entries.js';
import type { OrderView } from '../../src/projections/orders.js';
import { formatFen } from '../../src/domain/money.js';
import { categoryLabel } from '../text/labels.js';
import type { Key } from './keys.js';
import { cell, esc, localTime, shortAddress } from './markup.js';
import { OrderCreateView } from './order-create.js';
import { OrderDetailView } from './order-detail.js';
import { PickView } from './pick-view.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * F4: the paid-service orders not yet closed, with their state and times (late, escalated and cash
 * marked), then today's signed and cancelled ones; Enter opens one, N makes a new one from an open
 * repair or request picked from a list (R3).
 */
export class OrdersView implements View {
  private selected = 0;

  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.ordersHints;
  }

  private orders(): { open: OrderView[]; closed: OrderView[] } {
    const { orders, today } = this.ctx.engine;
    return { open: orders.listOpen(), closed: orders.closedOn(today) };
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const { open, closed } = this.orders();
    const all = [...open, ...closed];
    this.selected = Math.min(this.selected, Math.max(0, all.length - 1));
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
    const row = (o: OrderView, i: number) => {
      const marks = [o.major ? w.major : '', o.late ? w.late : '', o.escalated ? w.escalated : '', o.cashViolation ? w.cash : ''].filter(Boolean).join(' ');
      const line = cols(o.orderNo, shortAddress(o.address, addressWidth), o.content, w.state[o.state], localTime(o.appointmentAt), o.totalFen === null ? '' : formatFen(o.totalFen), marks);
      if (i === this.selected) return `{inverse}${line}{/inverse}`;
      return o.late || o.cashViolation ? `{red-fg}${line}{/red-fg}` : o.escalated ? `{magenta-fg}${line}{/magenta-fg}` : line;
    };
    const rows = [...(open.length ? open.map(row) : [esc(w.noOrders)]), ...(closed.length ? [`{underline}${cell(w.closedToday(closed.length), width)}{/underline}`, ...closed.map((o, i) => row(o, open.length + i))] : [])];
    // The selected row's place among the rows drawn (the "none" line and the heading of today's take one each).
    const at = this.selected < open.length ? this.selected : Math.max(1, open.length) + 1 + (this.selected - open.length);
    const room = Math.max(1, height - 2);
    const start = Math.max(0, Math.min(rows.length - room, at - room + 1));
    return [`{bold}${esc(w.ordersTitle(open.length, closed.length))}{/bold}`, `{underline}${header}{/underline}`, ...rows.slice(start, start + room)].slice(0, height);
  }

  key(k: Key): void {
    const { ctx } = this;
    if (k.full === 'escape') return ctx.close(this);
    const { open, closed } = this.orders();
    const all = [...open, ...closed];
    if (k.full === 'up') this.selected = Math.max(0, this.selected - 1);
    if (k.full === 'down') this.selected = Math.min(all.length - 1, this.selected + 1);
    if (k.full === 'enter' && all[this.selected]) ctx.push(new OrderDetailView(ctx, all[this.selected]!.orderNo));
    if (k.full === 'n' || k.full === 'N') this.pickEntry();
  }

  /** R3: a new order from an open repair or request with no order yet, picked from a list. */
  private pickEntry(): void {
    const { ctx } = this;
    const entries = ctx.engine.orderableEntries();
    if (entries.length === 0) return ctx.say(ctx.w.nothingToOrder, 'error');
    const label = (e: RegisterEntry) => `${e.id}  ${categoryLabel(ctx.lang, e.category)}  ${localTime(e.receivedAt)}  ${e.address ?? ''}  ${e.content ?? ''}`;
    ctx.push(new PickView<RegisterEntry>(ctx, ctx.w.orderFromEntryTitle, entries, label, (e) => ctx.push(new OrderCreateView(ctx, e))));
  }
}
