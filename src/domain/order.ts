import type { Person } from '../config/types.js';
import type { PricedLine } from './fees.js';

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
export function judgeCash(receiver: Pick<Person, 'badge' | 'name' | 'role' | 'department'>, receipt: string | undefined): { violation: boolean } | { refusal: string } {
  const atDesk = receiver.department === 'service-desk';
  if (atDesk && !receipt) return { refusal: `${receiver.name} (${receiver.badge}) is of the service desk: the service desk gives a receipt for cash: record its number` };
  if (!atDesk && receipt) {
    return { refusal: `only the service desk gives receipts; ${receiver.name} (${receiver.badge}) is a ${receiver.role}: leave the receipt out, the cash they took is recorded as a W6 violation` };
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
  closed(o: OrderFacts): string | null {
    if (o.cancelledAt) return `order ${o.orderNo} was cancelled at ${o.cancelledAt}`;
    if (o.completedAt) return `order ${o.orderNo} was completed at ${o.completedAt}`;
    return null;
  },

  dispatch(o: OrderFacts, to: 'technician' | 'contractor'): string | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    // W9: paid cleaning goes to the environment dept's contractor; repairs to a technician.
    if (to === 'contractor' && o.kind !== 'cleaning') return `order ${o.orderNo} is a repair; a repair goes to a technician on the roster, only paid cleaning to a contractor (W9)`;
    return null;
  },

  price(o: OrderFacts): string | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.startedAt) return `order ${o.orderNo}: work started at ${o.startedAt} at the agreed price; the price cannot change after work starts (W5)`;
    return null;
  },

  agree(o: OrderFacts, totalFen: number): string | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.totalFen === null) return `order ${o.orderNo} has no price yet; price it from the fee schedule, tell the resident the amount, then record the agreement (W5)`;
    if (o.startedAt) return `order ${o.orderNo}: work already started at ${o.startedAt}`;
    if (totalFen !== o.totalFen) return `order ${o.orderNo} is priced at ${o.totalFen} fen, not ${totalFen}; tell the resident the current total and record the agreement to it`;
    if (o.agreedTotalFen === o.totalFen) return `order ${o.orderNo}: the resident already agreed to this total`;
    return null;
  },

  drawMaterials(o: OrderFacts): string | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (!o.assignee) return `order ${o.orderNo} is not dispatched yet; materials are drawn by the technician it goes to (W2): dispatch it first`;
    return null;
  },

  /** W5: the resident is told the amount and agrees before work starts. */
  start(o: OrderFacts): string | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.startedAt) return `order ${o.orderNo}: work already started at ${o.startedAt}`;
    if (!o.assignee) return `order ${o.orderNo} is not dispatched; dispatch it to a technician (or, for cleaning, a contractor) first`;
    if (o.totalFen === null) return `order ${o.orderNo} has no price; work cannot start before the resident is told the amount and agrees (W5): price it first`;
    if (o.agreedTotalFen !== o.totalFen) {
      return `order ${o.orderNo}: the resident has not agreed to the total of ${o.totalFen} fen; work cannot start before the resident is told the amount and agrees (W5)`;
    }
    return null;
  },

  complete(o: OrderFacts): string | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (!o.startedAt) return `order ${o.orderNo}: work has not started; record the start (after the resident's agreement) first`;
    return null;
  },

  escalate(o: OrderFacts): string | null {
    return refusals.closed(o);
  },

  /** H4 d: a repair can be marked major until it is finished. */
  markMajor(o: OrderFacts & { major: boolean }): string | null {
    const closed = refusals.closed(o);
    if (closed) return closed;
    if (o.kind !== 'repair') return `order ${o.orderNo} is ${o.kind}; only a repair is a major repair (H4 d)`;
    if (o.major) return `order ${o.orderNo} is already marked major`;
    return null;
  },

  /** W6: cash is recorded whenever it comes to light, even after completion, as a violation. */
  cash(o: OrderFacts): string | null {
    if (o.cancelledAt) return `order ${o.orderNo} was cancelled at ${o.cancelledAt}; nothing was to be paid`;
    return null;
  },

  /** W7: the resident signs the completed order. */
  sign(o: OrderFacts): string | null {
    if (o.cancelledAt) return `order ${o.orderNo} was cancelled at ${o.cancelledAt}`;
    if (!o.completedAt) return `order ${o.orderNo} is not completed; the resident signs the completed order (W7)`;
    if (o.signedAt) return `order ${o.orderNo} was already signed at ${o.signedAt}`;
    return null;
  },

  cancel(o: OrderFacts): string | null {
    return refusals.closed(o);
  },
};
