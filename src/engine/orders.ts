import type { Person, Role, SiteConfig } from '../config/types.js';
import { checkBadge } from '../domain/badges.js';
import { nextEscalation, rungRefusal } from '../domain/escalation.js';
import { priceLines, type LineRequest } from '../domain/fees.js';
import { dayOfOrderNo, judgeCash, ORDER_KINDS, orderNumber, PAYMENT_METHODS, refusals, type OrderKind, type PaymentMethod } from '../domain/order.js';
import { formatQuantity, parseQuantity } from '../domain/quantity.js';
import { isLate, workStandard } from '../domain/work-standard.js';
import type { RegisterEntry } from '../projections/entries.js';
import type {
  MaterialDrawn,
  OrderAgreedData,
  OrderBoard,
  OrderCancelledData,
  OrderCashPaidData,
  OrderCompletedData,
  OrderCreatedData,
  OrderDispatchedData,
  OrderEscalatedData,
  OrderMarkedMajorData,
  OrderMaterialsDrawnData,
  OrderPricedData,
  OrderSignedData,
  OrderStartedData,
  OrderView,
} from '../projections/orders.js';
import type { JournalEvent, NewEvent, Pii } from '../register/event.js';
import type { Drafts } from '../register/journal.js';
import { readSince } from '../register/reader.js';
import type { Clock } from '../time/clock.js';
import { localIso, parseLocalTime } from '../time/zone.js';
import type { EngineBus } from './bus.js';
import { refusal, refuse, refuseAll, refused, Refused, type Refusal } from '../domain/refusal.js';

/** What the order service needs from the engine: its one door to the journal and what it projects. */
export interface OrderServiceDeps {
  config: SiteConfig;
  clock: Clock;
  board: OrderBoard;
  bus: EngineBus;
  record(drafts: Drafts): Promise<JournalEvent[]>;
  /** A register entry by id, also one older than the days projected; throws when there is none. */
  entry(id: string): Promise<RegisterEntry>;
}

export interface CreateOrderInput {
  kind?: OrderKind;
  /** Major repairs block a handover while unfinished (H4 d). */
  major?: boolean;
  /** When the technician is to go, if not the entry's appointment: "2026-12-01 10:00" or ISO 8601. */
  appointmentAt?: string;
  /** What is to be done, if not the entry's content. */
  content?: string;
}

/** A technician on the roster, or for paid cleaning the environment dept's contractor (W9). */
export type DispatchTo = { technician: string } | { contractor: string };

export interface EscalateInput {
  /** The badge of who takes the job at the next rung (engineering supervisor, then estate manager). */
  to: string;
  reason: string;
  /** W4: the resident is told when the engineering supervisor takes over. */
  residentTold: boolean;
}

export interface CashInput {
  amountFen: number;
  /** Who took the cash; defaults to the technician the order went to. */
  receivedBy?: string;
  /** W6: the service desk's receipt number, when the desk took the cash. */
  receipt?: string;
  note?: string;
}

export interface AgreeInput {
  /** W6: how the resident agreed to pay; bank collection unless they agreed to cash. */
  paymentMethod?: PaymentMethod;
  note?: string;
}

/** A reported time ("2026-11-30 23:40") for a step that happened a little before it was recorded. */
export interface WhenInput {
  at?: string;
}

/** A reported time may be this far ahead of the clock (two clocks a little apart). */
const LEEWAY_MS = 5 * 60_000;

/**
 * Paid-service orders (《有偿服务单》, W1-W9): every step is an `order.*` event recorded through the
 * engine's one writer; what may happen next is checked inside the write, so two consoles cannot
 * both start, complete or number the same order. Each command resolves with the order as it now
 * stands, once durable, and tells the bus (`order-changed`).
 */
