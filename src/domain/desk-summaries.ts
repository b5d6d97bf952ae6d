import type { RegisterEntry } from '../projections/entries.js';
import { dayOfEntryId } from './entry.js';
import type { FollowupRecord } from './followups.js';
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
  /** Reached with a result (satisfied or dissatisfied). */
  calledBack: number;
  /** Reached by the end of the day after the repair was recorded. */
  onTime: number;
  late: number;
  satisfied: number;
  dissatisfied: number;
  /** Tried, never reached. */
  unreachableOnly: number;
  /** Never tried. */
  notCalledBack: number;
  rate: string;
  byDay: { day: string; repairs: number; calledBack: number }[];
  /** Repairs still owed a callback: their entry ids. */
  owed: string[];
}

export function repairCallbackSummary(site: string, month: Period, entries: readonly RegisterEntry[], records: readonly FollowupRecord[], timezone: string): RepairCallbackSummary {
  const repairs = entries.filter((e) => e.category === 'repair' && inPeriod(dayOf(e), month));
  const f2 = records.filter((r) => r.rule === 'F2');
  const s: RepairCallbackSummary = { site, month, repairs: repairs.length, calledBack: 0, onTime: 0, late: 0, satisfied: 0, dissatisfied: 0, unreachableOnly: 0, notCalledBack: 0, rate: '-', byDay: [], owed: [] };
  const days = new Map<string, { day: string; repairs: number; calledBack: number }>();
  for (const e of repairs) {
    const day = days.get(dayOf(e)) ?? { day: dayOf(e), repairs: 0, calledBack: 0 };
    days.set(day.day, day);
    day.repairs += 1;
    const mine = f2.filter((r) => r.item === e.id);
    const reached = mine.find((r) => r.result !== 'unreachable');
    if (reached) {
      s.calledBack += 1;
      day.calledBack += 1;
      if (reached.result === 'satisfied') s.satisfied += 1;
      else s.dissatisfied += 1;
      if (Date.parse(reached.at) <= endOfDay(nextDay(dayOf(e)), timezone)) s.onTime += 1;
      else s.late += 1;
    } else {
      s.owed.push(e.id);
      if (mine.length > 0) s.unreachableOnly += 1;
      else s.notCalledBack += 1;
    }
  }
  s.rate = percent(s.calledBack, s.repairs);
  s.byDay = [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  return s;
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
