import type { PricedLine } from '../domain/fees.js';
import { stateOf, type OrderFacts, type OrderKind, type OrderState, type PaymentMethod } from '../domain/order.js';
import { dayOfOrderNo } from '../domain/order.js';
import { isLate, type StandardSource } from '../domain/work-standard.js';
import type { JournalEvent } from '../register/event.js';
import { localIso } from '../time/zone.js';

// ---- what each order.* event carries (personal data travels in the event's pii) ----

export interface OrderCreatedData {
  orderNo: string;
  entryId: string;
  kind: OrderKind;
  /** Major repairs block a handover while unfinished (H4 d): marked so, or made from an entry marked major. */
  major: boolean;
  address: string;
  content: string;
  appointmentAt: string;
}

export interface OrderDispatchedData {
  orderNo: string;
  /** A technician's badge, or for paid cleaning a contractor's name (W9). */
  technician?: string;
  technicianName?: string;
  contractor?: string;
  /** When the technician or contractor was told to go (W1, R3). */
  notifiedAt: string;
}

export interface OrderPricedData {
  orderNo: string;
  lines: PricedLine[];
  totalFen: number;
  /** W3: the work standard: the labour lines', or the kind's default (null in journals from before defaults). */
  standardMinutes: number | null;
  standardSource?: StandardSource;
}

export interface OrderAgreedData {
  orderNo: string;
  totalFen: number;
  /** W6: how the resident agreed to pay; absent in journals from before it was recorded (bank collection). */
  paymentMethod?: PaymentMethod;
  note?: string;
}

export interface MaterialDrawn {
  code: string;
  name: string;
  unit: string;
  quantity: string;
}

export interface OrderMaterialsDrawnData {
  orderNo: string;
  items: MaterialDrawn[];
}

export interface OrderStartedData {
  orderNo: string;
  startedAt: string;
}

/** What the desk's follow-up lists (F3, F4) read: orderNo and totalFen above all. */
export interface OrderCompletedData {
  orderNo: string;
  entryId: string;
  kind: OrderKind;
  major: boolean;
  totalFen: number;
  late: boolean;
  paymentMethod: PaymentMethod;
  startedAt: string;
  completedAt: string;
  standardMinutes: number | null;
  standardSource: StandardSource | null;
  workedMinutes: number;
  technician?: string;
  contractor?: string;
}

export interface OrderEscalatedData {
  orderNo: string;
  level: number;
  step: 'engineering-supervisor' | 'estate-manager';
  to: string;
  toName: string;
  reason: string;
  residentTold: boolean;
}

export interface OrderCashPaidData {
  orderNo: string;
  amountFen: number;
  /** The badge of whoever took the cash. */
  receivedBy: string;
  /** W6: the service desk's receipt, when the desk took it (allowed). */
  receipt?: string;
  /** W6: cash taken by anyone but the desk against a receipt breaks the rule; the desk sees it. */
  violation?: 'W6';
  note?: string;
}

export interface OrderSignedData {
  orderNo: string;
  /** W7: the resident signed the paper copy; the technician's badge vouches for it. */
  technician: string;
}

/** H4 d: an order marked a major repair after it was made, with why. */
export interface OrderMarkedMajorData {
  orderNo: string;
  reason: string;
}

export interface OrderCancelledData {
  orderNo: string;
  reason: string;
}

// ---- the projection ----

export interface Escalation {
  level: number;
  step: OrderEscalatedData['step'];
  to: string;
  toName: string;
  reason: string;
  residentTold: boolean;
  at: string;
  by: string;
}

export interface CashPayment {
  amountFen: number;
  receivedBy: string;
  receipt: string | null;
  /** W6: taken by someone other than the desk against a receipt. */
  violation: boolean;
  at: string;
  by: string;
  note: string | null;
}

/** An order as it stands now, for the orders screen, `orders --json` and the printed form. */
export interface OrderView extends OrderFacts {
  entryId: string;
  major: boolean;
  address: string;
  content: string;
  appointmentAt: string;
  resident: string | null;
  phone: string | null;
  piiPurged: boolean;
  createdAt: string;
  createdBy: string;
  state: OrderState;
  notifiedAt: string | null;
  pricedAt: string | null;
  agreedAt: string | null;
  materials: (MaterialDrawn & { at: string; by: string })[];
  /** W3: the work standard (the labour lines', or the kind's default), when work is due to end, and whether it finished (or runs) late. */
  standardMinutes: number | null;
  standardSource: StandardSource | null;
  dueAt: string | null;
  late: boolean;
  escalations: Escalation[];
  escalated: boolean;
  /** W6: the payment method the resident agreed to (bank collection until agreed otherwise). */
  paymentMethod: PaymentMethod;
  cashPayments: CashPayment[];
  /** W6: cash was taken by someone other than the desk against a receipt. */
  cashViolation: boolean;
  signedBy: string | null;
  cancelReason: string | null;
}

