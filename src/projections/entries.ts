import type { Category, Channel } from '../config/types.js';
import { dayOfEntryId, deadlineOf, isOverdue, missingFields, type AmendableField, type EntryFields } from '../domain/entry.js';
import type { JournalEvent } from '../register/event.js';
import { localIso } from '../time/zone.js';

export interface EntryChange {
  at: string;
  actor: string;
  reason: string;
  changes: Partial<Record<AmendableField, { from: string | null; to: string | null }>>;
}

/** One row of the register as it stands now: corrections applied, with their history. */
export interface RegisterEntry {
  id: string;
  receivedAt: string;
  channel: Channel;
  station: string | null;
  address: string | null;
  /** The address is not one the unit directory knows (typed by hand, not picked). */
  addressUnlisted: boolean;
  resident: string | null;
  phone: string | null;
  category: Category;
  content: string | null;
  appointmentAt: string | null;
  status: 'open' | 'closed';
  firstResponder: string;
  orderNo: string | null;
  /** R6: required fields still missing; empty when the entry is clear. */
  unclear: string[];
  /** R5/F1: when it becomes overdue while open. */
  deadline: string;
  overdue: boolean;
  closedAt: string | null;
  result: string | null;
  /** R4: who closed it (the first responder, or a supervisor for them), and the supervisor's reason. */
  closedBy: string | null;
  closeReason: string | null;
  /** True once personal data was purged at the end of its retention (P1). */
  piiPurged: boolean;
  history: EntryChange[];
}

/** The data of `entry.created`; personal fields travel in the event's pii. */
export interface EntryCreatedData {
  id: string;
  receivedAt: string;
  channel: Channel;
  station?: string;
  address?: string;
  /** Set when the address was not in the unit directory when recorded. */
  addressUnlisted?: true;
  category: Category;
  content?: string;
  appointmentAt?: string;
  firstResponder: string;
  callId?: string;
  /** Which personal fields were given (their values are in pii), so a purge cannot make it look unclear. */
  piiFields?: PiiField[];
}

type PiiField = 'resident' | 'phone';

/** Stands in the rule check for a personal field that was given but purged at the end of retention. */
const PURGED = '(purged)';

export interface EntryAmendedData {
  id: string;
  reason: string;
  /** Non-personal fields changed; a field set to null was cleared. */
  changes: Partial<Record<AmendableField, string | null>>;
  /** Personal fields given a new value; the values travel in the event's pii. */
  piiFields?: PiiField[];
  /** Personal fields cleared. */
  piiCleared?: PiiField[];
  /** With a changed address: whether the new one is outside the unit directory. */
  addressUnlisted?: boolean;
}

export interface EntryClosedData {
  id: string;
  result: string;
  /** R4: a supervisor closed it for this first responder, for this reason. */
  for?: string;
  reason?: string;
}

interface Tracked {
  fields: EntryFields;
  entry: Omit<RegisterEntry, 'unclear' | 'deadline' | 'overdue'>;
}

/**
 * The register projection: folds entry events into entries. Fed in journal order; an amendment or
 * closing for an entry it has not seen (outside the days it was fed) is ignored.
 */
export class EntryBook {
  private readonly byId = new Map<string, Tracked>();
  /** When each entry was recorded (its `entry.created`), which its received time may precede. */
  private readonly recorded = new Map<string, string>();

  private readonly isoOf: (ms: number) => string;

  constructor(
    timezone: string,
    private readonly deadlineHours: Record<Category, number>,
    /** How a deadline is written (localIso in the zone); the desk's pages pass one that remembers the zone's offsets. */
    isoOf?: (ms: number) => string,
  ) {
    this.isoOf = isoOf ?? ((ms) => localIso(ms, timezone));
  }

  apply(event: JournalEvent): void {
    switch (event.kind) {
      case 'entry.created':
        this.created(event);
        this.recorded.set((event.data as { id: string }).id, event.at);
        break;
      case 'entry.amended':
        this.amended(event);
        break;
      case 'entry.closed':
        this.closed(event);
        break;
      case 'order.created':
        this.ordered(event);
        break;
      default:
    }
  }

  applyAll(events: Iterable<JournalEvent>): this {
    for (const e of events) this.apply(e);
    return this;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string, now: number): RegisterEntry | undefined {
    const t = this.byId.get(id);
    return t ? this.view(t, now) : undefined;
  }

  /** The entries recorded on a local day (the day in their id), in order. */
  ofDay(day: string, now: number): RegisterEntry[] {
    return [...this.byId.values()].filter((t) => dayOfEntryId(t.entry.id) === day).map((t) => this.view(t, now));
  }

  recordedAt(id: string): string | undefined {
    return this.recorded.get(id);
  }

