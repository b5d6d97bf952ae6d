import type { Role, SiteConfig } from '../config/types.js';
import type { ChecklistItem, Refusal } from '../domain/handover-checks.js';
import type { HolidayBreachData } from '../domain/holiday-duty.js';
import { holidaysTouched, shiftsOfDay, type Lateness } from '../domain/shifts.js';
import type { HandoverAcceptedData, HandoverRefusedData } from '../engine/handover.js';
import type { JournalEvent } from '../register/event.js';
import { readSince } from '../register/reader.js';
import { localIso } from '../time/zone.js';
import { DutyBoard } from './duty.js';
import { EntryBook } from './entries.js';
import { acknowledgedBy, escalationOf } from './escalations.js';
import type { HandedOn } from './open-work.js';

type Span = { from: string; to: string | null };

export interface HandoverLine {
  seq: number;
  at: string;
  result: 'accepted' | 'refused';
  outgoing: { badge: string; name: string };
  incoming: { badge: string; name: string };
  change: string;
  timing: Lateness;
  /** Refused: why. Accepted over refusals: the refusals the supervisor overrode. */
  reasons: Refusal[];
  override: { badge: string; name: string; reason: string } | null;
  roomClean: boolean | null;
  checklist: ChecklistItem[];
  /** H7: the matters handed on (the last handover's carried again, then new ones). */
  pending: string[];
  /** H7: of `pending`, those carried again from the last handover; the last handover's marked done. */
  pendingCarried: string[];
  pendingDone: string[];
  /** What was still open when it was signed (counts and ids); null on handovers recorded before it was. */
  openWork: HandedOn | null;
}

export interface EscalationLine {
  seq: number;
  at: string;
  source: 'alarm' | 'entry';
  summary: string;
  reportTo: 'director';
  alarm: { kind: string; station: string; address: string | null } | null;
  entryId: string | null;
  reason: string | null;
  acknowledged: { at: string; by: string; note: string | null } | null;
}

/** H8: a holiday without a supervisor on duty, recorded during a shift, and who ended it. */
export interface BreachLine {
  at: string;
  rule: 'H8';
  reason: HolidayBreachData['reason'];
  onDuty: { badge: string; name: string };
  holidays: string[];
  /** When a supervisor signed on, and who; null while the breach stands. */
  resolved: { at: string; by: { badge: string; name: string } } | null;
}

/** One shift of the duty log (值班记录). */
export interface ShiftLog {
  /** The change time that starts it ("20:00"). */
  start: string;
  from: string;
  to: string;
  /** Still running now. */
  running: boolean;
  /** H8: holidays it touches. */
  holidays: string[];
  /** H1: who held the duty during it (with their real start and end; `to` null while still on). */
  onDuty: (Span & { badge: string; name: string; role: Role | null })[];
  /** H3: reliefs who covered while the person on duty stepped away. */
  reliefs: (Span & { badge: string; name: string; for: { badge: string; name: string } })[];
  /** H3: leaving with no relief (擅自离岗). */
  absences: (Span & { badge: string; name: string; minutes: number | null })[];
  /** H8: a supervisor or above signed on beside the person on duty. */
  secondOnDuty: (Span & { badge: string; name: string; role: Role })[];
  /** H1: times nobody was on duty. */
  unattended: Span[];
  /** H8: holidays held without a supervisor, recorded during the shift. */
  breaches: BreachLine[];
  /** The handovers that close this shift (refused and accepted), in order. */
  handovers: HandoverLine[];
  /** H9: escalations raised during it, and whether they were acknowledged. */
  escalations: EscalationLine[];
  /** The register entries received during it, as they stand now. */
  entries: { total: number; open: number; closed: number; unclear: number; major: number };
}

export interface DutyLog {
  site: { id: string; name: string };
  day: string;
  shifts: ShiftLog[];
}

/** Spans opened and closed as a keyed value changes over the journal. */
class Spans<T> {
  readonly done: (T & Span)[] = [];
  private key: string | null = null;
  private open: (T & Span) | null = null;

  /** The value now (null: none); a new key closes the open span at `at` and opens one from `from`. */
  update(key: string | null, at: string, make: () => T & { from: string }): void {
    if (key === this.key) return;
    if (this.open) this.done.push({ ...this.open, to: at });
    this.key = key;
    this.open = key === null ? null : { ...make(), to: null };
  }

  all(): (T & Span)[] {
    return this.open ? [...this.done, this.open] : [...this.done];
  }
}

function overlaps(s: Span, from: number, to: number): boolean {
  return Date.parse(s.from) < to && (s.to === null || Date.parse(s.to) > from);
}

/**
 * The duty log of the shifts that start on `day`, folded from the journal read from that day on
 * (its first `day.closed` says who was on duty as the day began).
 */
