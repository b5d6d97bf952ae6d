import type { Person } from '../config/types.js';
import { mayBeOnDuty } from '../domain/badges.js';
import {
  ITEM_STATES,
  isSupervisorOrAbove,
  overridable,
  refusalsOf,
  type ChecklistItem,
  type HandoverFacts,
  type ItemState,
  type MajorRepair,
  type OpenMajorRepairs,
  type Refusal,
  type UnclearEntry,
} from '../domain/handover-checks.js';
import { handoverChange, holidaysTouched, lateness, shiftAt, shiftEndingAt, type Lateness } from '../domain/shifts.js';
import type { SecondOnDuty } from '../projections/duty.js';
import type { RegisterEntry } from '../projections/entries.js';
import type { JournalEvent } from '../register/event.js';
import { localIso } from '../time/zone.js';
import { personOf, who, type ServiceDeps } from './services.js';
import { Refused } from '../domain/refusal.js';
import { InternalError } from '../domain/refusal.js';
import type { LastHandover } from '../projections/last-handover.js';
import { handedOn, type HandedOn, type OpenWork } from '../projections/open-work.js';

export interface HandoverDeps extends ServiceDeps {
  /** The projected register entries as they stand now. */
  entries: () => RegisterEntry[];
  /** When an entry was recorded (its received time may be earlier: typed in after a radio call). */
  recordedAt: (id: string) => string | undefined;
  /** H4 d: open paid-service orders marked major (the orders service). */
  openMajor: OpenMajorRepairs;
  /** H6, H7: the last accepted handover, which a new session starts from. */
  lastHandover: () => LastHandover | null;
  /** What is open now (H8 breaches since the shift's start), which the incoming operator takes over. */
  openWork: (since: number) => OpenWork;
}

type Someone = ReturnType<typeof who>;

/** Typed text kept to what a form line holds: explanations, pending matters, reasons. */
const MAX_TEXT = 500;
const MAX_PENDING = 30;

function limited(text: string | null, what: string): string | null {
  if (text !== null && text.length > MAX_TEXT) throw new Refused('too-long', `${what} is ${text.length} characters; at most ${MAX_TEXT}`);
  return text;
}

/** What the console shows on the handover screen (F5), as it stands now. */
export interface HandoverView {
  outgoing: Someone;
  /** When the outgoing operator badged to begin (H5: ready 15 minutes before the change). */
  readyAt: string;
  /** The change of shift this handover is for. */
  change: string;
  /** The shift being handed over and the one being taken. */
  shift: { from: string; to: string };
  incomingShift: { from: string; to: string; holidays: string[] };
  timing: Lateness;
  /** H4 a (R6): entries of the outgoing operator's shift still missing required fields. */
  unclear: UnclearEntry[];
  /** The open work the incoming operator takes over, as it stands now. */
  openWork: OpenWork;
  /** H4 b: null until confirmed either way. */
  roomClean: boolean | null;
  /** H6: one line per configured item; damage and loss carried from the last handover until changed. */
  checklist: ChecklistItem[];
  /** H6, H7: the last accepted handover this one starts from, or null for the first. */
  previous: { seq: number; at: string; checklist: ChecklistItem[] } | null;
  /** H4 d. */
  majorRepairs: MajorRepair[];
  /** H7: the matters the last handover handed on, each done or carried again (carried unless marked done). */
  carried: CarriedMatter[];
  /** H7: new matters typed by the outgoing operator. */
  pending: string[];
  /** H8: the supervisor signed on beside the person on duty, if any. */
  secondOnDuty: SecondOnDuty | null;
  /** The incoming operator who last badged, and when they first did (H5). */
  incoming: (Someone & { arrivedAt: string }) | null;
  /** Set by expectOverride: the next supervisor's scan overrides with this reason. */
  awaitingOverride: { reason: string } | null;
  /** What would refuse the handover now (H8 assumes an operator until the incoming has badged). */
  refusals: Refusal[];
  lastRefused: { at: string; reasons: Refusal[] } | null;
}

