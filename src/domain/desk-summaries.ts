import type { RegisterEntry } from '../projections/entries.js';
import { dayOfEntryId } from './entry.js';
import { CHARGES, RATINGS, type Charge, type Rating } from './followup-fields.js';
import { repairCompletions, settlesF2, type CompletedOrder, type FollowupRecord } from './followups.js';
import { endOfDay, monthOf, type Period } from './periods.js';
import { dayOfAt, nextDay } from '../time/zone.js';

const dayOf = (e: RegisterEntry) => dayOfEntryId(e.id) ?? dayOfAt(e.receivedAt);
const inPeriod = (d: string, p: Period) => d >= p.from && d <= p.to;
const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((part * 100) / whole).toFixed(1)}%`);

/** F2: the month's repair callbacks, for the director. */
export interface RepairCallbackSummary {
  site: string;
  month: Period;
  repairs: number;
  /** Not completed yet (no order completed, entry open): no callback owed yet. */
  notCompleted: number;
  /** Reached by phone with a result (satisfied or dissatisfied). */
  calledBack: number;
  /** Reached by the end of the day after the repair was completed. */
  onTime: number;
  late: number;
  satisfied: number;
  dissatisfied: number;
  /** Tried, never reached. */
  unreachableOnly: number;
  /** Never tried. */
  notCalledBack: number;
  /** Visits recorded for the month's repairs; F2 asks for a phone call, so they are not callbacks. */
  visits: number;
  /** Called back, of the repairs completed (those owing a callback). */
  rate: string;
  byDay: { day: string; repairs: number; calledBack: number }[];
  /** Completed repairs still owed a callback: their entry ids. */
  owed: string[];
}

/** F2: the month's repair callbacks (by phone, the day after completion), for the director. */
export function repairCallbackSummary(
  site: string,
  month: Period,
  entries: readonly RegisterEntry[],
  orders: readonly CompletedOrder[],
  records: readonly FollowupRecord[],
  timezone: string,
): RepairCallbackSummary {
  const repairs = entries.filter((e) => e.category === 'repair' && inPeriod(dayOf(e), month));
  const completed = repairCompletions(entries, orders);
  const f2 = records.filter((r) => r.rule === 'F2' && settlesF2(r));
  const ids = new Set(repairs.map((e) => e.id));
  const visits = records.filter((r) => r.rule === 'F2' && !settlesF2(r) && ids.has(r.item)).length;
  const s: RepairCallbackSummary = {
    site,
    month,
    repairs: repairs.length,
    notCompleted: 0,
    calledBack: 0,
    onTime: 0,
    late: 0,
    satisfied: 0,
    dissatisfied: 0,
    unreachableOnly: 0,
    notCalledBack: 0,
    visits,
    rate: '-',
    byDay: [],
    owed: [],
  };
  const days = new Map<string, { day: string; repairs: number; calledBack: number }>();
  for (const e of repairs) {
    const day = days.get(dayOf(e)) ?? { day: dayOf(e), repairs: 0, calledBack: 0 };
    days.set(day.day, day);
    day.repairs += 1;
    const mine = f2.filter((r) => r.item === e.id);
    const reached = mine.find((r) => r.result !== 'unreachable');
    const done = completed.get(e.id);
    if (reached) {
      s.calledBack += 1;
      day.calledBack += 1;
      if (reached.result === 'satisfied') s.satisfied += 1;
      else s.dissatisfied += 1;
      // Called before the completion was known (or before it) is not late.
      if (done === undefined || Date.parse(reached.at) <= endOfDay(nextDay(dayOfAt(done)), timezone)) s.onTime += 1;
      else s.late += 1;
    } else if (done === undefined) {
      s.notCompleted += 1;
    } else {
      s.owed.push(e.id);
      if (mine.length > 0) s.unreachableOnly += 1;
      else s.notCalledBack += 1;
    }
  }
  // Of the repairs that owe a callback: those completed (or already called back).
  s.rate = percent(s.calledBack, s.repairs - s.notCompleted);
  s.byDay = [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  return s;
}

type Counts<T extends string> = Record<T, number>;

/** F3, F4 (4.6): the month's paid-job follow-ups by 质量, 态度 and (F4) 收费; F6: the director's samples. */
export interface FollowupQualitySummary {
  site: string;
  month: Period;
  F3: { reached: number; quality: Counts<Rating>; attitude: Counts<Rating> };
  F4: { reached: number; quality: Counts<Rating>; attitude: Counts<Rating>; charge: Counts<Charge> };
  F6: { records: number; by: string[] };
}

/** The follow-ups recorded in a month (by their local day), counted for the service's quality evaluation (4.6). */
export function followupQualitySummary(site: string, month: Period, records: readonly FollowupRecord[]): FollowupQualitySummary {
  const inMonth = records.filter((r) => inPeriod(dayOfAt(r.at), month));
  const zero = <T extends string>(codes: readonly T[]) => Object.fromEntries(codes.map((c) => [c, 0])) as Counts<T>;
  const count = <T extends string>(codes: readonly T[], values: (T | undefined)[]) => {
    const out = zero(codes);
    for (const v of values) if (v) out[v] += 1;
    return out;
  };
  const reached = (rule: 'F3' | 'F4') => inMonth.filter((r) => r.rule === rule && r.result !== 'unreachable');
  const f3 = reached('F3');
  const f4 = reached('F4');
  const f6 = inMonth.filter((r) => r.rule === 'F6' && r.result !== 'unreachable');
  return {
    site,
    month,
    F3: { reached: f3.length, quality: count(RATINGS, f3.map((r) => r.quality)), attitude: count(RATINGS, f3.map((r) => r.attitude)) },
    F4: { reached: f4.length, quality: count(RATINGS, f4.map((r) => r.quality)), attitude: count(RATINGS, f4.map((r) => r.attitude)), charge: count(CHARGES, f4.map((r) => r.charge)) },
    F6: { records: f6.length, by: [...new Set(f6.map((r) => r.by))] },
  };
}

/** R7: the quarter's consultations (questions), for the service-desk director. */
export interface ConsultationSummary {
  site: string;
  quarter: Period;
  total: number;
  byMonth: Record<string, number>;
  byChannel: Record<string, number>;
  answered: number;
  open: number;
  overdue: number;
  items: Pick<RegisterEntry, 'id' | 'receivedAt' | 'channel' | 'content' | 'status' | 'result' | 'overdue'>[];
}

export function consultationSummary(site: string, quarter: Period, entries: readonly RegisterEntry[]): ConsultationSummary {
  const items = entries.filter((e) => e.category === 'consultation' && inPeriod(dayOf(e), quarter));
  const count = (key: (e: RegisterEntry) => string) => {
    const out: Record<string, number> = {};
    for (const e of items) out[key(e)] = (out[key(e)] ?? 0) + 1;
    return out;
  };
  return {
    site,
    quarter,
    total: items.length,
    byMonth: count((e) => monthOf(dayOf(e)).id),
    byChannel: count((e) => e.channel),
    answered: items.filter((e) => e.status === 'closed').length,
    open: items.filter((e) => e.status === 'open').length,
    overdue: items.filter((e) => e.overdue).length,
    items: items.map((e) => ({ id: e.id, receivedAt: e.receivedAt, channel: e.channel, content: e.content, status: e.status, result: e.result, overdue: e.overdue })),
  };
}