  /** R5: the day of the oldest entry still open (its id's day), so that a restart reads the journal back that far. */
  oldestOpenDay(): string | null {
    let oldest: string | null = null;
    for (const t of this.byId.values()) {
      const day = t.entry.status === 'open' ? dayOfEntryId(t.entry.id) : undefined;
      if (day && (oldest === null || day < oldest)) oldest = day;
    }
    return oldest;
  }

  /** R5: the open entries past their deadline, and only those (a year's register has tens of thousands of others). */
  overdue(now: number): RegisterEntry[] {
    return [...this.byId.values()]
      .filter((t) => t.entry.status === 'open' && isOverdue(true, deadlineOf(t.fields, t.entry.receivedAt, this.deadlineHours), now))
      .map((t) => this.view(t, now));
  }

  /** Entries still open, oldest first (received, then id): only those are built. */
  open(now: number): RegisterEntry[] {
    return [...this.byId.values()]
      .filter((t) => t.entry.status === 'open')
      .map((t) => this.view(t, now))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.id.localeCompare(b.id));
  }

  all(now: number): RegisterEntry[] {
    return [...this.byId.values()].map((t) => this.view(t, now));
  }

  private view(t: Tracked, now: number): RegisterEntry {
    const deadline = deadlineOf(t.fields, t.entry.receivedAt, this.deadlineHours);
    return {
      ...t.entry,
      history: [...t.entry.history],
      unclear: missingFields(t.fields),
      deadline: this.isoOf(deadline),
      overdue: isOverdue(t.entry.status === 'open', deadline, now),
    };
  }

  private created(event: JournalEvent): void {
    const d = event.data as unknown as EntryCreatedData;
    const purged = event.piiDigest !== undefined && event.pii === undefined;
    const fields: EntryFields = {
      channel: d.channel,
      category: d.category,
      ...(d.station ? { station: d.station } : {}),
      ...(d.address ? { address: d.address } : {}),
      ...(d.content ? { content: d.content } : {}),
      ...(d.appointmentAt ? { appointmentAt: d.appointmentAt } : {}),
    };
    for (const key of d.piiFields ?? (Object.keys(event.pii ?? {}) as PiiField[])) {
      const value = event.pii?.[key] ?? (purged ? PURGED : undefined);
      if (value) fields[key] = value;
    }
    this.byId.set(d.id, {
      fields,
      entry: {
        id: d.id,
        receivedAt: d.receivedAt,
        channel: d.channel,
        station: d.station ?? null,
        address: d.address ?? null,
        addressUnlisted: d.addressUnlisted === true,
        resident: event.pii?.resident ?? null,
        phone: event.pii?.phone ?? null,
        category: d.category,
        content: d.content ?? null,
        appointmentAt: d.appointmentAt ?? null,
        status: 'open',
        firstResponder: d.firstResponder,
        orderNo: null,
        closedAt: null,
        result: null,
        closedBy: null,
        closeReason: null,
        piiPurged: purged,
        history: [],
      },
    });
  }

  private amended(event: JournalEvent): void {
    const d = event.data as unknown as EntryAmendedData;
    const t = this.byId.get(d.id);
    if (!t) return;
    const next: Partial<Record<AmendableField, string | null>> = { ...d.changes };
    const purged = event.pii === undefined && (d.piiFields?.length ?? 0) > 0;
    for (const key of d.piiFields ?? []) next[key] = event.pii?.[key] ?? null;
    for (const key of d.piiCleared ?? []) next[key] = null;
    if (purged) t.entry.piiPurged = true;
    const change: EntryChange = { at: event.at, actor: event.actor, reason: d.reason, changes: {} };
    for (const [field, value] of Object.entries(next) as [AmendableField, string | null][]) {
      const from = (t.entry[field] as string | null) ?? null;
      change.changes[field] = { from, to: value };
      (t.entry as Record<string, unknown>)[field] = value;
      if (value === null) delete (t.fields as unknown as Record<string, unknown>)[field];
      else (t.fields as unknown as Record<string, unknown>)[field] = value;
    }
    if (d.addressUnlisted !== undefined) t.entry.addressUnlisted = d.addressUnlisted;
    // A value given but since purged still counts as given (R6 looks at what was recorded then).
    if (purged) for (const key of d.piiFields ?? []) t.fields[key] = PURGED;
    t.entry.history.push(change);
  }

  /** R3: the paid-service order made from the entry; a later order (the first cancelled) replaces it. */
  private ordered(event: JournalEvent): void {
    const d = event.data as { orderNo: string; entryId: string };
    const t = this.byId.get(d.entryId);
    if (t) t.entry.orderNo = d.orderNo;
  }

  private closed(event: JournalEvent): void {
    const d = event.data as unknown as EntryClosedData;
    const t = this.byId.get(d.id);
    if (!t) return;
    t.entry.status = 'closed';
    t.entry.closedAt = event.at;
    t.entry.result = d.result;
    t.entry.closedBy = event.actor;
    t.entry.closeReason = d.reason ?? null;
  }
}
