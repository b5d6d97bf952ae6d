import type { Person } from '../config/types.js';
import { mayBeOnDuty } from '../domain/badges.js';
import { isSupervisorOrAbove } from '../domain/handover-checks.js';
import { holidaysTouched, shiftAt } from '../domain/shifts.js';
import { holidayUnstaffed, type HolidayBreachData } from '../domain/holiday-duty.js';
import type { HolidayBreach, OnDuty, SecondOnDuty } from '../projections/duty.js';
import { dutyLogOfDay, type DutyLog } from '../projections/shift-log.js';
import { localIso } from '../time/zone.js';
import { personOf, who, type ServiceDeps } from './services.js';
import { Refused } from '../domain/refusal.js';

/** Events after which who is on duty may have changed. */
const DUTY_KINDS = new Set(['duty.signed-on', 'duty.signed-off', 'duty.stepped-away', 'duty.absent', 'duty.returned', 'duty.second-on', 'duty.second-off', 'handover.accepted']);

/**
 * Duty beyond signing on and off (H1, H3, H8): stepping away with a relief or without one
 * (recorded as absence, 擅自离岗), returning, the supervisor signed on beside the operator on
 * holidays, and the duty log of a day. Every check runs inside the write.
 */
export class DutyService {
  constructor(private readonly deps: ServiceDeps) {
    deps.bus.on('recorded', (events) => {
      if (events.some((e) => DUTY_KINDS.has(e.kind))) deps.bus.emit('duty-changed', deps.duty().onDuty());
    });
  }

  onDuty(): OnDuty | null {
    return this.deps.duty().onDuty();
  }

  secondOnDuty(): SecondOnDuty | null {
    return this.deps.duty().secondOnDuty();
  }

  /** H1: the one person answerable for the room now (the relief while one covers). */
  accountable(): { badge: string; name: string } | null {
    return this.deps.duty().accountable();
  }

  /** The shift running now, with the holidays it touches (H8). */
  currentShift(): { start: string; day: string; from: string; to: string; holidays: string[] } {
    const { shifts, holidays, site } = this.deps.config;
    const s = shiftAt(this.deps.clock.now(), shifts, site.timezone);
    return { start: s.start, day: s.day, from: localIso(s.from, site.timezone), to: localIso(s.to, site.timezone), holidays: holidaysTouched(s, holidays, site.timezone) };
  }

  /**
   * H3: the person on duty steps away. With a relief, who has just badged in, the relief covers
   * and signs the record; without one, the leaving is recorded as an absence (擅自离岗) from now
   * until they return.
   */
  async stepAway(holderBadge: string, reliefBadge?: string): Promise<OnDuty> {
    const holder = personOf(holderBadge, this.deps.config.roster);
    const relief = reliefBadge === undefined ? undefined : personOf(reliefBadge, this.deps.config.roster, 'relief badge');
    if (relief) {
      if (relief.badge === holder.badge) throw new Refused('same-badge', `${relief.name} cannot relieve themselves; the relief scans their own badge`, { name: relief.name, side: 'relief' });
      if (!mayBeOnDuty(relief)) throw new Refused('not-duty-role', `${relief.name} (${relief.badge}) is a ${relief.role}; only an operator or a supervisor and above can cover the control room`);
    }
    await this.deps.record(() => {
      const current = this.requirePresentHolder(holder.badge);
      if (relief) return [{ kind: 'duty.stepped-away', actor: relief.badge, data: { badge: current.badge, name: current.name, relief: { badge: relief.badge, name: relief.name } } }];
      return [{ kind: 'duty.absent', actor: holder.badge, data: { badge: current.badge, name: current.name } }];
    });
    return this.onDuty()!;
  }

  /** H3: the person on duty is back (their badge); the time away is recorded, and whether a relief covered it. */
  async returnToDuty(holderBadge: string): Promise<OnDuty> {
    const holder = personOf(holderBadge, this.deps.config.roster);
    await this.deps.record(({ at }) => {
      const current = this.deps.duty().onDuty();
      if (current?.badge !== holder.badge) throw new Refused('not-on-duty', current ? `${current.name} (${current.badge}) is on duty, not ${holder.name}` : 'nobody is on duty');
      const away = current.relief?.since ?? current.absentSince;
      if (!away) return [];
      const minutes = Math.round((Date.parse(at) - Date.parse(away)) / 60_000);
      const covered = current.relief ? { relief: { badge: current.relief.badge, name: current.relief.name } } : { absent: true };
      return [{ kind: 'duty.returned', actor: holder.badge, data: { badge: holder.badge, name: holder.name, awayFrom: away, minutes, ...covered } }];
    });
    return this.onDuty()!;
  }