type Stored = Omit<OrderView, 'state' | 'dueAt' | 'late' | 'escalated' | 'cashViolation'>;

/**
 * Paid-service orders folded from the journal. Fed in journal order; an event for an order it has
 * not seen (created before the days it was fed) is ignored.
 */
export class OrderBoard {
  private readonly byNo = new Map<string, Stored>();
  /** H4 d, H9: entries marked major for the director; their orders are major repairs too. */
  private readonly majorEntries = new Set<string>();

  constructor(
    private readonly timezone: string,
    /** W3: the default standard per kind, for orders priced before the default was recorded. */
    private readonly workStandardMinutes: Record<OrderKind, number>,
  ) {}

  apply(e: JournalEvent): void {
    if (e.kind === 'escalation.raised') {
      const entryId = (e.data as { entryId?: unknown }).entryId;
      if (typeof entryId === 'string') this.majorEntries.add(entryId);
      return;
    }
    if (!e.kind.startsWith('order.')) return;
    if (e.kind === 'order.created') {
      this.created(e);
      return;
    }
    const o = this.byNo.get((e.data as { orderNo?: string }).orderNo ?? '');
    if (!o) return;
    switch (e.kind) {
      case 'order.dispatched': {
        const d = e.data as unknown as OrderDispatchedData;
        o.assignee = d.technician ? { technician: d.technician, name: d.technicianName ?? '' } : { contractor: d.contractor ?? '' };
        o.notifiedAt = d.notifiedAt;
        break;
      }
      case 'order.priced': {
        const d = e.data as unknown as OrderPricedData;
        o.lines = d.lines;
        o.totalFen = d.totalFen;
        // Priced before defaults were recorded, with no labour line: the kind's default applies.
        o.standardMinutes = d.standardMinutes ?? this.workStandardMinutes[o.kind];
        o.standardSource = d.standardSource ?? (d.standardMinutes === null ? 'default' : 'labour');
        o.pricedAt = e.at;
        // A new price needs a new agreement (W5).
        o.agreedTotalFen = null;
        o.agreedAt = null;
        break;
      }
      case 'order.agreed': {
        const d = e.data as unknown as OrderAgreedData;
        o.agreedTotalFen = d.totalFen;
        o.agreedAt = e.at;
        o.paymentMethod = d.paymentMethod ?? 'bank-collection';
        break;
      }
      case 'order.materials-drawn':
        for (const item of (e.data as unknown as OrderMaterialsDrawnData).items) o.materials.push({ ...item, at: e.at, by: e.actor });
        break;
      case 'order.started':
        o.startedAt = (e.data as unknown as OrderStartedData).startedAt;
        break;
      case 'order.completed':
        o.completedAt = (e.data as unknown as OrderCompletedData).completedAt;
        break;
      case 'order.escalated': {
        const d = e.data as unknown as OrderEscalatedData;
        o.escalations.push({ level: d.level, step: d.step, to: d.to, toName: d.toName, reason: d.reason, residentTold: d.residentTold, at: e.at, by: e.actor });
        o.escalationLevel = d.level;
        break;
      }
      case 'order.cash-paid': {
        const d = e.data as unknown as OrderCashPaidData;
        o.cashPayments.push({ amountFen: d.amountFen, receivedBy: d.receivedBy, receipt: d.receipt ?? null, violation: d.violation === 'W6', at: e.at, by: e.actor, note: d.note ?? null });
        break;
      }
      case 'order.marked-major':
        o.major = true;
        break;
      case 'order.signed':
        o.signedAt = e.at;
        o.signedBy = (e.data as unknown as OrderSignedData).technician;
        break;
      case 'order.cancelled':
        o.cancelledAt = e.at;
        o.cancelReason = (e.data as unknown as OrderCancelledData).reason;
        break;
      default:
    }
  }

  applyAll(events: Iterable<JournalEvent>): this {
    for (const e of events) this.apply(e);
    return this;
  }

  /** Forgets everything (the engine folds the journal again after a purge). */
  clear(): void {
    this.byNo.clear();
    this.majorEntries.clear();
  }

  /** H9: the entry was marked major for the director, so an order made from it is a major repair. */
  isMajorEntry(entryId: string): boolean {
    return this.majorEntries.has(entryId);
  }

  has(orderNo: string): boolean {
    return this.byNo.has(orderNo);
  }

  /** The order made from an entry that was not cancelled, if any: one entry, one order. */
  orderOfEntry(entryId: string): { orderNo: string; state: OrderState } | undefined {
    const o = [...this.byNo.values()].find((x) => x.entryId === entryId && !x.cancelledAt);
    return o ? { orderNo: o.orderNo, state: stateOf(o as OrderFacts) } : undefined;
  }

