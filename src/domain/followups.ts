import { DateTime } from 'luxon';
import { ROLE_OF, type Charge, type FollowupRole, type FollowupRule, type Method, type Rating } from './followup-fields.js';
import type { RegisterEntry } from '../projections/entries.js';
import { dayOfEntryId } from './entry.js';
import { endOfDay, nextPeriodOf, previousQuarter, previousWeek, quarterOf, weekOf, type Period } from './periods.js';
import { drawSample, sampleSeed, sampleSize } from './sampling.js';
import { dayOfAt, localIso, nextDay } from '../time/zone.js';

export { FOLLOWUP_RULES, type FollowupRule } from './followup-fields.js';
export type FollowupResult = 'satisfied' | 'dissatisfied' | 'unreachable';
export const FOLLOWUP_RESULTS: readonly FollowupResult[] = ['satisfied', 'dissatisfied', 'unreachable'];

/** One follow-up contact and its result (《回访记录》), kept by the desk, never in a control room's register. */
export interface FollowupRecord {
  /** `JY01-FU-0001`: per site, in the order recorded. */
  id: string;
  site: string;
  rule: FollowupRule;
  /** What was followed up: an entry id (F1, F2, F5, F6), an order number (F3, F4) or a case id (F7). */
  item: string;
  result: FollowupResult;
  /** 电话 or 上门 (4.6.1); F2's callback is by phone. */
  method: Method;
  /** Who followed up (badge or name), and in what capacity (records from before say nothing: the rule's). */
  by: string;
  role?: FollowupRole;
  /** F3, F4 (4.6.1, 4.6.2): the service's quality and the worker's attitude; F4: whether the charge was right. */
  quality?: Rating;
  attitude?: Rating;
  charge?: Charge;
  note: string;
  /** ISO 8601 with the site's offset. */
  at: string;
  /** F7: a dissatisfied result sets the fix's deadline, when the resident is asked again. */
  fixDeadline?: string;
}

/** A paid-service job as `order.completed` records it (money in integer fen). */
export interface CompletedOrder {
  orderNo: string;
  entryId: string;
  totalFen: number;
  completedAt: string;
}

/** F4: a job charged this much or more (200.00 yuan) is followed up by the desk supervisor. */
export const F4_THRESHOLD_FEN = 20_000;
/** F3, F5, F6: at least this percentage of the period's jobs, rounded up. */
export const SAMPLE_PERCENT = { F3: 60, F5: 30, F6: 20 } as const;
/** F1/F8: a complaint gets a clear answer within 3 days. F7: a fix's deadline unless one is given. */
const THREE_DAYS_MS = 3 * 24 * 3600_000;
export const DEFAULT_FIX_DAYS = 3;

type Assignee = FollowupRole;

const WHO = ROLE_OF;

/** A problem found by a follow-up (F7): a fix with a deadline, followed up again until the resident is satisfied. */
export interface FollowupCase {
  id: string;
  origin: { rule: FollowupRule; item: string };
  openedAt: string;
  fixDeadline: string;
  /** Dissatisfied results so far (1 when opened). */
  rounds: number;
  closedAt: string | null;
  /** F8: the complaint it entered, answer due 3 days after it was found (none when it began as a complaint). */
  complaintDue: string | null;
}

export interface WorkItem {
  rule: FollowupRule;
  /** The key to record a result against (`desk followup record --rule R --item ITEM`). */
  item: string;
  what: string;
  assignee: Assignee;
  /** When it is due (ISO, site offset); a day's work is due at the end of that day. */
  due: string;
  overdue: boolean;
  period?: string;
  entry?: Pick<RegisterEntry, 'id' | 'receivedAt' | 'category' | 'address' | 'resident' | 'phone' | 'content' | 'status'>;
  order?: CompletedOrder & { total: string };
  case?: FollowupCase;
  /** Tries so far that did not reach the resident. */
  attempts: { id: string; at: string; by: string }[];
  /** F2: visits recorded for the repair; the callback F2 asks for is by phone, so they do not settle it. */
  visits?: { id: string; at: string; by: string }[];
}

