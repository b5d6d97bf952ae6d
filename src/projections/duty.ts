import type { Role } from '../config/types.js';
import { isSupervisorOrAbove } from '../domain/handover-checks.js';
import type { HolidayBreachData, HolidayBreachReason } from '../domain/holiday-duty.js';
import type { JournalEvent } from '../register/event.js';

/** Someone standing in the control room for the person whose duty it is (H3). */
export interface Relief {
  badge: string;
  name: string;
  since: string;
}

/** The accountable person on duty (H1), with whoever covers while they are away (H3). */
export interface OnDuty {
  badge: string;
  name: string;
  since: string;
  role?: Role;
  /** H3: they stepped away and this relief, who badged in first, covers until they return. */
  relief?: Relief;
  /** H3: they left with no relief (擅自离岗) at this time and have not returned. */
  absentSince?: string;
}

/** A supervisor or above signed on beside the person on duty (H8: holidays and special days). */
export interface SecondOnDuty {
  badge: string;
  name: string;
  role: Role;
  since: string;
}

/** H8: a breach recorded and not yet resolved by a supervisor signing on. */
export interface HolidayBreach {
  rule: 'H8';
  reason: HolidayBreachReason;
  since: string;
  holidays: string[];
  onDuty: { badge: string; name: string };
}

/** H8: a breach as recorded, and when a supervisor signing on ended it (null while it stands). */
export interface BreachRecord {
  at: string;
  reason: HolidayBreachReason;
  holidays: string[];
  onDuty: { badge: string; name: string };
  resolvedAt: string | null;
}

/** H8: how many recorded breaches are kept (a few days' worth; a handover looks at its shift's). */
const BREACHES_KEPT = 32;

/** The people of `handover.accepted` the board needs. */
interface AcceptedData {
  incoming: { badge: string; name: string; role: Role };
}

/**
 * Who is on duty (H1), who covers for them (H3) and the supervisor on duty beside them (H8),
 * folded from the duty events and handovers.
 */
/** H5: how many arrivals a person's are kept (a few shifts' worth; the handover looks at the last one). */
const ARRIVALS_KEPT = 4;

export class DutyBoard {
  private current: OnDuty | null = null;
  private secondPerson: SecondOnDuty | null = null;
  /** H8: the breach flagged until a supervisor signs on. */
  private breach: HolidayBreach | null = null;
  /** H8: the breaches recorded lately, latest last. */
  private readonly breaches: BreachRecord[] = [];
  /** H5: when each person not on duty first scanned in a shift (`duty.arrived`), latest last. */
  private readonly arrivals = new Map<string, string[]>();

