import type { Refusal } from '../domain/handover-checks.js';
import { weekOf } from '../domain/periods.js';
import type { HandoverAcceptedData, HandoverRefusedData } from '../engine/handover.js';
import type { HolidayBreachData } from '../domain/holiday-duty.js';
import { CallBoard } from '../projections/calls.js';
import { DutyBoard } from '../projections/duty.js';
import { EntryBook } from '../projections/entries.js';
import { acknowledgedBy, escalationOf } from '../projections/escalations.js';
import type { JournalEvent } from '../register/event.js';
import type { SiteProfile } from '../sync/batch.js';
import { dayOfAt } from '../time/zone.js';
import { zoneIso } from '../time/offset-cache.js';

export const QUALITY_KINDS = ['late', 'cash', 'escalated', 'reported', 'refused', 'overridden', 'gaps', 'holiday', 'callbacks', 'overdue'] as const;
export type QualityKind = (typeof QUALITY_KINDS)[number];

/** One problem the register knows of, for the director (P2), with what to open to see it. */
export interface Finding {
  kind: QualityKind;
  site: string;
  /** When it happened (ISO, site offset). */
  at: string;
  week: string;
  entryId?: string;
  orderNo?: string;
  /** Who: badges, as recorded (the view puts names to them). */
  who?: string[];
  detail: {
    reason?: string;
    refusals?: Refusal[];
    holidays?: string[];
    level?: number;
    toName?: string;
    amountFen?: number;
    receivedBy?: string;
    summary?: string;
    acknowledged?: { at: string; by: string; note: string | null } | null;
    minutes?: number | null;
    until?: string | null;
    station?: string | null;
    address?: string | null;
  };
}

export interface QualityReport {
  site: string;
  from: string;
  to: string;
  findings: Finding[];
  /** Counts per week (ISO week id) and kind. */
  weeks: { week: string; counts: Record<QualityKind, number> }[];
}

/** H1: a gap shorter than this (the instant between one holder's end and the next's start) is not one. */
const GAP_MIN_MS = 60_000;

/**
 * P2: the director's view of a site over local days from..to, folded from the site's events in one
 * pass: late jobs (W3), cash taken by a technician (W6), escalations up the ladder (W4), reports to
 * the director and their acknowledgements (H9), handovers refused and overridden (H4), times
 * nobody was on duty (H1), holidays without a supervisor (H8), and, as they stand now, callbacks
 * owed and overdue entries (R5). `events` are the site's from before `from` (who was on duty as the
 * period began) to now.
 */
