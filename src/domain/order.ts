import type { Person } from '../config/types.js';
import type { PricedLine } from './fees.js';
import { refusal, type Refusal } from './refusal.js';

export const ORDER_KINDS = ['repair', 'cleaning'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/**
 * W6 (4.4.1): the resident agrees to pay by bank collection (银行托收, the way in principle) or in
 * cash, with the price (W5).
 */
export const PAYMENT_METHODS = ['bank-collection', 'cash'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * W6 (4.4.1, 4.4.2): cash received by the service desk against its receipt is allowed; cash
 * taken by anyone else (a technician, privately) is the violation, recorded and reported, never
 * refused. The desk's receipt number is required, and only the desk gives one.
 */
export function judgeCash(receiver: Pick<Person, 'badge' | 'name' | 'role' | 'department'>, receipt: string | undefined): { violation: boolean } | { refusal: Refusal } {
  const atDesk = receiver.department === 'service-desk';
  if (atDesk && !receipt) return { refusal: refusal('desk-needs-receipt', `${receiver.name} (${receiver.badge}) is of the service desk: the service desk gives a receipt for cash: record its number`, { name: receiver.name }) };
  if (!atDesk && receipt) {
    return { refusal: refusal('receipt-not-desk', `only the service desk gives receipts; ${receiver.name} (${receiver.badge}) is a ${receiver.role}: leave the receipt out, the cash they took is recorded as a W6 violation`, { name: receiver.name, role: receiver.role }) };
  }
  return { violation: !atDesk };
}

/** Where an order stands, for a list: the furthest step it has reached. */
export type OrderState = 'created' | 'dispatched' | 'priced' | 'agreed' | 'started' | 'completed' | 'signed' | 'cancelled';

/** The facts about an order that decide what may happen to it next. */
export interface OrderFacts {
  orderNo: string;
  kind: OrderKind;
  assignee: { technician: string; name: string } | { contractor: string } | null;
  lines: PricedLine[];
  totalFen: number | null;
  /** The total the resident agreed to; cleared when the order is priced again. */
  agreedTotalFen: number | null;
  startedAt: string | null;
  completedAt: string | null;
  signedAt: string | null;
  cancelledAt: string | null;
  escalationLevel: number;
}

/** Order numbers carry the site and the day: JY01-20261130-001. */
export function orderNumber(siteId: string, day: string, n: number): string {
  return `${siteId}-${day.replace(/-/g, '')}-${String(n).padStart(3, '0')}`;
}

/** The day an order number was given (YYYY-MM-DD), from its end; site ids may hold "-" themselves. */
export function dayOfOrderNo(orderNo: string): string | undefined {
  const m = /^.+-(\d{4})(\d{2})(\d{2})-\d{3,}$/.exec(orderNo);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export function stateOf(o: OrderFacts): OrderState {
  if (o.cancelledAt) return 'cancelled';
  if (o.signedAt) return 'signed';
  if (o.completedAt) return 'completed';
  if (o.startedAt) return 'started';
  if (o.agreedTotalFen !== null) return 'agreed';
  if (o.totalFen !== null) return 'priced';
  if (o.assignee) return 'dispatched';
  return 'created';
}

/**
 * Why an order cannot take a step now, or null when it can. Each answer says what happened and
 * what to do; the engine checks these inside the write, so two consoles cannot both pass them.
 */
export const refusals = {
  /** Anything but cash and signing ends with completion; nothing happens to a cancelled order. */
  closed(o: OrderFacts): Refusal | null {
    if (o.cancelledAt) return refusal('order-cancelled', `order ${o.orderNo} was cancelled at ${o.cancelledAt}`, { orderNo: o.orderNo, at: o.cancelledAt });
    if (o.completedAt) return refusal('order-completed', `order ${o.orderNo} was completed at ${o.completedAt}`, { orderNo: o.orderNo, at: o.completedAt });
    return null;
  },

  dispatch(o: OrderFacts, to: 'technician' | 'contractor'): Refusal | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    // W9: paid cleaning goes to the environment dept's contractor; repairs to a technician.
    if (to === 'contractor' && o.kind !== 'cleaning') return refusal('repair-not-contractor', `order ${o.orderNo} is a repair; a repair goes to a technician on the roster, only paid cleaning to a contractor (W9)`, { orderNo: o.orderNo });
    return null;
  },

  price(o: OrderFacts): Refusal | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.startedAt) return refusal('price-after-start', `order ${o.orderNo}: work started at ${o.startedAt} at the agreed price; the price cannot change after work starts (W5)`, { orderNo: o.orderNo, at: o.startedAt });
    return null;
  },

  agree(o: OrderFacts, totalFen: number): Refusal | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.totalFen === null) return refusal('not-priced', `order ${o.orderNo} has no price yet; price it from the fee schedule, tell the resident the amount, then record the agreement (W5)`, { orderNo: o.orderNo });
    if (o.startedAt) return refusal('already-started', `order ${o.orderNo}: work already started at ${o.startedAt}`, { orderNo: o.orderNo, at: o.startedAt });
    if (totalFen !== o.totalFen) return refusal('total-changed', `order ${o.orderNo} is priced at ${o.totalFen} fen, not ${totalFen}; tell the resident the current total and record the agreement to it`, { orderNo: o.orderNo, totalFen: o.totalFen, givenFen: totalFen });
    if (o.agreedTotalFen === o.totalFen) return refusal('already-agreed', `order ${o.orderNo}: the resident already agreed to this total`, { orderNo: o.orderNo });
    return null;
  },

  drawMaterials(o: OrderFacts): Refusal | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (!o.assignee) return refusal('not-dispatched', `order ${o.orderNo} is not dispatched yet; materials are drawn by the technician it goes to (W2): dispatch it first`, { orderNo: o.orderNo });
    return null;
  },

  /** W5: the resident is told the amount and agrees before work starts. */
  start(o: OrderFacts): Refusal | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.startedAt) return refusal('already-started', `order ${o.orderNo}: work already started at ${o.startedAt}`, { orderNo: o.orderNo, at: o.startedAt });
    if (!o.assignee) return refusal('not-dispatched', `order ${o.orderNo} is not dispatched; dispatch it to a technician (or, for cleaning, a contractor) first`, { orderNo: o.orderNo });
    if (o.totalFen === null) return refusal('not-priced', `order ${o.orderNo} has no price; work cannot start before the resident is told the amount and agrees (W5): price it first`, { orderNo: o.orderNo });
    if (o.agreedTotalFen !== o.totalFen) {
      return refusal('not-agreed', `order ${o.orderNo}: the resident has not agreed to the total of ${o.totalFen} fen; work cannot start before the resident is told the amount and agrees (W5)`, { orderNo: o.orderNo, totalFen: o.totalFen });
    }
    return null;
  },

  complete(o: OrderFacts): Refusal | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (!o.startedAt) return refusal('not-started', `order ${o.orderNo}: work has not started; record the start (after the resident's agreement) first`, { orderNo: o.orderNo });
    return null;
  },

  escalate(o: OrderFacts): Refusal | null {
    return refusals.closed(o);
  },

  /** H4 d: a repair can be marked major until it is finished. */
  markMajor(o: OrderFacts & { major: boolean }): Refusal | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.kind !== 'repair') return refusal('not-repair', `order ${o.orderNo} is ${o.kind}; only a repair is a major repair (H4 d)`, { orderNo: o.orderNo, kind: o.kind });
    if (o.major) return refusal('order-major', `order ${o.orderNo} is already marked major`, { orderNo: o.orderNo });
    return null;
  },

  /** W6: cash is recorded whenever it comes to light, even after completion, as a violation. */
  cash(o: OrderFacts): Refusal | null {
    if (o.cancelledAt) return refusal('order-cancelled', `order ${o.orderNo} was cancelled at ${o.cancelledAt}; nothing was to be paid`, { orderNo: o.orderNo, at: o.cancelledAt });
    return null;
  },

  /** W7: the resident signs the completed order. */
  sign(o: OrderFacts): Refusal | null {
    if (o.cancelledAt) return refusal('order-cancelled', `order ${o.orderNo} was cancelled at ${o.cancelledAt}`, { orderNo: o.orderNo, at: o.cancelledAt });
    if (!o.completedAt) return refusal('not-completed', `order ${o.orderNo} is not completed; the resident signs the completed order (W7)`, { orderNo: o.orderNo });
    if (o.signedAt) return refusal('already-signed', `order ${o.orderNo} was already signed at ${o.signedAt}`, { orderNo: o.orderNo, at: o.signedAt });
    return null;
  },

  cancel(o: OrderFacts): Refusal | null {
    return refusals.closed(o);
  },
};
