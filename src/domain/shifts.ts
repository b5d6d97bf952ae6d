import { DateTime } from 'luxon';
import { localDay, localIso, nextDay, previousDay } from '../time/zone.js';
import { InternalError } from './refusal.js';

/** One shift: from one configured change of shift to the next (the night shift runs past midnight). */
export interface ShiftWindow {
  /** The configured change time that starts it ("20:00"). */
  start: string;
  /** The local day it starts on. */
  day: string;
  from: number;
  to: number;
}

/** H5: the outgoing operator is ready this long before the change, the incoming arrives this long before. */
export const OUTGOING_READY_MS = 15 * 60_000;
export const INCOMING_ARRIVES_MS = 5 * 60_000;

/** The instant a configured change time ("08:00") falls on a local day, in the site's zone. */
function changeAt(day: string, hhmm: string, zone: string): number {
  const dt = DateTime.fromISO(`${day}T${hhmm}`, { zone });
  if (!dt.isValid) throw new InternalError(`shift change "${hhmm}" on ${day} is not a time in ${zone}`);
  return dt.toMillis();
}

/** Every change of shift on the given days, in time order. */
function changesOn(days: string[], shifts: readonly string[], zone: string): { at: number; start: string; day: string }[] {
  return days.flatMap((day) => shifts.map((start) => ({ at: changeAt(day, start, zone), start, day }))).sort((a, b) => a.at - b.at);
}

function daysAround(ms: number, zone: string): string[] {
  const day = localDay(ms, zone);
  return [previousDay(previousDay(day)), previousDay(day), day, nextDay(day), nextDay(nextDay(day))];
}

/**
 * The change of shift a handover begun at `ms` is for: the configured change nearest to it, on
 * whichever side of midnight it lies (a handover begun at 23:50 for a 00:00 change belongs to the
 * next day's change; one begun at 08:20 is 20 minutes late for the 08:00 change).
 */
export function nearestChange(ms: number, shifts: readonly string[], zone: string): number {
  let best = Number.NaN;
  for (const c of changesOn(daysAround(ms, zone), shifts, zone)) if (Number.isNaN(best) || Math.abs(c.at - ms) < Math.abs(best - ms)) best = c.at;
  return best;
}

/**
 * H5: the change of shift a handover is for: the one nearest to when it began, unless the outgoing
 * operator took duty at or after that change (signed on when nobody was on duty, mid-shift, or took
 * the shift over late): the handover then closes the shift they are on duty for, the one running
 * when they took duty. Someone who signed on at 20:12 and hands over at 20:18 closes the 20:00
 * shift (its change is 08:00), not the 08:00 shift that ended before they came.
 */
export function handoverChange(ms: number, onDutySince: number, shifts: readonly string[], zone: string): number {
  const nearest = nearestChange(ms, shifts, zone);
  return onDutySince >= nearest ? shiftAt(onDutySince, shifts, zone).to : nearest;
}

/** The shift running at `ms`: from the last change at or before it to the next one. */
export function shiftAt(ms: number, shifts: readonly string[], zone: string): ShiftWindow {
  const all = changesOn(daysAround(ms, zone), shifts, zone);
  const i = all.findLastIndex((c) => c.at <= ms);
  const start = all[i]!;
  return { start: start.start, day: start.day, from: start.at, to: all[i + 1]!.at };
}

/** The shift that ends with the change at `change` (the one a handover for that change closes). */
export function shiftEndingAt(change: number, shifts: readonly string[], zone: string): ShiftWindow {
  return shiftAt(change - 1, shifts, zone);
}

/** The shifts that start on a local day, each running to the next change (possibly the next day). */
export function shiftsOfDay(day: string, shifts: readonly string[], zone: string): ShiftWindow[] {
  const all = changesOn([day, nextDay(day), nextDay(nextDay(day))], shifts, zone);
  return all
    .map((c, i) => ({ c, next: all[i + 1] }))
    .filter(({ c, next }) => c.day === day && next !== undefined)
    .map(({ c, next }) => ({ start: c.start, day, from: c.at, to: next!.at }));
}

/** H8: the configured holidays a shift touches (a night shift may run into one). */
export function holidaysTouched(shift: Pick<ShiftWindow, 'from' | 'to'>, holidays: readonly string[], zone: string): string[] {
  const first = localDay(shift.from, zone);
  const last = localDay(shift.to - 1, zone);
  return holidays.filter((h) => h >= first && h <= last).sort();
}

export interface Lateness {
  /** The change of shift, ISO with the site's offset. */
  change: string;
  /** When the outgoing operator should be ready (15 minutes before) and when they badged to begin. */
  outgoingDue: string;
  outgoingReadyAt: string;
  outgoingLateMinutes: number;
  /** When the incoming operator should arrive (5 minutes before) and when they first badged. */
  incomingDue: string;
  incomingArrivedAt: string | null;
  incomingLateMinutes: number | null;
}

/** Whole minutes late, a part minute counting as one; 0 when on time. */
function minutesLate(at: number, due: number): number {
  return at > due ? Math.ceil((at - due) / 60_000) : 0;
}

/**
 * H5: the lateness of both sides of a handover. Durations are taken between instants, so they
 * are right across midnight and across a daylight-saving change. The outgoing operator is due
 * 15 minutes before the change, or when they took duty if that was later: nobody is late for a
 * moment before their duty began.
 */
export function lateness(change: number, outgoingReadyAt: number, incomingArrivedAt: number | null, zone: string, onDutySince = Number.NEGATIVE_INFINITY): Lateness {
  const outgoingDue = Math.max(change - OUTGOING_READY_MS, onDutySince);
  const incomingDue = change - INCOMING_ARRIVES_MS;
  return {
    change: localIso(change, zone),
    outgoingDue: localIso(outgoingDue, zone),
    outgoingReadyAt: localIso(outgoingReadyAt, zone),
    outgoingLateMinutes: minutesLate(outgoingReadyAt, outgoingDue),
    incomingDue: localIso(incomingDue, zone),
    incomingArrivedAt: incomingArrivedAt === null ? null : localIso(incomingArrivedAt, zone),
    incomingLateMinutes: incomingArrivedAt === null ? null : minutesLate(incomingArrivedAt, incomingDue),
  };
}