export function qualityReport(site: string, profile: SiteProfile, events: readonly JournalEvent[], from: string, to: string, now: number): QualityReport {
  const zone = profile.timezone;
  const inRange = (at: string) => {
    const d = dayOfAt(at);
    return d >= from && d <= to;
  };
  const findings: Finding[] = [];
  // A year holds tens of thousands of findings on 365 days: each day's week is worked out once.
  const weeks = new Map<string, string>();
  const weekOfDay = (d: string) => {
    let w = weeks.get(d);
    if (w === undefined) weeks.set(d, (w = weekOf(d).id));
    return w;
  };
  const add = (f: Omit<Finding, 'site' | 'week'>) => {
    if (inRange(f.at)) findings.push({ ...f, site, week: weekOfDay(dayOfAt(f.at)) });
  };
  const entries = new EntryBook(zone, profile.deadlineHours, zoneIso(zone));
  const calls = new CallBoard((profile.callbackMinutes ?? 30) * 60_000);
  const duty = new DutyBoard();
  const reports = new Map<number, Finding['detail'] & { at: string; entryId?: string; who: string }>();
  const entryOfOrder = new Map<string, string>();
  let gapSince: string | null = null;
  let seenDuty = false;

  for (const e of events) {
    entries.apply(e);
    calls.apply(e);
    duty.apply(e);
    const d = e.data as Record<string, unknown>;
    switch (e.kind) {
      case 'order.created':
        entryOfOrder.set(String(d.orderNo), String(d.entryId));
        break;
      case 'order.completed':
        if (d.late === true) add({ kind: 'late', at: e.at, orderNo: String(d.orderNo), entryId: String(d.entryId ?? ''), ...(typeof d.technician === 'string' ? { who: [d.technician] } : {}), detail: { minutes: typeof d.workedMinutes === 'number' ? d.workedMinutes : null } });
        break;
      case 'order.cash-paid':
        // W6: cash taken by the desk against a receipt is allowed; the event says when it is a violation.
        if (d.violation === 'W6') add({ kind: 'cash', at: e.at, orderNo: String(d.orderNo), ...(entryOfOrder.has(String(d.orderNo)) ? { entryId: entryOfOrder.get(String(d.orderNo))! } : {}), who: [String(d.receivedBy)], detail: { amountFen: Number(d.amountFen), receivedBy: String(d.receivedBy) } });
        break;
      case 'order.escalated':
        add({ kind: 'escalated', at: e.at, orderNo: String(d.orderNo), ...(entryOfOrder.has(String(d.orderNo)) ? { entryId: entryOfOrder.get(String(d.orderNo))! } : {}), who: [e.actor, String(d.to)], detail: { level: Number(d.level), toName: String(d.toName ?? ''), reason: String(d.reason ?? '') } });
        break;
      case 'handover.refused': {
        const h = d as unknown as HandoverRefusedData;
        add({ kind: 'refused', at: e.at, who: [h.outgoing.badge, h.incoming.badge], detail: { refusals: h.reasons } });
        if (h.reasons.some((r) => r.code === 'holiday-supervisor')) add({ kind: 'holiday', at: e.at, who: [h.incoming.badge], detail: { refusals: h.reasons.filter((r) => r.code === 'holiday-supervisor') } });
        break;
      }
      case 'duty.breach': {
        // H8: recorded when an operator holds a holiday alone or the supervisor leaves mid-holiday.
        const b = d as unknown as HolidayBreachData;
        add({ kind: 'holiday', at: e.at, who: [b.onDuty.badge], detail: { reason: b.reason, holidays: b.holidays } });
        break;
      }
      case 'handover.accepted': {
        const h = d as unknown as HandoverAcceptedData;
        if (h.override) add({ kind: 'overridden', at: e.at, who: [h.override.badge, h.outgoing.badge, h.incoming.badge], detail: { reason: h.override.reason, refusals: h.override.refusals } });
        break;
      }
      default:
    }
    const raised = escalationOf(e);
    if (raised) reports.set(raised.seq, { at: raised.raisedAt, summary: raised.summary, reason: raised.reason ?? '', station: raised.alarm?.station ?? null, address: raised.alarm?.address ?? null, acknowledged: null, who: raised.raisedBy, ...(raised.entryId ? { entryId: raised.entryId } : {}) });
    const ack = acknowledgedBy(e);
    const r = ack === undefined ? undefined : reports.get(ack);
    if (r && !r.acknowledged) r.acknowledged = { at: e.at, by: e.actor, note: (d.note as string | undefined) ?? null };

    // H1: from the first duty event on, a time with nobody accountable is a gap.
    if (e.kind.startsWith('duty.') || e.kind.startsWith('handover.')) seenDuty = true;
    const on = duty.onDuty();
    if (seenDuty && !on && gapSince === null) gapSince = e.at;
    if (on && gapSince !== null) {
      if (Date.parse(e.at) - Date.parse(gapSince) >= GAP_MIN_MS) add({ kind: 'gaps', at: gapSince, detail: { until: e.at, minutes: Math.round((Date.parse(e.at) - Date.parse(gapSince)) / 60_000) } });
      gapSince = null;
    }
  }
  if (gapSince !== null && now - Date.parse(gapSince) >= GAP_MIN_MS) add({ kind: 'gaps', at: gapSince, detail: { until: null, minutes: Math.round((now - Date.parse(gapSince)) / 60_000) } });
  for (const r of reports.values()) add({ kind: 'reported', at: r.at, who: [r.who], ...(r.entryId ? { entryId: r.entryId } : {}), detail: { summary: r.summary, reason: r.reason, acknowledged: r.acknowledged, station: r.station, address: r.address } });
  for (const c of calls.callbacksOwed(now, zoneIso(zone))) {
    if (c.overdue) add({ kind: 'callbacks', at: c.receivedAt, detail: { station: c.station, address: c.address, until: c.dueAt } });
  }
  for (const x of entries.overdue(now)) add({ kind: 'overdue', at: x.receivedAt, entryId: x.id, who: [x.firstResponder], detail: { until: x.deadline, summary: x.content ?? '' } });

  findings.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const byWeek = new Map<string, Record<QualityKind, number>>();
  for (const f of findings) {
    const counts = byWeek.get(f.week) ?? (Object.fromEntries(QUALITY_KINDS.map((k) => [k, 0])) as Record<QualityKind, number>);
    counts[f.kind] += 1;
    byWeek.set(f.week, counts);
  }
  return { site, from, to, findings, weeks: [...byWeek].sort(([a], [b]) => (a < b ? -1 : 1)).map(([week, counts]) => ({ week, counts })) };
}