export type HandoverResult =
  | { outcome: 'accepted'; event: JournalEvent; overridden: boolean }
  | { outcome: 'refused'; event: JournalEvent; refusals: Refusal[] };

/** H7: a pending matter handed on by the last handover: done now, or carried again. */
export interface CarriedMatter {
  matter: string;
  done: boolean;
}

/** The data both `handover.refused` and `handover.accepted` carry. */
export interface HandoverRecordData {
  outgoing: Someone;
  incoming: Someone;
  change: string;
  shift: { from: string; to: string };
  timing: Lateness;
  roomClean: boolean | null;
  checklist: ChecklistItem[];
  /** H7: the matters handed on now: those of the last handover carried again, then the new ones. */
  pending: string[];
  /** H7: of `pending`, those carried again from the last handover. */
  pendingCarried: string[];
  /** H7: the last handover's matters marked done at this one. */
  pendingDone: string[];
  /** H6, H7: the accepted handover this one started from (its seq and time), null for the first. */
  previous: { seq: number; at: string } | null;
  /** What was still open when the incoming operator signed: counts and ids. */
  openWork: HandedOn;
  unclear: UnclearEntry[];
  majorRepairs: MajorRepair[];
  holidays: string[];
  supervisorOnDuty: Someone | null;
}

export interface HandoverRefusedData extends HandoverRecordData {
  reasons: Refusal[];
}

export interface HandoverAcceptedData extends HandoverRecordData {
  /** Present when a supervisor accepted over refusals (H4), with their reason. */
  override?: Someone & { reason: string; refusals: Refusal[] };
}

/**
 * Shift handover (H4-H8), one short session at a time: the outgoing operator badges to begin,
 * the checks are filled in, the incoming operator badges to accept. Nothing is recorded until
 * the incoming operator badges; each refusal and the acceptance are recorded then.
 */
export class HandoverService {
  private session: HandoverSession | null = null;

  constructor(private readonly deps: HandoverDeps) {}

  /**
   * The outgoing operator badged on the handover screen. Only the person on duty, present (not
   * stepped away), can begin; their badge again returns the session already under way.
   */
  begin(badge: string): HandoverSession {
    const person = personOf(badge, this.deps.config.roster, 'outgoing badge');
    const open = this.current();
    if (open) {
      if (open.outgoing.badge === badge) return open;
      throw new Refused('handover-open', `a handover by ${open.outgoing.name} (${open.outgoing.badge}) is under way; finish or cancel it first`);
    }
    const holder = this.deps.duty().onDuty();
    if (!holder) throw new Refused('nobody-on-duty', 'nobody is on duty, so there is no shift to hand over; an operator signs on by scanning their badge');
    if (holder.badge !== badge) {
      throw new Refused('not-on-duty', `only ${holder.name} (${holder.badge}), who is on duty, can begin a handover; ${person.name} is the incoming side and badges once the checks are done`);
    }
    if (holder.relief || holder.absentSince) throw new Refused('away', `${holder.name} is recorded as away; scan your badge to return first, then begin the handover`);
    const now = this.deps.clock.now();
    const { shifts } = this.deps.config;
    const since = Date.parse(holder.since);
    // H5: the shift the outgoing operator is on duty for; someone who signed on mid-shift closes that one.
    const change = handoverChange(now, since, shifts, this.deps.config.site.timezone);
    // The shift's entries: from its start, or from when the outgoing operator took duty if earlier.
    const from = Math.min(shiftEndingAt(change, shifts, this.deps.config.site.timezone).from, since);
    this.session = new HandoverSession(this.deps, person, now, change, since, from, () => {
      this.session = null;
    });
    this.deps.bus.emit('handover-changed', this.session.view());
    return this.session;
  }