  get(orderNo: string, now: number): OrderView | undefined {
    const o = this.byNo.get(orderNo);
    return o ? this.view(o, now) : undefined;
  }

  /** Orders not yet closed: neither signed nor cancelled (completed ones wait for the resident's signature). */
  open(now: number): OrderView[] {
    return [...this.byNo.values()].filter((o) => !o.signedAt && !o.cancelledAt).map((o) => this.view(o, now));
  }

  /** Orders closed (signed or cancelled) on a local day, as they stand now. */
  closedOn(day: string, now: number): OrderView[] {
    return [...this.byNo.values()].filter((o) => (o.signedAt ?? o.cancelledAt)?.slice(0, 10) === day).map((o) => this.view(o, now));
  }

  /** W6: orders with cash taken in violation that are still open, or whose violation was recorded on `day`. */
  cashViolations(day: string, now: number): OrderView[] {
    return [...this.byNo.values()]
      .filter((o) => o.cashPayments.some((c) => c.violation && ((!o.signedAt && !o.cancelledAt) || c.at.slice(0, 10) === day)))
      .map((o) => this.view(o, now));
  }

  /** The orders given a number on a local day, as they stand now. */
  ofDay(day: string, now: number): OrderView[] {
    return [...this.byNo.values()].filter((o) => dayOfOrderNo(o.orderNo) === day).map((o) => this.view(o, now));
  }

  /**
   * H4 (d): major repairs whose work is not finished (completed or cancelled). Major if marked so
   * anywhere: when the order was made, later on the order, or on its entry (H9).
   */
  openMajor(): { orderNo: string; entryId: string; address: string; since: string }[] {
    return [...this.byNo.values()]
      .filter((o) => this.isMajor(o) && o.kind === 'repair' && !o.completedAt && !o.cancelledAt)
      .map((o) => ({ orderNo: o.orderNo, entryId: o.entryId, address: o.address, since: o.createdAt }));
  }

  /** The oldest day with an order still open, so that a restart reads the journal back that far. */
  oldestOpenDay(): string | null {
    const days = [...this.byNo.values()].filter((o) => !o.signedAt && !o.cancelledAt).map((o) => o.createdAt.slice(0, 10));
    return days.length > 0 ? days.sort()[0]! : null;
  }

  private isMajor(o: Stored): boolean {
    return o.major || this.majorEntries.has(o.entryId);
  }

  private created(e: JournalEvent): void {
    const d = e.data as unknown as OrderCreatedData;
    this.byNo.set(d.orderNo, {
      orderNo: d.orderNo,
      entryId: d.entryId,
      kind: d.kind,
      major: d.major,
      address: d.address,
      content: d.content,
      appointmentAt: d.appointmentAt,
      resident: e.pii?.resident ?? null,
      phone: e.pii?.phone ?? null,
      piiPurged: e.piiDigest !== undefined && e.pii === undefined,
      createdAt: e.at,
      createdBy: e.actor,
      assignee: null,
      notifiedAt: null,
      lines: [],
      totalFen: null,
      pricedAt: null,
      agreedTotalFen: null,
      agreedAt: null,
      materials: [],
      standardMinutes: null,
      standardSource: null,
      startedAt: null,
      completedAt: null,
      escalations: [],
      escalationLevel: 0,
      paymentMethod: 'bank-collection',
      cashPayments: [],
      signedAt: null,
      signedBy: null,
      cancelledAt: null,
      cancelReason: null,
    });
  }

  private view(o: Stored, now: number): OrderView {
    const allowed = o.standardMinutes === null ? null : o.standardMinutes * 60_000;
    const started = o.startedAt ? Date.parse(o.startedAt) : null;
    const due = started !== null && allowed !== null ? started + allowed : null;
    const end = o.completedAt ? Date.parse(o.completedAt) : now;
    const running = !o.cancelledAt;
    const view: OrderView = {
      ...o,
      major: this.isMajor(o),
      assignee: o.assignee ? { ...o.assignee } : null,
      lines: o.lines.map((l) => ({ ...l })),
      materials: o.materials.map((m) => ({ ...m })),
      escalations: o.escalations.map((x) => ({ ...x })),
      cashPayments: o.cashPayments.map((c) => ({ ...c })),
      state: 'created',
      dueAt: due !== null ? localIso(due, this.timezone) : null,
      late: running && started !== null && isLate(started, end, allowed),
      escalated: o.escalations.length > 0,
      cashViolation: o.cashPayments.some((c) => c.violation),
    };
    view.state = stateOf(view);
    return view;
  }
}