  /**
   * H5: the first scan of someone who may be on duty, while someone else is, in the shift now
   * running is their arrival (the incoming operator is due 5 minutes before the change), recorded
   * so that it holds however late the handover begins and across a restart.
   */
  async noteArrival(person: Person): Promise<void> {
    if (!mayBeOnDuty(person)) return;
    const { shifts, site } = this.deps.config;
    await this.deps.record(({ at }) => {
      const holder = this.deps.duty().onDuty();
      if (!holder || holder.badge === person.badge) return [];
      const shift = shiftAt(Date.parse(at), shifts, site.timezone);
      if (this.deps.duty().arrivedSince(person.badge, shift.from) !== undefined) return [];
      return [{ kind: 'duty.arrived', actor: person.badge, data: { ...who(person) } }];
    });
  }

  /** The badge of the person on duty when they are away (relieved or absent): their next scan returns them. */
  awayHolder(): string | null {
    const current = this.deps.duty().onDuty();
    return current && (current.relief || current.absentSince) ? current.badge : null;
  }

  /**
   * H8: a supervisor or above signs on beside the person on duty (on holidays and special days a
   * mid-level manager must be on duty). Their own badge, on the duty screen (F6).
   */
  async signOnSecond(badge: string): Promise<SecondOnDuty> {
    const person = personOf(badge, this.deps.config.roster);
    if (!isSupervisorOrAbove(person)) throw new Refused('not-supervisor', `${person.name} (${badge}) is a ${person.role}; only a supervisor or above signs on as the supervisor on duty`);
    await this.deps.record(() => {
      const holder = this.deps.duty().onDuty();
      if (holder?.badge === badge) throw new Refused('same-badge', `${person.name} is already the person on duty; the supervisor on duty is someone beside them`, { name: person.name, side: 'second' });
      const second = this.deps.duty().secondOnDuty();
      if (second?.badge === badge) return [];
      if (second) throw new Refused('second-on-duty', `${second.name} (${second.badge}) is signed on as the supervisor on duty since ${second.since}; they sign off first`);
      return [{ kind: 'duty.second-on', actor: badge, data: { ...who(person) } }];
    });
    return this.secondOnDuty()!;
  }

  /** The supervisor on duty signs off; mid-holiday, leaving an operator alone, that is recorded as an H8 breach. */
  async signOffSecond(badge: string): Promise<void> {
    const person = personOf(badge, this.deps.config.roster);
    await this.deps.record(({ at }) => {
      const second = this.deps.duty().secondOnDuty();
      if (second?.badge !== badge) throw new Refused('not-on-duty', second ? `${second.name} (${second.badge}) is the supervisor on duty, not ${person.name}` : 'no supervisor is signed on beside the person on duty');
      const off = { kind: 'duty.second-off', actor: badge, data: { badge, name: person.name } };
      const holder = this.deps.duty().onDuty();
      const holidays = this.holidaysAt(Date.parse(at));
      if (!holder || !holidayUnstaffed(holidays, holder, null)) return [off];
      const breach: HolidayBreachData = { rule: 'H8', reason: 'supervisor-left', holidays, onDuty: { badge: holder.badge, name: holder.name } };
      return [off, { kind: 'duty.breach', actor: badge, data: { ...breach } }];
    });
  }

  /** H8: the breach recorded and not yet resolved by a supervisor signing on (the status line shows it). */
  holidayBreach(): HolidayBreach | null {
    return this.deps.duty().holidayBreach();
  }

  /** H8: the configured holidays the shift running at `ms` touches. */
  holidaysAt(ms: number): string[] {
    const { shifts, holidays, site } = this.deps.config;
    return holidaysTouched(shiftAt(ms, shifts, site.timezone), holidays, site.timezone);
  }

  /** The duty log of the shifts that start on a local day (the console's F6 shows it; `control-room shift` prints it). */
  log(day: string): Promise<DutyLog> {
    return dutyLogOfDay(this.deps.config, day, this.deps.clock.now());
  }

  private requirePresentHolder(badge: string): OnDuty {
    const current = this.deps.duty().onDuty();
    if (current?.badge !== badge) {
      throw new Refused('not-on-duty', current ? `only ${current.name} (${current.badge}), who is on duty, can step away` : 'nobody is on duty to step away');
    }
    if (current.relief) throw new Refused('away', `${current.name} already stepped away; ${current.relief.name} covers since ${current.relief.since}`);
    if (current.absentSince) throw new Refused('away', `${current.name} is recorded absent since ${current.absentSince}; they scan to return first`);
    return current;
  }
}