export function dutyLogOf(events: readonly JournalEvent[], config: SiteConfig, day: string, now: number): DutyLog {
  const zone = config.site.timezone;
  const board = new DutyBoard();
  const entries = new EntryBook(zone, config.deadlineHours);
  const holders = new Spans<{ badge: string; name: string; role: Role | null }>();
  const reliefs = new Spans<{ badge: string; name: string; for: { badge: string; name: string } }>();
  const absences = new Spans<{ badge: string; name: string }>();
  const seconds = new Spans<{ badge: string; name: string; role: Role }>();
  const unattended = new Spans<object>();
  const handovers: HandoverLine[] = [];
  const escalations: EscalationLine[] = [];
  const breaches: BreachLine[] = [];
  const major = new Set<string>();

  for (const e of events) {
    const breachBefore = board.holidayBreach();
    board.apply(e);
    if (e.kind === 'duty.breach') {
      const b = e.data as unknown as HolidayBreachData;
      breaches.push({ at: e.at, rule: 'H8', reason: b.reason, onDuty: { ...b.onDuty }, holidays: [...b.holidays], resolved: null });
    } else if (breachBefore && !board.holidayBreach()) {
      // A supervisor signed on (beside the operator, or taking the shift): every open breach ends.
      const by = { badge: e.actor, name: nameOf(e) };
      for (const b of breaches) b.resolved ??= { at: e.at, by };
    }
    entries.apply(e);
    const on = board.onDuty();
    holders.update(on ? `${on.badge}@${on.since}` : null, e.at, () => ({ badge: on!.badge, name: on!.name, role: on!.role ?? null, from: on!.since }));
    unattended.update(on ? null : 'nobody', e.at, () => ({ from: e.at }));
    const relief = on?.relief;
    reliefs.update(relief ? `${relief.badge}@${relief.since}` : null, e.at, () => ({ badge: relief!.badge, name: relief!.name, for: { badge: on!.badge, name: on!.name }, from: relief!.since }));
    absences.update(on?.absentSince ? `${on.badge}@${on.absentSince}` : null, e.at, () => ({ badge: on!.badge, name: on!.name, from: on!.absentSince! }));
    const second = board.secondOnDuty();
    seconds.update(second ? `${second.badge}@${second.since}` : null, e.at, () => ({ badge: second!.badge, name: second!.name, role: second!.role, from: second!.since }));

    if (e.kind === 'handover.accepted' || e.kind === 'handover.refused') handovers.push(handoverLine(e));
    const raised = escalationOf(e);
    if (raised) {
      escalations.push({
        seq: raised.seq,
        at: raised.raisedAt,
        source: raised.source,
        summary: raised.summary,
        reportTo: 'director',
        alarm: raised.alarm ?? null,
        entryId: raised.entryId ?? null,
        reason: raised.reason ?? null,
        acknowledged: null,
      });
      if (raised.entryId) major.add(raised.entryId);
    }
    const ack = acknowledgedBy(e);
    const acked = ack === undefined ? undefined : escalations.find((x) => x.seq === ack);
    if (acked && !acked.acknowledged) acked.acknowledged = { at: e.at, by: e.actor, note: ((e.data as { note?: string }).note as string | undefined) ?? null };
  }

  const allEntries = entries.all(now);
  const shifts = shiftsOfDay(day, config.shifts, zone)
    .filter((s) => s.from <= now)
    .map((s): ShiftLog => {
      const inShift = (at: string) => Date.parse(at) >= s.from && Date.parse(at) < s.to;
      const mine = allEntries.filter((x) => inShift(x.receivedAt));
      return {
        start: s.start,
        from: localIso(s.from, zone),
        to: localIso(s.to, zone),
        running: s.to > now,
        holidays: holidaysTouched(s, config.holidays, zone),
        onDuty: holders.all().filter((x) => overlaps(x, s.from, s.to)),
        reliefs: reliefs.all().filter((x) => overlaps(x, s.from, s.to)),
        absences: absences
          .all()
          .filter((x) => overlaps(x, s.from, s.to))
          .map((x) => ({ ...x, minutes: x.to === null ? null : Math.round((Date.parse(x.to) - Date.parse(x.from)) / 60_000) })),
        secondOnDuty: seconds.all().filter((x) => overlaps(x, s.from, s.to)),
        // A span that begins and ends at the same instant (one write) is no time unattended at all.
        unattended: unattended
          .all()
          .filter((x) => overlaps(x, s.from, s.to) && x.from !== x.to)
          .map((x) => ({ from: x.from, to: x.to })),
        breaches: breaches.filter((b) => inShift(b.at)),
        // A handover belongs to the shift it closes, even when it runs late into the next one.
        handovers: handovers.filter((h) => Date.parse(h.change) > s.from && Date.parse(h.change) <= s.to),
        escalations: escalations.filter((x) => inShift(x.at)),
        entries: {
          total: mine.length,
          open: mine.filter((x) => x.status === 'open').length,
          closed: mine.filter((x) => x.status === 'closed').length,
          unclear: mine.filter((x) => x.unclear.length > 0).length,
          major: mine.filter((x) => major.has(x.id)).length,
        },
      };
    });
  return { site: { id: config.site.id, name: config.site.name }, day, shifts };
}

/** The name an event carries for its actor (a sign-on, a second person, a handover's incoming side). */
function nameOf(e: JournalEvent): string {
  const d = e.data as { name?: string; incoming?: { name?: string } };
  return d.name ?? d.incoming?.name ?? '';
}

function handoverLine(e: JournalEvent): HandoverLine {
  const d = e.data as unknown as HandoverRefusedData & HandoverAcceptedData;
  const refusals = e.kind === 'handover.refused' ? d.reasons : (d.override?.refusals ?? []);
  return {
    seq: e.seq,
    at: e.at,
    result: e.kind === 'handover.accepted' ? 'accepted' : 'refused',
    outgoing: { badge: d.outgoing.badge, name: d.outgoing.name },
    incoming: { badge: d.incoming.badge, name: d.incoming.name },
    change: d.change,
    timing: d.timing,
    reasons: refusals,
    override: d.override ? { badge: d.override.badge, name: d.override.name, reason: d.override.reason } : null,
    roomClean: d.roomClean,
    checklist: d.checklist,
    pending: d.pending,
    // Handovers recorded before matters were carried have neither.
    pendingCarried: d.pendingCarried ?? [],
    pendingDone: d.pendingDone ?? [],
    openWork: d.openWork ?? null,
  };
}

/** The duty log read straight from the journal files (for `control-room shift` and the console's F6). */
export async function dutyLogOfDay(config: SiteConfig, day: string, now: number): Promise<DutyLog> {
  return dutyLogOf(await readSince(config.dataDir, day), config, day, now);
}
