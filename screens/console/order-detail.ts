import type { Person } from '../../src/config/types.js';
import { nameOnRoster } from '../../src/config/roster-names.js';
import { departmentLabel, roleLabel } from '../text/labels.js';
import { nextEscalation, takesRung } from '../../src/domain/escalation.js';
import { formatFen, parseYuan } from '../../src/domain/money.js';
import { PAYMENT_METHODS, type PaymentMethod } from '../../src/domain/order.js';
import type { OrderView } from '../../src/projections/orders.js';
import { CloseEntryView } from './close-entry-view.js';
import { ChoiceField } from './form.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { OrderPriceView } from './order-price.js';
import { PickView } from './pick-view.js';
import { PromptView } from './prompt-view.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';
import { maskPhone } from '../../src/log.js';
import { Said } from './errors.js';

const local = (iso: string | null | undefined) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');

/**
 * One paid-service order and its next steps (W1-W9): dispatch, price, the resident's agreement,
 * start, completion, the resident's signature (the technician's badge), escalation, cash, cancel.
 */
export class OrderDetailView implements View {
  /** Waiting for the technician's badge to record the resident's signature (W7). */
  private signing = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly orderNo: string,
  ) {}

  hints(): string {
    return this.ctx.w.orderHints;
  }

  private order(): OrderView | undefined {
    return this.ctx.engine.orders.get(this.orderNo);
  }

  private nameOf(badge: string): string {
    return nameOnRoster(this.ctx.engine.config.roster, badge);
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    const o = this.order();
    if (!o) return [esc(this.orderNo)];
    const row = (label: string, value: string) => `${cell(label, 10)} ${cell(value, width - 11)}`;
    const assignee = o.assignee ? ('technician' in o.assignee ? `${o.assignee.name} (${o.assignee.technician})` : `${w.contractor}: ${o.assignee.contractor}`) : '';
    const marks = [o.major ? w.major : '', o.late ? w.late : '', o.escalated ? w.escalated : '', o.cashViolation ? w.cashViolation : ''].filter(Boolean).join('  ');
    const lines = [
      `{bold}${esc(`${w.orderTitle} ${o.orderNo}`)}{/bold}  ${esc(w.state[o.state])}${marks ? `  {red-fg}${esc(marks)}{/red-fg}` : ''}`,
      row(w.orderAddress, `${o.address}  ${o.resident ?? ''}  ${o.phone ? maskPhone(o.phone) : ''}`),
      row(w.orderContent, o.content),
      row(w.orderAppointment, `${local(o.appointmentAt)}   ${w.entry} ${o.entryId}`),
      row(w.assignee, `${assignee}${o.notifiedAt ? `   ${w.notifiedAt} ${local(o.notifiedAt)}` : ''}`),
    ];
    for (const l of o.lines) lines.push(row('', `${l.code} ${l.name}  ${l.quantity}${l.unit} × ${formatFen(l.unitPriceFen)} = ${formatFen(l.amountFen)}`));
    lines.push(
      row(w.orderTotal, o.totalFen === null ? '' : `${formatFen(o.totalFen)}${o.agreedAt ? `   ${w.agreedAt} ${local(o.agreedAt)}` : ''}`),
      row(w.work, [o.startedAt ? `${w.startedAt} ${local(o.startedAt)}` : '', o.dueAt ? `${w.orderDueAt} ${local(o.dueAt)}${o.standardSource === 'default' ? ` (${w.standardDefault})` : ''}` : '', o.completedAt ? `${w.completedAt} ${local(o.completedAt)}` : ''].filter(Boolean).join('   ')),
    );
    if (o.materials.length) lines.push(row(w.materials, o.materials.map((m) => `${m.name} ${m.quantity}${m.unit}`).join(', ')));
    for (const e of o.escalations) lines.push(row(w.escalated, `${local(e.at)} → ${e.toName} (${e.to}): ${e.reason}${e.residentTold ? `  ${w.residentTold}` : ''}`));
    lines.push(row(w.paymentMethod, w.payment[o.paymentMethod]));
    for (const c of o.cashPayments) {
      const line = row(c.violation ? w.cashViolation : w.cash, `${local(c.at)} ${formatFen(c.amountFen)} ${this.nameOf(c.receivedBy)}${c.receipt ? `  ${w.cashReceipt} ${c.receipt}` : ''}`);
      lines.push(c.violation ? `{red-fg}${line}{/red-fg}` : line);
    }
    if (o.signedBy) lines.push(row(w.signedBy, this.nameOf(o.signedBy)));
    if (o.cancelReason) lines.push(row(w.state.cancelled, o.cancelReason));
    if (this.signing) lines.push('', `{yellow-fg}${cell(w.signAsk, width)}{/yellow-fg}`);
    return lines.slice(0, height);
  }

  key(k: Key): void {
    const { ctx } = this;
    const { w, engine } = ctx;
    const o = this.order();
    if (k.full === 'escape') return this.signing ? void (this.signing = false) : ctx.close(this);
    if (!o) return;
    const actor = ctx.actor();
    if (!actor) return ctx.say(w.signOnAsk, 'error');
    const orders = engine.orders;
    const confirm = (title: string, lines: string[], run: () => Promise<unknown>) =>
      ctx.push(
        new PromptView(ctx, title, lines, [], async () => {
          await run();
          return true;
        }),
      );
    switch (k.full.toLowerCase()) {
      case 'd': {
        if (o.kind === 'cleaning') {
          return ctx.push(
            new PromptView(ctx, w.dispatchTitle, [w.contractorAsk], [{ name: 'contractor', label: w.contractor, input: new TextField('', 100) }], async (f) => {
              await orders.dispatch(o.orderNo, { contractor: f!.text('contractor') }, actor);
              return true;
            }),
          );
        }
        const technicians = engine.config.roster.filter((p) => p.role === 'technician' && p.active);
        return ctx.push(new PickView<Person>(ctx, w.dispatchTitle, technicians, (p) => `${p.badge}  ${p.name}`, (p) => void ctx.run(() => orders.dispatch(o.orderNo, { technician: p.badge }, actor))));
      }
      case 'p':
        return ctx.push(new OrderPriceView(ctx, o));
      case 'l':
        return ctx.push(new OrderPriceView(ctx, o, 'materials'));
      case 'a':
        if (o.totalFen === null) return ctx.say(w.priceFirst, 'error');
        // W5, W6: the resident agrees to the total and to how they pay, bank collection in principle.
        return ctx.push(
          new PromptView(
            ctx,
            w.agreeTitle,
            [w.agreeAsk(formatFen(o.totalFen))],
            [{ name: 'payment', label: w.paymentMethod, input: new ChoiceField<PaymentMethod>(PAYMENT_METHODS, 'bank-collection', (v) => w.payment[v]) }],
            async (f) => {
              await orders.agree(o.orderNo, o.totalFen!, actor, { paymentMethod: f!.input('payment').value as PaymentMethod });
              return true;
            },
          ),
        );
      case 's':
        return confirm(w.startTitle, [`${o.orderNo}  ${o.address}`], () => orders.start(o.orderNo, actor));
      case 'c':
        return confirm(w.completeTitle, [`${o.orderNo}  ${o.address}`], () => orders.complete(o.orderNo, actor));
      case 'g':
        this.signing = true;
        return;
      case 'r':
        // W8: the four copies, to the printer the configuration names (P is the price).
        ctx.say(w.printing);
        return void ctx.run(async () => {
          const outcome = await ctx.print(o);
          ctx.say(outcome.to === 'printer' ? w.printedToPrinter(o.orderNo) : w.printedToFile(o.orderNo, outcome.path));
        });
      case 'e': {
        // W4: the next rung's rank and department: the engineering supervisor, then the estate manager.
        const next = nextEscalation(o.escalationLevel);
        const up = next ? engine.config.roster.filter((p) => p.active && takesRung(next, p)) : [];
        return ctx.push(
          new PickView<Person>(ctx, w.escalateTitle, up, (p) => `${p.name}  ${departmentLabel(ctx.lang, p.department)} ${roleLabel(ctx.lang, p.role)}`, (p) =>
            ctx.push(
              new PromptView(
                ctx,
                w.escalateTitle,
                [`→ ${p.name}`],
                [
                  { name: 'reason', label: w.reason, input: new TextField('', 500) },
                  { name: 'told', label: w.residentTold, input: new ChoiceField(['yes', 'no'], 'yes', (v) => (v === 'yes' ? w.yes : w.no)) },
                ],
                async (f) => {
                  await orders.escalate(o.orderNo, { to: p.badge, reason: f!.text('reason'), residentTold: f!.input('told').value === 'yes' }, actor);
                  return true;
                },
              ),
            ),
          ),
        );
      }
      case 'm':
        // H4 d: a repair found to be major after the order was made.
        return ctx.push(
          new PromptView(ctx, w.markOrderMajorTitle, [`${o.orderNo}  ${o.address}`], [{ name: 'reason', label: w.reason, input: new TextField('', 500) }], async (f) => {
            await orders.markMajor(o.orderNo, f!.text('reason'), actor);
            ctx.say(w.orderMarkedMajor(o.orderNo));
            return true;
          }),
        );
      case '$': {
        // W6: who took the cash: the service desk against its receipt, or (a violation) the technician.
        const desk = engine.config.roster.filter((p) => p.active && p.department === 'service-desk');
        const technician = o.assignee && 'technician' in o.assignee ? [o.assignee.technician] : [];
        const takers = [...technician, ...desk.map((p) => p.badge)];
        if (takers.length === 0) return ctx.say(w.noCashTaker, 'error');
        return ctx.push(
          new PromptView(
            ctx,
            w.cashTitle,
            [w.cashExplain],
            [
              { name: 'amount', label: w.amount, input: new TextField('', 12) },
              { name: 'by', label: w.cashReceivedBy, input: new ChoiceField<string>(takers, takers[0]!, (b) => this.nameOf(b)) },
              { name: 'receipt', label: w.cashReceipt, input: new TextField('', 40) },
            ],
            async (f) => {
              const fen = parseYuan(f!.text('amount'));
              if (fen === undefined) throw new Said(w.amountBad);
              const receivedBy = f!.input('by').value;
              const atDesk = desk.some((p) => p.badge === receivedBy);
              if (atDesk && !f!.text('receipt')) throw new Said(w.cashNeedsReceipt);
              await orders.recordCash(o.orderNo, { amountFen: fen, receivedBy, ...(atDesk ? { receipt: f!.text('receipt') } : {}) }, actor);
              return true;
            },
          ),
        );
      }
      case 'x':
        return ctx.push(
          new PromptView(ctx, w.cancelTitle, [], [{ name: 'reason', label: w.reason, input: new TextField('', 500) }], async (f) => {
            await orders.cancel(o.orderNo, f!.text('reason'), actor);
            return true;
          }),
        );
    }
  }

  /**
   * W7: the technician's badge vouches for the resident's signature on the paper copy. The order
   * done, closing its entry with the order's result is offered (R4: the first responder closes
   * it, anyone else for them with a supervisor's badge); Esc leaves the entry open.
   */
  badge(person: Person): void {
    if (!this.signing) return this.ctx.say(this.ctx.w.badgeSeen(person.name));
    this.signing = false;
    const { ctx } = this;
    void ctx.run(async () => {
      const signed = await ctx.engine.orders.sign(this.orderNo, person.badge);
      const entry = ctx.engine.entry(signed.entryId);
      if (entry?.status === 'open') ctx.push(new CloseEntryView(ctx, entry, ctx.w.orderResult(signed.orderNo, formatFen(signed.totalFen ?? 0)), [ctx.w.signedCloseLead(entry.id)]));
      ctx.say(ctx.w.signed(person.name));
    });
  }
}