export interface SampleInfo {
  rule: 'F3' | 'F5' | 'F6';
  period: Period;
  /** Reproduces the draw: each key ranked by sha256(seed + ':' + key), the smallest `size` taken. */
  seed: string;
  population: number;
  percent: number;
  size: number;
  drawn: string[];
  /** False while the desk does not yet hold the whole period (its last day not closed): the draw may still change. */
  complete: boolean;
}

export interface WorkList {
  site: string;
  day: string;
  items: WorkItem[];
  samples: SampleInfo[];
}

export interface FollowupInputs {
  site: string;
  timezone: string;
  /** Every register entry the desk holds for the site, as it stands. */
  entries: readonly RegisterEntry[];
  orders: readonly CompletedOrder[];
  records: readonly FollowupRecord[];
  /** The last day the desk holds whole (closed by `day.closed`). */
  closedThrough: string | undefined;
  /** The work list's day (local). */
  day: string;
  now: number;
}

/** The completed paid-service jobs in a site's events (the last completion of an order counts). */
export function completedOrders(events: Iterable<{ kind: string; at: string; data: Record<string, unknown> }>): CompletedOrder[] {
  const byNo = new Map<string, CompletedOrder>();
  for (const e of events) {
    if (e.kind !== 'order.completed') continue;
    const { orderNo, entryId, totalFen } = e.data as { orderNo?: unknown; entryId?: unknown; totalFen?: unknown };
    if (typeof orderNo !== 'string' || !Number.isInteger(totalFen)) continue;
    byNo.set(orderNo, { orderNo, entryId: typeof entryId === 'string' ? entryId : '', totalFen: totalFen as number, completedAt: e.at });
  }
  return [...byNo.values()];
}

/**
 * F2: when each repair was completed, by entry id: its order's completion or the entry's closing,
 * whichever came first. A repair not yet completed is not in the map.
 */
export function repairCompletions(entries: readonly Pick<RegisterEntry, 'id' | 'closedAt'>[], orders: readonly CompletedOrder[]): Map<string, string> {
  const done = new Map<string, string>();
  const earlier = (id: string, at: string) => {
    const known = done.get(id);
    if (known === undefined || Date.parse(at) < Date.parse(known)) done.set(id, at);
  };
  for (const e of entries) if (e.closedAt) earlier(e.id, e.closedAt);
  for (const o of orders) if (o.entryId && o.completedAt) earlier(o.entryId, o.completedAt);
  return done;
}

/** F2 (回访管理 一): the repair callback is by phone; a visit is kept on the record but does not settle it. */
export function settlesF2(r: Pick<FollowupRecord, 'rule' | 'method'>): boolean {
  return r.rule !== 'F2' || r.method !== 'visit';
}

/** F7/F8: the cases the records opened, moved on and closed, in the order they were recorded. */
export function casesOf(records: readonly FollowupRecord[], timezone: string): Map<string, FollowupCase> {
  const cases = new Map<string, FollowupCase>();
  for (const r of records) {
    if (r.rule === 'F7') {
      const c = cases.get(r.item);
      if (!c || c.closedAt) continue;
      if (r.result === 'satisfied') c.closedAt = r.at;
      if (r.result === 'dissatisfied') {
        c.rounds += 1;
        c.fixDeadline = r.fixDeadline ?? c.fixDeadline;
      }
    } else if (r.result === 'dissatisfied') {
      cases.set(r.id, {
        id: r.id,
        origin: { rule: r.rule, item: r.item },
        openedAt: r.at,
        fixDeadline: r.fixDeadline ?? localIso(Date.parse(r.at) + DEFAULT_FIX_DAYS * 86_400_000, timezone),
        rounds: 1,
        closedAt: null,
        complaintDue: r.rule === 'F1' ? null : localIso(Date.parse(r.at) + THREE_DAYS_MS, timezone),
      });
    }
  }
  return cases;
}

/**
 * The desk's follow-up work list for a day (F1-F8): what is owed and not yet done, each with its
 * deadline, overdue or not. Done means a result that reached the resident (satisfied or
 * dissatisfied); an unreachable try is listed as an attempt and the item stays.
 */