export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  // ---- the commands the console calls ----

  /** W1, R3: an order from a register entry, carrying its address, phone, content and appointment. */
  async create(entryId: string, input: CreateOrderInput, actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    const entry = await this.deps.entry(entryId);
    const kind = input.kind ?? 'repair';
    if (!ORDER_KINDS.includes(kind)) throw new Refused('bad-order-kind', `order kind "${kind}" is not one of ${ORDER_KINDS.join(', ')}`, { kind });
    if (entry.category !== 'repair' && entry.category !== 'request') {
      throw new Refused('not-orderable', `entry ${entryId} is a ${entry.category}; paid-service orders are made from repair or request entries`, { id: entryId, category: entry.category });
    }
    this.refuseSecondOrder(entryId);
    const content = (input.content ?? entry.content ?? '').trim();
    const appointmentAt = input.appointmentAt !== undefined ? this.time(input.appointmentAt, 'appointment') : entry.appointmentAt;
    const missing = [
      ...(entry.address ? [] : ['address']),
      ...(entry.phone ? [] : ['phone']),
      ...(content ? [] : ['content']),
      ...(appointmentAt ? [] : ['appointment']),
    ];
    if (missing.length > 0) {
      throw new Refused(
        'order-lacks',
        `entry ${entryId} lacks ${missing.join(', ')}, which an order carries (W1); amend the entry (or give the content and appointment for the order) first`,
        { id: entryId, fields: missing.map((f) => (f === 'appointment' ? 'appointmentAt' : f)).join(',') },
      );
    }
    const pii: Pii = { phone: entry.phone! };
    if (entry.resident) pii.resident = entry.resident;
    const events = await this.deps.record(({ day, dayEvents }) => {
      // Again inside the write: two consoles may be making an order from the same entry.
      this.refuseSecondOrder(entryId);
      const n = dayEvents.filter((e) => e.kind === 'order.created').length + 1;
      const data: OrderCreatedData = {
        orderNo: orderNumber(this.deps.config.site.id, day, n),
        entryId,
        kind,
        // H4 d: an entry already marked major for the director (H9) makes a major repair.
        major: input.major === true || this.deps.board.isMajorEntry(entryId),
        address: entry.address!,
        content,
        appointmentAt: appointmentAt!,
      };
      return [{ kind: 'order.created', actor, data: { ...data }, pii }];
    });
    const orderNo = (events.at(-1)!.data as unknown as OrderCreatedData).orderNo;
    this.deps.bus.emit('entry-changed', await this.deps.entry(entryId));
    return this.announce(orderNo);
  }

  /** R3, W1, W9: sends the order to a technician (roster role technician) or, for cleaning, a contractor. */
  async dispatch(orderNo: string, to: DispatchTo, actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    let target: Omit<OrderDispatchedData, 'orderNo' | 'notifiedAt'>;
    if ('technician' in to) {
      const person = this.requireStaff(to.technician, 'technician', ['technician']);
      target = { technician: person.badge, technicianName: person.name };
    } else {
      const contractor = to.contractor?.trim() ?? '';
      if (!contractor) throw new Refused('no-contractor', 'a contractor needs a name (the cleaning company the environment dept arranged)');
      if (contractor.length > 100) throw new Refused('too-long', `contractor name is ${contractor.length} characters long; at most 100 fit the order`, { length: contractor.length, limit: 100 });
      target = { contractor };
    }
    await this.step(orderNo, (o, at) => {
      refuse(refusals.dispatch(o, 'technician' in to ? 'technician' : 'contractor'));
      // The operator tells the technician (radio, phone) as the dispatch is recorded: that is notifiedAt.
      const data: OrderDispatchedData = { orderNo, ...target, notifiedAt: at };
      return [{ kind: 'order.dispatched', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** W5: lines from the fee schedule (quantities as decimal text, e.g. "2.5"), the total in fen. */
  async price(orderNo: string, lines: readonly LineRequest[], actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    const pricing = priceLines(lines, this.deps.config.fees);
    await this.step(orderNo, (o) => {
      refuse(refusals.price(o));
      // W3: a job with no labour line is held to its kind's default standard, and says so.
      const standard = workStandard(pricing.lines, this.deps.config.workStandardMinutes[o.kind]);
      const data: OrderPricedData = { orderNo, ...pricing, standardMinutes: standard.minutes, standardSource: standard.source };
      return [{ kind: 'order.priced', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /**
   * W5: the resident was told the total (in fen, as shown) and agreed, and (W6) how they will pay;
   * work may start after this.
   */
  async agree(orderNo: string, totalFen: number, actor: string, input: AgreeInput = {}): Promise<OrderView> {
    this.requireStaff(actor);
    if (!Number.isSafeInteger(totalFen) || totalFen < 0) throw new Refused('bad-amount', `the agreed total must be a whole number of fen, not ${totalFen}`, { amount: String(totalFen) });
    const paymentMethod = input.paymentMethod ?? 'bank-collection';
    if (!PAYMENT_METHODS.includes(paymentMethod)) throw new Refused('bad-payment-method', `payment method "${String(paymentMethod)}" is not ${PAYMENT_METHODS.join(' or ')} (W6)`, { value: String(paymentMethod) });
    const note = input.note?.trim() ?? '';
    const data: OrderAgreedData = { orderNo, totalFen, paymentMethod, ...(note ? { note } : {}) };
    await this.step(orderNo, (o) => {
      refuse(refusals.agree(o, totalFen));
      return [{ kind: 'order.agreed', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** W2: materials drawn from the store against the order (material items of the fee schedule). */
  async drawMaterials(orderNo: string, items: readonly LineRequest[], actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    if (items.length === 0) throw new Refused('no-materials', 'no materials given; name each material by its fee-schedule code with a quantity');
    const problems: Refusal[] = [];
    const drawn: MaterialDrawn[] = [];
    for (const [i, r] of items.entries()) {
      const item = this.deps.config.fees.find((f) => f.code === r.code.trim());
      const milli = parseQuantity(String(r.quantity));
      if (!item) problems.push(refusal('fee-unknown', `line ${i + 1}: "${r.code}" is not in the fee schedule`, { line: i + 1, code: r.code }));
      else if (item.kind !== 'material') problems.push(refusal('fee-not-material', `line ${i + 1}: ${item.code} ${item.name} is labour, not a material`, { line: i + 1, code: item.code, name: item.name }));
      if (milli === undefined) problems.push(refusal('bad-quantity', `line ${i + 1}: quantity "${r.quantity}" is not a positive number with at most 3 decimals`, { line: i + 1, quantity: String(r.quantity) }));
      if (item && item.kind === 'material' && milli !== undefined) drawn.push({ code: item.code, name: item.name, unit: item.unit, quantity: formatQuantity(milli) });
    }
    refuseAll(`materials for order ${orderNo} cannot be recorded`, problems);
    const data: OrderMaterialsDrawnData = { orderNo, items: drawn };
    await this.step(orderNo, (o) => {
      refuse(refusals.drawMaterials(o));
      return [{ kind: 'order.materials-drawn', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** Work starts; refused until the resident has agreed to the current total (W5). */
  async start(orderNo: string, actor: string, when: WhenInput = {}): Promise<OrderView> {
    this.requireStaff(actor);
    const reported = this.reported(when.at, 'start');
    await this.step(orderNo, (o, at) => {
      refuse(refusals.start(o));
      const startedAt = reported ?? at;
      if (o.agreedAt && Date.parse(startedAt) < Date.parse(o.agreedAt)) {
        throw new Refused('start-before-agreement', `order ${orderNo}: a start at ${startedAt} would be before the resident agreed (${o.agreedAt}); work cannot start before agreement (W5)`, { orderNo, at: startedAt, agreedAt: o.agreedAt ?? '' });
      }
      const data: OrderStartedData = { orderNo, startedAt };
      return [{ kind: 'order.started', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** Work is done: the work standard decides lateness (W3); the desk's follow-ups read this event. */
  async complete(orderNo: string, actor: string, when: WhenInput = {}): Promise<OrderView> {
    this.requireStaff(actor);
    const reported = this.reported(when.at, 'completion');
    await this.step(orderNo, (o, at) => {
      refuse(refusals.complete(o));
      const completedAt = reported ?? at;
      const started = Date.parse(o.startedAt!);
      const ended = Date.parse(completedAt);
      if (ended < started) throw new Refused('complete-before-start', `order ${orderNo}: completion at ${completedAt} would be before work started (${o.startedAt})`, { orderNo, at: completedAt, startedAt: o.startedAt ?? '' });
      const data: OrderCompletedData = {
        orderNo,
        entryId: o.entryId,
        kind: o.kind,
        major: o.major,
        totalFen: o.totalFen!,
        late: isLate(started, ended, o.standardMinutes === null ? null : o.standardMinutes * 60_000),
        paymentMethod: o.paymentMethod,
        startedAt: o.startedAt!,
        completedAt,
        standardMinutes: o.standardMinutes,
        standardSource: o.standardSource,
        workedMinutes: Math.round((ended - started) / 60_000),
        ...(o.assignee && 'technician' in o.assignee ? { technician: o.assignee.technician } : {}),
        ...(o.assignee && 'contractor' in o.assignee ? { contractor: o.assignee.contractor } : {}),
      };
      return [{ kind: 'order.completed', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** W4: one rung up the ladder, with who takes it, why, and (to the supervisor) the resident told. */
  async escalate(orderNo: string, input: EscalateInput, actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    const reason = input.reason.trim();
    if (!reason) throw new Refused('no-reason', `escalating order ${orderNo} needs the reason (why the job cannot be done at this level)`, { orderNo });
    await this.step(orderNo, (o) => {
      refuse(refusals.escalate(o));
      const next = nextEscalation(o.escalationLevel);
      if (!next) throw new Refused('last-rung', `order ${orderNo} is already with the estate manager, the last step (W4); it stays open until solved`, { orderNo });
      const person = this.requireStaff(input.to, next.zh);
      refuse(rungRefusal(next, person));
      if (next.residentTold && !input.residentTold) {
        throw new Refused('resident-not-told', `order ${orderNo}: tell the resident that the job goes to the engineering supervisor (W4), then record the escalation with the resident told`, { orderNo });
      }
      const data: OrderEscalatedData = { orderNo, level: next.level, step: next.step, to: person.badge, toName: person.name, reason, residentTold: input.residentTold };
      return [{ kind: 'order.escalated', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** H4 d: marks an order a major repair after it was made (an operator or a supervisor), with why. */
  async markMajor(orderNo: string, reason: string, actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    const why = reason.trim();
    if (!why) throw new Refused('no-reason', `marking order ${orderNo} major needs the reason (why the repair is major)`, { orderNo });
    if (why.length > 500) throw new Refused('too-long', `the reason is ${why.length} characters; at most 500`, { length: why.length, limit: 500 });
    const data: OrderMarkedMajorData = { orderNo, reason: why };
    await this.step(orderNo, (o) => {
      refuse(refusals.markMajor(o));
      return [{ kind: 'order.marked-major', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /**
   * W6: cash paid for an order. Taken by the service desk against its receipt it is allowed;
   * taken by anyone else (the technician) it is recorded, not refused, as a violation the desk sees.
   */
  async recordCash(orderNo: string, input: CashInput, actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new Refused('bad-amount', `the cash amount must be a positive whole number of fen, not ${input.amountFen}`, { amount: String(input.amountFen) });
    const receipt = input.receipt?.trim() || undefined;
    await this.step(orderNo, (o) => {
      refuse(refusals.cash(o));
      const receivedBy = input.receivedBy ?? (o.assignee && 'technician' in o.assignee ? o.assignee.technician : undefined);
      if (!receivedBy) throw new Refused('no-cash-taker', `order ${orderNo}: say who took the cash (a badge on the roster)`, { orderNo });
      const receiver = this.deps.config.roster.find((p) => p.badge === receivedBy);
      if (!receiver) throw new Refused('unknown-badge', `"${receivedBy}" is not on the roster; give the badge of whoever took the cash`, { badge: receivedBy });
      const judged = judgeCash(receiver, receipt);
      if ('refusal' in judged) throw refused(judged.refusal);
      const data: OrderCashPaidData = {
        orderNo,
        amountFen: input.amountFen,
        receivedBy,
        ...(receipt ? { receipt } : {}),
        ...(judged.violation ? { violation: 'W6' as const } : {}),
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      };
      return [{ kind: 'order.cash-paid', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** W7: the resident signed the completed paper copy; recorded with the technician's badge. */
  async sign(orderNo: string, technician: string): Promise<OrderView> {
    this.requireStaff(technician, 'technician');
    await this.step(orderNo, (o) => {
      refuse(refusals.sign(o));
      if (o.assignee && 'technician' in o.assignee && o.assignee.technician !== technician) {
        throw new Refused('wrong-technician', `order ${orderNo} was done by ${o.assignee.name} (${o.assignee.technician}); the resident's signature is recorded with that technician's badge (W7)`, { orderNo, name: o.assignee.name });
      }
      const data: OrderSignedData = { orderNo, technician };
      return [{ kind: 'order.signed', actor: technician, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  /** The resident declined, or the job is no longer wanted: the order is closed unfinished, with why. */
  async cancel(orderNo: string, reason: string, actor: string): Promise<OrderView> {
    this.requireStaff(actor);
    if (!reason.trim()) throw new Refused('no-reason', `cancelling order ${orderNo} needs the reason (e.g. the resident declined the price)`, { orderNo });
    const data: OrderCancelledData = { orderNo, reason: reason.trim() };
    await this.step(orderNo, (o) => {
      refuse(refusals.cancel(o));
      return [{ kind: 'order.cancelled', actor, data: { ...data } }];
    });
    return this.announce(orderNo);
  }

  // ---- what the console reads ----

  get(orderNo: string): OrderView | undefined {
    return this.deps.board.get(orderNo, this.deps.clock.now());
  }

  /** Orders not yet closed (not signed, not cancelled), oldest first, with late and escalated flags. */
  listOpen(): OrderView[] {
    return this.deps.board.open(this.deps.clock.now());
  }

  /** Orders signed or cancelled on a day (among those projected), for the console's list of today's. */
  closedOn(day: string): OrderView[] {
    return this.deps.board.closedOn(day, this.deps.clock.now());
  }

  /** The orders numbered on a day among those projected. */
  ofDay(day: string): OrderView[] {
    return this.deps.board.ofDay(day, this.deps.clock.now());
  }

  /** H4 (d): unfinished major repairs; the handover is refused while there is any. */
  openMajor(): { orderNo: string; entryId: string; address: string; since: string }[] {
    return this.deps.board.openMajor();
  }

  // ---- internals ----

  /**
   * Records a step of an existing order. The builder sees the order as it stands when the write
   * runs (after every earlier write), with the time the events will carry.
   */
  private async step(orderNo: string, build: (o: OrderView, at: string) => NewEvent[]): Promise<void> {
    await this.requireOrder(orderNo);
    await this.deps.record(({ at }) => build(this.deps.board.get(orderNo, Date.parse(at))!, at));
  }

  /** An order older than the days projected (closed, or it would be there) is read from its own day on. */
  private async requireOrder(orderNo: string): Promise<void> {
    if (this.deps.board.has(orderNo)) return;
    const day = dayOfOrderNo(orderNo);
    if (day) {
      const events = (await readSince(this.deps.config.dataDir, day)).filter((e) => (e.data as { orderNo?: unknown }).orderNo === orderNo);
      if (!this.deps.board.has(orderNo)) this.deps.board.applyAll(events);
      if (this.deps.board.has(orderNo)) return;
    }
    throw new Refused('unknown-order', `there is no order ${orderNo}; check the number (${this.deps.config.site.id}-YYYYMMDD-NNN) with \`control-room orders\``, { orderNo });
  }

  /** One entry, one order (a cancelled one aside). */
  private refuseSecondOrder(entryId: string): void {
    const taken = this.deps.board.orderOfEntry(entryId);
    if (taken) throw new Refused('entry-has-order', `entry ${entryId} already has order ${taken.orderNo} (${taken.state}); cancel that order first to make a new one`, { id: entryId, orderNo: taken.orderNo, state: taken.state });
  }

  private announce(orderNo: string): OrderView {
    const order = this.get(orderNo)!;
    this.deps.bus.emit('order-changed', order);
    return order;
  }

  private reported(text: string | undefined, what: string): string | undefined {
    if (text === undefined) return undefined;
    const iso = this.time(text, what);
    if (Date.parse(iso) > this.deps.clock.now() + LEEWAY_MS) throw new Refused('future-time', `${what} time "${text}" is in the future; give when it happened`, { field: what, text });
    return iso;
  }

  private time(text: string, what: string): string {
    const ms = parseLocalTime(text, this.deps.config.site.timezone);
    if (ms === undefined) throw new Refused('bad-time', `${what} time "${text}" is not a time; enter it as YYYY-MM-DD HH:MM`, { field: what, text });
    return localIso(ms, this.deps.config.site.timezone);
  }

  /** Active staff sign what they do (H2); some steps need a particular role. */
  private requireStaff(badge: string, as = 'actor', roles?: readonly Role[]): Person {
    const check = checkBadge(badge, this.deps.config.roster);
    if (!check.ok) {
      throw check.reason === 'unknown'
        ? new Refused('unknown-badge', `${as} "${badge}" is not on the roster (${this.deps.config.roster.length} badges); scan your own badge`, { badge })
        : new Refused('inactive-badge', `${as} "${badge}" is marked inactive on the roster; ask a supervisor`, { badge });
    }
    if (roles && !roles.includes(check.person.role)) {
      throw new Refused('wrong-role', `${as} "${badge}" (${check.person.name}) is a ${check.person.role}; this needs a ${roles.join(' or ')}`, { name: check.person.name, role: check.person.role, needs: roles.join(',') });
    }
    return check.person;
  }
}