  /** The handover under way, or null. A session ends by itself when its outgoing operator is no longer on duty. */
  current(): HandoverSession | null {
    if (this.session && this.deps.duty().onDuty()?.badge !== this.session.outgoing.badge) this.session.end();
    return this.session;
  }
}

export class HandoverSession {
  private roomClean: boolean | null = null;
  private readonly checklist: ChecklistItem[];
  private readonly previous: LastHandover | null;
  private readonly carried: CarriedMatter[];
  private pending: string[] = [];
  private incoming: { person: Person; arrivedAt: number } | null = null;
  /** H5: when each incoming badge first signed in this session (an earlier scan, `duty.arrived`, counts first). */
  private readonly arrivals = new Map<string, number>();
  private overrideReason: string | null = null;
  private lastRefused: { at: string; reasons: Refusal[] } | null = null;
  private closed: 'accepted' | 'cancelled' | 'ended' | null = null;
  /** Signatures one after the other: a double scan sees the first one's outcome. */
  private signing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: HandoverDeps,
    readonly outgoing: Person,
    readonly readyAt: number,
    readonly change: number,
    /** When the outgoing operator took duty (H5: not due before it). */
    private readonly outgoingSince: number,
    private readonly entriesFrom: number,
    private readonly onClose: () => void,
  ) {
    this.previous = deps.lastHandover();
    // H6: item states carry to the next handover until changed: damage and loss stay with their
    // explanations (a missing item still refuses, H4 c); what was present is checked afresh.
    this.checklist = deps.config.inventory.map((item) => {
      const before = this.previous?.checklist.find((i) => i.item === item);
      return before && (before.state === 'damaged' || before.state === 'missing') ? { item, state: before.state, explanation: before.explanation } : { item, state: null, explanation: null };
    });
    // H7: the pending matters handed on last time come back, each to be marked done or carried again.
    this.carried = (this.previous?.pending ?? []).map((matter) => ({ matter, done: false }));
  }

  get open(): boolean {
    return this.closed === null;
  }

  /** H4 b: the incoming operator confirms the room clean (or not). */
  confirmRoomClean(clean: boolean): HandoverView {
    this.requireOpen();
    this.roomClean = clean;
    return this.changed();
  }

  /**
   * H6: the incoming operator's finding for an item, with the outgoing operator's explanation of
   * damage or loss. Without an explanation given (undefined) the one already written stands: an
   * item found again keeps the account of its loss.
   */
  checkItem(item: string, state: ItemState, explanation?: string | null): HandoverView {
    this.requireOpen();
    const line = this.checklist.find((i) => i.item === item);
    if (!line) throw new Refused('unknown-item', `"${item}" is not on the inventory checklist (${this.checklist.map((i) => i.item).join(', ') || 'none configured'}); items come from "inventory" in the configuration`);
    if (!ITEM_STATES.includes(state)) throw new Refused('bad-item-state', `item state "${String(state)}" is not one of ${ITEM_STATES.join(', ')}`);
    const explained = explanation === undefined ? line.explanation : limited(explanation?.trim() || null, `the explanation of ${item}`);
    line.state = state;
    line.explanation = explained;
    return this.changed();
  }

  /** H6: every item not yet checked is present (one key on the console); checked ones stay as they are. */
  checkAllPresent(): HandoverView {
    this.requireOpen();
    for (const line of this.checklist) if (line.state === null) line.state = 'present';
    return this.changed();
  }

  /** H7: the new pending matters, as the outgoing operator typed them (blank lines dropped). */
  setPending(matters: readonly string[]): HandoverView {
    this.requireOpen();
    const kept = matters.map((m) => m.trim()).filter((m) => m.length > 0);
    const total = kept.length + this.carried.filter((c) => !c.done).length;
    if (total > MAX_PENDING) throw new Refused('too-long', `${total} pending matters; at most ${MAX_PENDING}: put related ones on one line`);
    this.pending = kept.map((m, i) => limited(m, `pending matter ${i + 1}`)!);
    return this.changed();
  }

  /** H7: a matter the last handover handed on (by its place in `carried`) is done, or carried again. */
  markCarried(index: number, done: boolean): HandoverView {
    this.requireOpen();
    const matter = this.carried[index];
    if (!matter) throw new Refused('unknown-item', `there is no pending matter ${index + 1} from the last handover (${this.carried.length} were handed on)`);
    matter.done = done;
    return this.changed();
  }

  /**
   * H4: a supervisor will override the refusals with this reason; their next badge scan (through
   * `scan`) accepts. The incoming operator must have badged already.
   */
  expectOverride(reason: string): HandoverView {
    this.requireOpen();
    if (!this.incoming) throw new Refused('no-incoming', 'the incoming operator badges first; an override then accepts the shift for them');
    if (!reason.trim()) throw new Refused('no-reason', 'an override needs a written reason (why the shift is taken over despite the refusals)');
    this.overrideReason = limited(reason.trim(), 'the override reason');
    return this.changed();
  }

  cancelOverride(): HandoverView {
    this.overrideReason = null;
    return this.changed();
  }

  /**
   * A badge scanned while the handover screen is open: a supervisor's badge when an override is
   * expected overrides; any other badge signs as the incoming operator.
   */
  async scan(badge: string): Promise<HandoverResult> {
    const person = personOf(badge, this.deps.config.roster);
    if (this.overrideReason !== null && person.badge !== this.outgoing.badge && isSupervisorOrAbove(person)) return this.override(badge, this.overrideReason);
    return this.sign(badge);
  }

  /**
   * The incoming operator badges (H7). Refused with its reasons while any refusal holds (the
   * outgoing operator stays on duty and the session stays open for the fixes); otherwise accepted
   * and duty passes to them.
   */
  sign(badge: string): Promise<HandoverResult> {
    return this.serially(async () => {
      this.requireOpen();
      const person = personOf(badge, this.deps.config.roster, 'incoming badge');
      if (person.badge === this.outgoing.badge) {
        throw new Refused('same-badge', `${person.name} (${badge}) began this handover as the outgoing operator; the same badge cannot sign both sides. The incoming operator scans their own badge`, { name: person.name, side: 'handover' });
      }
      if (!mayBeOnDuty(person)) throw new Refused('not-duty-role', `${person.name} (${badge}) is a ${person.role} and cannot take the shift; the incoming operator scans their badge`);
      if (!this.arrivals.has(person.badge)) this.arrivals.set(person.badge, this.deps.clock.now());
      // H5: their first scan in the shift being handed over, if earlier than this signature.
      const zone = this.deps.config.site.timezone;
      const scanned = this.deps.duty().arrivedSince(person.badge, shiftEndingAt(this.change, this.deps.config.shifts, zone).from);
      this.incoming = { person, arrivedAt: Math.min(scanned ?? Number.POSITIVE_INFINITY, this.arrivals.get(person.badge)!) };
      return this.decide(null);
    });
  }

  /** H4: a supervisor or above accepts over the refusals with a written reason (H8 cannot be overridden). */
  override(badge: string, reason: string): Promise<HandoverResult> {
    return this.serially(async () => {
      this.requireOpen();
      const person = personOf(badge, this.deps.config.roster, 'override badge');
      if (!isSupervisorOrAbove(person)) {
        throw new Refused('not-supervisor', `${person.name} (${badge}) is a ${person.role}; only a supervisor or above can override a refused handover`);
      }
      if (person.badge === this.outgoing.badge) throw new Refused('same-badge', `${person.name} is the outgoing operator and cannot override their own handover's refusals`, { name: person.name, side: 'override' });
      if (!reason.trim()) throw new Refused('no-reason', 'an override needs a written reason (why the shift is taken over despite the refusals)');
      if (!this.incoming) throw new Refused('no-incoming', 'the incoming operator badges first; an override then accepts the shift for them');
      return this.decide({ person, reason: limited(reason.trim(), 'the override reason')! });
    });
  }

  /** Leaves the handover screen without a handover; refusals already recorded stay recorded. */
  cancel(): void {
    if (!this.open) return;
    this.closed = 'cancelled';
    this.onClose();
    this.deps.bus.emit('handover-changed', null);
  }

  /** The outgoing operator is no longer on duty (signed off, ended by the system). */
  end(): void {
    if (!this.open) return;
    this.closed = 'ended';
    this.onClose();
    this.deps.bus.emit('handover-changed', null);
  }

  view(): HandoverView {
    const zone = this.deps.config.site.timezone;
    const now = this.deps.clock.now();
    const facts = this.facts(this.incoming?.person ?? null, now);
    const incomingShift = shiftAt(this.change, this.deps.config.shifts, zone);
    const shift = shiftEndingAt(this.change, this.deps.config.shifts, zone);
    return {
      outgoing: who(this.outgoing),
      readyAt: localIso(this.readyAt, zone),
      change: localIso(this.change, zone),
      shift: { from: localIso(shift.from, zone), to: localIso(shift.to, zone) },
      incomingShift: { from: localIso(incomingShift.from, zone), to: localIso(incomingShift.to, zone), holidays: facts.holidays },
      timing: lateness(this.change, this.readyAt, this.incoming?.arrivedAt ?? null, zone, this.outgoingSince),
      unclear: facts.unclear,
      openWork: this.deps.openWork(this.entriesFrom),
      roomClean: this.roomClean,
      checklist: this.checklist.map((i) => ({ ...i })),
      previous: this.previous ? { seq: this.previous.seq, at: this.previous.at, checklist: this.previous.checklist.map((i) => ({ ...i })) } : null,
      majorRepairs: facts.majorRepairs,
      carried: this.carried.map((c) => ({ ...c })),
      pending: [...this.pending],
      secondOnDuty: this.deps.duty().secondOnDuty(),
      incoming: this.incoming ? { ...who(this.incoming.person), arrivedAt: localIso(this.incoming.arrivedAt, zone) } : null,
      awaitingOverride: this.overrideReason !== null ? { reason: this.overrideReason } : null,
      refusals: refusalsOf(facts),
      lastRefused: this.lastRefused,
    };
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const run = this.signing.then(step);
    this.signing = run.catch(() => undefined);
    return run;
  }

  /** Everything the refusals are computed from, taken from the register and the duty board now. */
  private facts(incoming: Person | null, now: number): HandoverFacts {
    const zone = this.deps.config.site.timezone;
    const unclear = this.deps
      .entries()
      // The shift's entries: received during it, or recorded during it with an earlier received
      // time (a backdated entry must not slip past H4 a).
      .filter((e) => {
        if (e.unclear.length === 0) return false;
        const inShift = (iso: string | undefined) => iso !== undefined && Date.parse(iso) >= this.entriesFrom && Date.parse(iso) <= now;
        return inShift(e.receivedAt) || inShift(this.deps.recordedAt(e.id));
      })
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((e) => ({ id: e.id, receivedAt: e.receivedAt, unclear: [...e.unclear] }));
    const second = this.deps.duty().secondOnDuty();
    const secondCounts = second !== null && second.badge !== this.outgoing.badge;
    return {
      unclear,
      roomClean: this.roomClean,
      checklist: this.checklist.map((i) => ({ ...i })),
      majorRepairs: this.deps.openMajor(),
      holidays: holidaysTouched(shiftAt(this.change, this.deps.config.shifts, zone), this.deps.config.holidays, zone),
      supervisorOnDuty: (incoming !== null && isSupervisorOrAbove(incoming)) || secondCounts,
    };
  }

  /** Decided inside the write, so the register it judges is the one the record follows. */
  private async decide(override: { person: Person; reason: string } | null): Promise<HandoverResult> {
    const incoming = this.incoming!;
    const zone = this.deps.config.site.timezone;
    const recorded = await this.deps.record(({ at }) => {
      // Cancelled (or ended) while this signature waited for the write: it decides nothing.
      if (!this.open) throw new Refused('handover-closed', 'this handover was cancelled or ended before the signature was recorded; begin it again');
      const holder = this.deps.duty().onDuty();
      if (holder?.badge !== this.outgoing.badge) throw new Refused('not-on-duty', `${this.outgoing.name} is no longer on duty; this handover has ended`);
      if (holder.relief || holder.absentSince) throw new Refused('away', `${holder.name} is recorded as away; they scan their badge to return before handing over`);
      const facts = this.facts(incoming.person, Date.parse(at));
      const refusals = refusalsOf(facts);
      const second = this.deps.duty().secondOnDuty();
      const supervisor = isSupervisorOrAbove(incoming.person) ? who(incoming.person) : second && second.badge !== this.outgoing.badge ? { badge: second.badge, name: second.name, role: second.role } : null;
      const shift = shiftEndingAt(this.change, this.deps.config.shifts, zone);
      const carriedAgain = this.carried.filter((c) => !c.done).map((c) => c.matter);
      const data: HandoverRecordData = {
        outgoing: who(this.outgoing),
        incoming: who(incoming.person),
        change: localIso(this.change, zone),
        shift: { from: localIso(shift.from, zone), to: localIso(shift.to, zone) },
        timing: lateness(this.change, this.readyAt, incoming.arrivedAt, zone, this.outgoingSince),
        roomClean: facts.roomClean,
        checklist: facts.checklist,
        pending: [...carriedAgain, ...this.pending],
        pendingCarried: carriedAgain,
        pendingDone: this.carried.filter((c) => c.done).map((c) => c.matter),
        previous: this.previous ? { seq: this.previous.seq, at: this.previous.at } : null,
        openWork: handedOn(this.deps.openWork(this.entriesFrom)),
        unclear: facts.unclear,
        majorRepairs: facts.majorRepairs,
        holidays: facts.holidays,
        supervisorOnDuty: supervisor,
      };
      const actor = incoming.person.badge;
      if (refusals.length === 0) return [{ kind: 'handover.accepted', actor, data: { ...data } }];
      if (!override) {
        const refused: HandoverRefusedData = { ...data, reasons: refusals };
        return [{ kind: 'handover.refused', actor, data: { ...refused } }];
      }
      const fixed = refusals.filter((r) => !overridable(r));
      if (fixed.length > 0) {
        throw new Refused('holiday-supervisor', `${fixed.map((r) => r.text).join('; ')}. An override cannot replace that: ${override.person.name} can sign on as the supervisor on duty (F6), or a supervisor takes the shift`);
      }
      const accepted: HandoverAcceptedData = { ...data, override: { ...who(override.person), reason: override.reason, refusals } };
      return [{ kind: 'handover.accepted', actor, data: { ...accepted } }];
    });
    // The last event: a write after midnight begins with the previous day's day.closed.
    const event = recorded.at(-1);
    if (!event) throw new InternalError('the handover was not recorded');
    if (event.kind === 'handover.accepted') {
      this.closed = 'accepted';
      this.onClose();
      this.deps.bus.emit('handover-changed', null);
      return { outcome: 'accepted', event, overridden: 'override' in event.data };
    }
    const reasons = (event.data as unknown as HandoverRefusedData).reasons;
    this.lastRefused = { at: event.at, reasons };
    this.overrideReason = null;
    this.deps.bus.emit('handover-changed', this.view());
    return { outcome: 'refused', event, refusals: reasons };
  }

  private changed(): HandoverView {
    const v = this.view();
    this.deps.bus.emit('handover-changed', v);
    return v;
  }

  private requireOpen(): void {
    if (this.closed === 'accepted') throw new Refused('handover-closed', 'this handover was already accepted');
    if (this.closed) throw new Refused('handover-closed', `this handover was ${this.closed}; the outgoing operator badges again to begin a new one`);
  }
}