export function followupWorkList(inp: FollowupInputs): WorkList {
  const tz = inp.timezone;
  const items: WorkItem[] = [];
  const samples: SampleInfo[] = [];
  const done = new Set(inp.records.filter((r) => r.result !== 'unreachable' && settlesF2(r)).map((r) => `${r.rule}:${r.item}`));
  const attemptsOf = (rule: FollowupRule, item: string) =>
    inp.records.filter((r) => r.rule === rule && r.item === item && r.result === 'unreachable').map((r) => ({ id: r.id, at: r.at, by: r.by }));
  const dueAtEndOf = (d: string) => localIso(endOfDay(d, tz), tz);
  const add = (rule: FollowupRule, item: string, what: string, due: string, extra: Partial<WorkItem>) => {
    if (done.has(`${rule}:${item}`)) return;
    items.push({ rule, item, what, assignee: WHO[rule], due, overdue: inp.now > Date.parse(due), attempts: attemptsOf(rule, item), ...extra });
  };
  const entryDay = (e: RegisterEntry) => dayOfEntryId(e.id) ?? dayOfAt(e.receivedAt);
  const upTo = inp.entries.filter((e) => entryDay(e) <= inp.day);
  const repairs = upTo.filter((e) => e.category === 'repair');
  const entryView = (e: RegisterEntry): WorkItem['entry'] => ({
    id: e.id,
    receivedAt: e.receivedAt,
    category: e.category,
    address: e.address,
    resident: e.resident,
    phone: e.phone,
    content: e.content,
    status: e.status,
  });
  const byId = new Map(inp.entries.map((e) => [e.id, e]));
  const orderView = (o: CompletedOrder) => ({ order: { ...o, total: (o.totalFen / 100).toFixed(2) }, ...(byId.get(o.entryId) ? { entry: entryView(byId.get(o.entryId)!) } : {}) });
  const cases = casesOf(inp.records, tz);

  // F1: every complaint, answered within 3 days of receipt; and (F8) every problem a follow-up found.
  for (const e of upTo.filter((x) => x.category === 'complaint')) add('F1', e.id, 'complaint', e.deadline, { entry: entryView(e) });
  for (const c of cases.values()) {
    if (c.closedAt || !c.complaintDue || c.openedAt.slice(0, 10) > inp.day) continue;
    items.push({ rule: 'F1', item: c.id, what: `complaint from follow-up ${c.id} (F8); answered through its fix (record it with --rule F7)`, assignee: 'desk', due: c.complaintDue, overdue: inp.now > Date.parse(c.complaintDue), attempts: [], case: c });
  }

  // F2: every repair phoned back the day after it was completed (not the day it was logged).
  const completed = repairCompletions(inp.entries, inp.orders);
  for (const e of repairs) {
    const at = completed.get(e.id);
    if (at === undefined || dayOfAt(at) >= inp.day) continue;
    const visits = inp.records.filter((r) => r.rule === 'F2' && r.item === e.id && !settlesF2(r)).map((r) => ({ id: r.id, at: r.at, by: r.by }));
    add('F2', e.id, 'repair callback by phone', dueAtEndOf(nextDay(dayOfAt(at))), { entry: entryView(e), ...(visits.length ? { visits } : {}) });
  }

  // F3: each week, at least 60% of the previous week's completed paid jobs. F4: every job of 200.00 yuan or more.
  const orders = inp.orders.filter((o) => dayOfAt(o.completedAt) <= inp.day);
  for (const period of periodsBetween(orders.map((o) => dayOfAt(o.completedAt)), previousWeek(inp.day), weekOf)) {
    const population = orders.filter((o) => inPeriod(dayOfAt(o.completedAt), period)).map((o) => o.orderNo).sort();
    const info = sample('F3', period, population, inp);
    const due = dueAtEndOf(nextPeriodOf(period, weekOf).to);
    for (const no of info.drawn) add('F3', no, 'paid job follow-up (quality, attitude)', due, { period: period.id, ...orderView(orders.find((o) => o.orderNo === no)!) });
    samples.push(info);
  }
  for (const o of orders.filter((x) => x.totalFen >= F4_THRESHOLD_FEN)) {
    add('F4', o.orderNo, 'job of 200.00 yuan or more (quality, attitude, the charge)', dueAtEndOf(nextDay(dayOfAt(o.completedAt))), orderView(o));
  }

  // F5: every Monday, at least 30% of last week's repair notices.
  for (const period of periodsBetween(repairs.map(entryDay), previousWeek(inp.day), weekOf)) {
    const population = repairs.filter((e) => inPeriod(entryDay(e), period)).map((e) => e.id);
    const info = sample('F5', period, population, inp);
    const due = dueAtEndOf(nextPeriodOf(period, weekOf).from);
    for (const id of info.drawn) add('F5', id, 'repair notice follow-up', due, { period: period.id, entry: entryView(byId.get(id)!) });
    samples.push(info);
  }

  // F6: each quarter, 20% of the previous quarter's repair records, for the director.
  for (const period of periodsBetween(repairs.map(entryDay), previousQuarter(inp.day), quarterOf)) {
    const population = repairs.filter((e) => inPeriod(entryDay(e), period)).map((e) => e.id);
    const info = sample('F6', period, population, inp);
    const due = dueAtEndOf(nextPeriodOf(period, quarterOf).to);
    for (const id of info.drawn) add('F6', id, 'quarterly repair record sample', due, { period: period.id, entry: entryView(byId.get(id)!) });
    samples.push(info);
  }

  // F7: a problem found opens a fix with a deadline, then another follow-up, until satisfied.
  for (const c of cases.values()) {
    if (c.closedAt || c.openedAt.slice(0, 10) > inp.day) continue;
    const origin = c.origin.rule === 'F3' || c.origin.rule === 'F4' ? orderView(inp.orders.find((o) => o.orderNo === c.origin.item) ?? placeholder(c.origin.item)) : {};
    const entry = byId.get(c.origin.item);
    items.push({
      rule: 'F7',
      item: c.id,
      what: `fix by ${c.fixDeadline}, then ask again (round ${c.rounds})`,
      assignee: 'desk',
      due: c.fixDeadline,
      overdue: inp.now > Date.parse(c.fixDeadline),
      attempts: attemptsOf('F7', c.id),
      case: c,
      ...origin,
      ...(entry ? { entry: entryView(entry) } : {}),
    });
  }
  return { site: inp.site, day: inp.day, items, samples: samples.filter((s) => s.drawn.some((k) => !done.has(`${s.rule}:${k}`)) || isLatest(s, inp.day)) };
}

