import type { Category } from '../config/types.js';
import type { AlarmView, CallbackOwed } from './calls.js';
import type { BreachRecord } from './duty.js';
import type { RegisterEntry } from './entries.js';
import type { EscalationView } from './escalations.js';
import type { OrderView } from './orders.js';

/** R4, R5: the callbacks owed to one station (a resident who rang three times is one callback), or to one call without a station. */
export interface OwedStation {
  station: string | null;
  address: string | null;
  resident: string | null;
  /** The missed calls (seqs of their `call.received`), oldest first. */
  keys: number[];
  firstMissedAt: string;
  lastMissedAt: string;
  /** R5: when the oldest became overdue, and whether it is. */
  dueAt: string;
  overdue: boolean;
}

/**
 * The shift's open work as the incoming operator takes it over (issue 16): callbacks owed, entries
 * still open (complaints with their F1 clock), orders not closed, alarms on screen, reports to the
 * director not acknowledged, and H8 breaches recorded during the shift. Everything open now,
 * however old: the incoming operator answers for all of it.
 */
export interface OpenWork {
  callbacks: OwedStation[];
  /** Oldest first; `deadline` is the R5/F1 clock (72 hours for a complaint). */
  entries: RegisterEntry[];
  orders: OrderView[];
  alarms: AlarmView[];
  escalations: EscalationView[];
  breaches: BreachRecord[];
}

/**
 * What a handover record keeps of the open work (`openWork` on `handover.accepted` and
 * `handover.refused`): counts and ids only, plain JSON, so that `shift` and the service desk can
 * say what was handed on without the personal data the screen shows.
 */
export interface HandedOn {
  /** Stations to call back (one per station), the missed calls behind them, and how many are overdue (R5). */
  callbacks: { count: number; calls: number; overdue: number; stations: string[] };
  /** Open register entries, overdue ones (R5), the count per category, and each complaint's deadline (F1). */
  entries: { count: number; overdue: number; ids: string[]; overdueIds: string[]; byCategory: Partial<Record<Category, number>>; complaints: { id: string; deadline: string; overdue: boolean }[] };
  /** Paid-service orders not yet signed or cancelled: late (W3), escalated (W4), major (H4 d). */
  orders: { count: number; late: number; escalated: number; major: number; orderNos: string[] };
  /** H9: alarms still on screen (not taken on), by the seq of their `alarm.raised`. */
  alarms: { count: number; seqs: number[] };
  /** H9: reports to the director not acknowledged, by the seq that raised them. */
  escalations: { count: number; seqs: number[] };
  /** H8: breaches recorded during the shift, and how many still stand. */
  breaches: { count: number; open: number };
}

/**
 * A resident who rang three times and hung up is one callback to make, not three: the callbacks
 * owed grouped by station (a call without one stands alone), in the order they are given.
 */
export function stationGroups(owed: readonly CallbackOwed[]): CallbackOwed[][] {
  const groups = new Map<string, CallbackOwed[]>();
  for (const c of owed) {
    const id = c.station ? `station:${c.station}` : `call:${c.key}`;
    const list = groups.get(id);
    if (list) list.push(c);
    else groups.set(id, [c]);
  }
  return [...groups.values()];
}

/** Callbacks owed grouped by station, in the order of each station's oldest missed call. */
export function owedByStation(owed: readonly CallbackOwed[]): OwedStation[] {
  return stationGroups(owed).map((calls) => {
    const sorted = [...calls].sort((a, b) => a.key - b.key);
    const first = sorted[0]!;
    return {
      station: first.station,
      address: first.address,
      resident: first.resident,
      keys: sorted.map((c) => c.key),
      firstMissedAt: first.missedAt,
      lastMissedAt: sorted.at(-1)!.missedAt,
      dueAt: first.dueAt,
      overdue: sorted.some((c) => c.overdue),
    };
  });
}

export function handedOn(w: OpenWork): HandedOn {
  const byCategory: Partial<Record<Category, number>> = {};
  for (const e of w.entries) byCategory[e.category] = (byCategory[e.category] ?? 0) + 1;
  const overdue = w.entries.filter((e) => e.overdue);
  return {
    callbacks: {
      count: w.callbacks.length,
      calls: w.callbacks.reduce((n, c) => n + c.keys.length, 0),
      overdue: w.callbacks.filter((c) => c.overdue).length,
      stations: w.callbacks.flatMap((c) => (c.station ? [c.station] : [])),
    },
    entries: {
      count: w.entries.length,
      overdue: overdue.length,
      ids: w.entries.map((e) => e.id),
      overdueIds: overdue.map((e) => e.id),
      byCategory,
      complaints: w.entries.filter((e) => e.category === 'complaint').map((e) => ({ id: e.id, deadline: e.deadline, overdue: e.overdue })),
    },
    orders: {
      count: w.orders.length,
      late: w.orders.filter((o) => o.late).length,
      escalated: w.orders.filter((o) => o.escalated).length,
      major: w.orders.filter((o) => o.major).length,
      orderNos: w.orders.map((o) => o.orderNo),
    },
    alarms: { count: w.alarms.length, seqs: w.alarms.map((a) => a.seq) },
    escalations: { count: w.escalations.length, seqs: w.escalations.map((e) => e.seq) },
    breaches: { count: w.breaches.length, open: w.breaches.filter((b) => b.resolvedAt === null).length },
  };
}