  apply(e: JournalEvent): void {
    const d = e.data as { badge?: string; name?: string; role?: Role; relief?: { badge: string; name: string } };
    const holder = this.current?.badge === d.badge ? this.current : null;
    switch (e.kind) {
      case 'duty.signed-on':
        // The engine signs on only when nobody is on duty; a second sign-on in the journal is not replayed over the first.
        if (!this.current) this.current = { badge: d.badge!, name: d.name ?? '', since: e.at, ...(d.role ? { role: d.role } : {}) };
        if (d.role && isSupervisorOrAbove({ role: d.role })) this.resolveBreach(e.at);
        break;
      case 'duty.breach': {
        const b = e.data as unknown as HolidayBreachData;
        this.breach = { rule: 'H8', reason: b.reason, since: e.at, holidays: [...b.holidays], onDuty: { ...b.onDuty } };
        this.breaches.push({ at: e.at, reason: b.reason, holidays: [...b.holidays], onDuty: { ...b.onDuty }, resolvedAt: null });
        if (this.breaches.length > BREACHES_KEPT) this.breaches.shift();
        break;
      }
      case 'duty.signed-off':
        if (holder) this.current = null;
        break;
      case 'duty.stepped-away':
        if (holder && d.relief) holder.relief = { badge: d.relief.badge, name: d.relief.name, since: e.at };
        break;
      case 'duty.absent':
        if (holder) holder.absentSince = e.at;
        break;
      case 'duty.returned':
        if (holder) {
          delete holder.relief;
          delete holder.absentSince;
        }
        break;
      case 'duty.second-on':
        this.secondPerson = { badge: d.badge!, name: d.name ?? '', role: d.role!, since: e.at };
        this.resolveBreach(e.at);
        break;
      case 'duty.second-off':
        if (this.secondPerson?.badge === d.badge) this.secondPerson = null;
        break;
      case 'handover.accepted': {
        // H7: the incoming operator's duty starts only with the accepted handover.
        const { incoming } = e.data as unknown as AcceptedData;
        this.current = { badge: incoming.badge, name: incoming.name, since: e.at, role: incoming.role };
        if (this.secondPerson?.badge === incoming.badge) this.secondPerson = null;
        if (isSupervisorOrAbove(incoming)) this.resolveBreach(e.at);
        break;
      }
      case 'duty.arrived':
        if (d.badge) this.arrivals.set(d.badge, [...(this.arrivals.get(d.badge) ?? []), e.at].slice(-ARRIVALS_KEPT));
        break;
      case 'day.closed':
        this.restoreFromNote(e.data);
        break;
      default:
    }
  }

  /** H8: a supervisor or above signed on: the breach standing, and every one recorded before, ends. */
  private resolveBreach(at: string): void {
    this.breach = null;
    for (const b of this.breaches) b.resolvedAt ??= at;
  }

  /**
   * A `day.closed` notes the duty as it stood when the day closed: the state a journal read from
   * that day onwards starts from. Notes written before a field existed leave it as it is.
   */
  private restoreFromNote(note: Record<string, unknown>): void {
    if ('onDuty' in note) this.current = note.onDuty ? { ...(note.onDuty as OnDuty) } : null;
    if ('secondOnDuty' in note) this.secondPerson = note.secondOnDuty ? { ...(note.secondOnDuty as SecondOnDuty) } : null;
    if ('holidayBreach' in note) this.breach = note.holidayBreach ? { ...(note.holidayBreach as HolidayBreach) } : null;
  }

  /** Carries duty over from a `day.closed` note, for a journal quiet longer than the days read back. */
  restore(onDuty: OnDuty): void {
    this.current = { ...onDuty };
  }

  onDuty(): OnDuty | null {
    if (!this.current) return null;
    return { ...this.current, ...(this.current.relief ? { relief: { ...this.current.relief } } : {}) };
  }

  /** The supervisor or above signed on beside the person on duty, if any. */
  secondOnDuty(): SecondOnDuty | null {
    return this.secondPerson ? { ...this.secondPerson } : null;
  }

  /** H8: the breach recorded and not yet resolved by a supervisor signing on, if any. */
  holidayBreach(): HolidayBreach | null {
    return this.breach ? { ...this.breach, holidays: [...this.breach.holidays], onDuty: { ...this.breach.onDuty } } : null;
  }

  /** H8: the breaches recorded at or after `since` (ms), oldest first. */
  breachesSince(since: number): BreachRecord[] {
    return this.breaches.filter((b) => Date.parse(b.at) >= since).map((b) => ({ ...b, holidays: [...b.holidays], onDuty: { ...b.onDuty } }));
  }

  /** H5: when a person first scanned at or after `since` (ms), if they did. */
  arrivedSince(badge: string, since: number): number | undefined {
    const at = this.arrivals.get(badge)?.find((a) => Date.parse(a) >= since);
    return at === undefined ? undefined : Date.parse(at);
  }

  /** H1: the one person answerable for the room now: the relief while one covers, else the person on duty. */
  accountable(): { badge: string; name: string } | null {
    if (!this.current) return null;
    const who = this.current.relief ?? this.current;
    return { badge: who.badge, name: who.name };
  }
}