function placeholder(orderNo: string): CompletedOrder {
  return { orderNo, entryId: '', totalFen: 0, completedAt: '' };
}

function sample(rule: 'F3' | 'F5' | 'F6', period: Period, population: string[], inp: FollowupInputs): SampleInfo {
  const seed = sampleSeed(inp.site, rule, period.id);
  const size = sampleSize(population.length, SAMPLE_PERCENT[rule]);
  return {
    rule,
    period,
    seed,
    population: population.length,
    percent: SAMPLE_PERCENT[rule],
    size,
    drawn: drawSample(seed, population, size),
    complete: inp.closedThrough !== undefined && inp.closedThrough >= period.to,
  };
}

/** The latest period of a rule as of a day: always shown, even when it is done or empty. */
function isLatest(s: SampleInfo, day: string): boolean {
  return s.period.id === (s.rule === 'F6' ? previousQuarter(day) : previousWeek(day)).id;
}

function inPeriod(d: string, p: Period): boolean {
  return d >= p.from && d <= p.to;
}

/** Every period from the one holding the earliest day to `last` (always including `last`). */
function periodsBetween(days: readonly string[], last: Period, of: (d: string) => Period): Period[] {
  const earliest = days.reduce<string | undefined>((min, d) => (min === undefined || d < min ? d : min), undefined);
  const out: Period[] = [];
  if (earliest !== undefined && earliest <= last.to) {
    for (let p = of(earliest); p.from < last.from; p = nextPeriodOf(p, of)) out.push(p);
  }
  out.push(last);
  return out;
}

/** Today's local day in a zone, for the default `--date`. */
export function todayIn(zone: string, now: number): string {
  return DateTime.fromMillis(now, { zone }).toFormat('yyyy-MM-dd');
}
