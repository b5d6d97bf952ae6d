import { CATEGORIES, type Category } from '../../../config/types.js';
import { consultationSummary, repairCallbackSummary, type ConsultationSummary, type RepairCallbackSummary } from '../../../domain/desk-summaries.js';
import { dayOfEntryId } from '../../../domain/entry.js';
import { completedOrders } from '../../../domain/followups.js';
import { zoneIso } from '../../../time/offset-cache.js';
import { monthOf, weekOf, type Period } from '../../../domain/periods.js';
import { EntryBook, type RegisterEntry } from '../../../projections/entries.js';
import type { DeskStore } from '../../store.js';
import type { SitePage } from './site-data.js';

/** The numbers behind the summaries page: F2's month, R7's quarter and the three charts. */
export interface Summaries {
  month: Period;
  quarter: Period;
  repairs: RepairCallbackSummary;
  consultations: ConsultationSummary;
  /** Requests per category per day of the month. */
  perDay: { days: string[]; series: Record<Category, number[]> };
  /** Per week of the quarter: entries, those overdue (now, or closed after their deadline), the rate in %. */
  overdueRate: { week: string; entries: number; late: number; rate: number | null }[];
  /** Per month of the last six to the chosen one: follow-ups that reached the resident, satisfied, the rate in %. */
  satisfaction: { month: string; reached: number; satisfied: number; rate: number | null }[];
}

const wasLate = (e: RegisterEntry) => e.overdue || (e.closedAt !== null && Date.parse(e.closedAt) > Date.parse(e.deadline));

export async function summaries(store: DeskStore, s: SitePage, month: Period, quarter: Period, now: number): Promise<Summaries> {
  const sixBack = monthOf(new Date(Date.parse(`${month.from}T00:00:00Z`) - 150 * 86_400_000).toISOString().slice(0, 10));
  const from = [month.from, quarter.from, sixBack.from].sort()[0]!;
  const events = await store.eventsBetween(s.site, from);
  const entries = new EntryBook(s.profile.timezone, s.profile.deadlineHours, zoneIso(s.profile.timezone)).applyAll(events).all(now);
  const records = await store.followups(s.site);
  const dayOf = (e: RegisterEntry) => dayOfEntryId(e.id) ?? e.receivedAt.slice(0, 10);

  const days: string[] = [];
  for (let t = Date.parse(`${month.from}T00:00:00Z`); t <= Date.parse(`${month.to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  const series = Object.fromEntries(CATEGORIES.map((c) => [c, days.map(() => 0)])) as Record<Category, number[]>;
  for (const e of entries) {
    const i = days.indexOf(dayOf(e));
    if (i >= 0) series[e.category][i]! += 1;
  }

  const weeks = new Map<string, { week: string; entries: number; late: number }>();
  for (let t = Date.parse(`${quarter.from}T00:00:00Z`); t <= Date.parse(`${quarter.to}T00:00:00Z`); t += 7 * 86_400_000) {
    const id = weekOf(new Date(t).toISOString().slice(0, 10)).id;
    weeks.set(id, { week: id, entries: 0, late: 0 });
  }
  for (const e of entries) {
    const d = dayOf(e);
    if (d < quarter.from || d > quarter.to) continue;
    const w = weeks.get(weekOf(d).id);
    if (!w) continue;
    w.entries += 1;
    if (wasLate(e)) w.late += 1;
  }

  const months: { month: string; reached: number; satisfied: number }[] = [];
  for (let p = sixBack; p.from <= month.from; p = monthOf(new Date(Date.parse(`${p.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10))) months.push({ month: p.id, reached: 0, satisfied: 0 });
  for (const r of records) {
    const m = months.find((x) => x.month === r.at.slice(0, 7));
    if (!m || r.result === 'unreachable') continue;
    m.reached += 1;
    if (r.result === 'satisfied') m.satisfied += 1;
  }
  const pct = (a: number, b: number) => (b === 0 ? null : Math.round((a * 1000) / b) / 10);
  return {
    month,
    quarter,
    repairs: repairCallbackSummary(s.site, month, entries, completedOrders(events), records, s.profile.timezone),
    consultations: consultationSummary(s.site, quarter, entries),
    perDay: { days, series },
    overdueRate: [...weeks.values()].map((w) => ({ ...w, rate: pct(w.late, w.entries) })),
    satisfaction: months.map((m) => ({ ...m, rate: pct(m.satisfied, m.reached) })),
  };
}
