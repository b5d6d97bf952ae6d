import { mkdir } from 'node:fs/promises';
import { DateTime } from 'luxon';
import type { SiteConfig } from '../config/types.js';
import { AMENDABLE_FIELDS, PII_FIELDS, dayOfEntryId, entryId, type AmendableField, type EntryFields } from '../domain/entry.js';
import { silentLogger, type Logger } from '../log.js';
import { PROJECTED_DAYS, projectionWindow } from '../projections/window.js';
import { DutyBoard, type OnDuty } from '../projections/duty.js';
import { checkBadge, mayBeOnDuty, type BadgeCheck } from '../domain/badges.js';
import { maskScan } from '../../devices/badge/badge-code.js';
import { EntryBook, type EntryAmendedData, type EntryClosedData, type EntryCreatedData, type RegisterEntry } from '../projections/entries.js';
import { closingRefusal } from '../domain/first-responder.js';
import { refuse, Refused } from '../domain/refusal.js';
import type { JournalEvent, Pii } from '../register/event.js';
import { Journal } from '../register/journal.js';
import { layout, listDayFiles } from '../register/layout.js';
import { DirLock } from '../register/lock.js';
import { readSince } from '../register/reader.js';
import { purgePiiBefore, type PurgeResult } from '../register/retention.js';
import { loadOrCreateSiteKey } from '../register/site-key.js';
import { systemClock, type Clock } from '../time/clock.js';
import { DailyTimer } from '../time/daily-timer.js';
import { localDay, previousDay } from '../time/zone.js';
import type { PanelDevice } from '../../devices/intercom/panel.js';
import type { BadgeReader } from '../../devices/badge/reader.js';
import type { LinkState } from '../../devices/link.js';
import type { PanelMessage } from '../../devices/intercom/messages.js';
import { directoryOf, panelEvent, type Directory } from '../domain/panel-events.js';
import { CallBoard, type AlarmView, type CallbackOwed, type CallView } from '../projections/calls.js';
import { localIso } from '../time/zone.js';
import { SyncService, type SyncOutcome } from '../sync/service.js';
import { EngineBus } from './bus.js';
import { addressUnlisted, checkEntryInput, type EntryInput } from './entry-input.js';
import { OrderBoard } from '../projections/orders.js';
import { OrderService } from './orders.js';
import { unfinishedMajorRepairs, type MajorRepair, type OpenMajorRepairs } from '../domain/handover-checks.js';
import { holidayUnstaffed, type HolidayBreachData } from '../domain/holiday-duty.js';
import { DutyService } from './duty-service.js';
import { EscalationService } from './escalations.js';
import { HandoverService } from './handover.js';
import { LastHandoverBoard } from '../projections/last-handover.js';
import { owedByStation, type OpenWork } from '../projections/open-work.js';
import { SCAN_REFUSAL_EN, type ScanRefusal } from '../../devices/badge/scan-refusal.js';

export interface EngineOptions {
  clock?: Clock;
  logger?: Logger;
  /** Run the midnight day-close and retention purge on a timer (the daemon does; tests drive it). */
  schedule?: boolean;
  /** H4 d: the unfinished major repairs the handover sees (default: the engine's own). */
  openMajorRepairs?: OpenMajorRepairs;
}


/**
 * The register's only writer. Devices and the console call its commands; it appends to the journal,
 * keeps the projections current and tells the bus. A command resolves only once what it recorded
 * is durable.
 */
export class Engine {
  readonly bus = new EngineBus();
  private entries: EntryBook;
  private calls: CallBoard;
  private duty = new DutyBoard();
  /** H6, H7: the last accepted handover, which the next one starts from. */
  private readonly lastHandover = new LastHandoverBoard();
  private readonly orderBoard: OrderBoard;
  /** Paid-service orders (W1-W9): the console's commands for them. */
  readonly orders: OrderService;
  private readonly directory: Directory;
  private panel: PanelDevice | undefined;
  /** Panel frames recorded recently (since its last restart), for recognising its resends after ours. */
  private recentPanelFrames: { seq: number; body: string; at: number }[] = [];
  private timer: DailyTimer | undefined;
  /** The day close and purge under way, if any; stop() lets it finish. */
  private daily: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  private stopped = false;
  /** Duty beyond sign on/off: stepping away, returning, the supervisor on duty, the duty log (H1, H3, H8). */
  readonly shift: DutyService;
  /** Shift handover sessions (H4-H8). */
  readonly handover: HandoverService;
  /** Escalations to the service-desk director (H9). */
  readonly escalations: EscalationService;
  /** Sync to the service desk (R8): its schedule, `syncNow()` for F9, `state()` for the status line. */
  readonly sync: SyncService;

  private constructor(
    readonly config: SiteConfig,
    private readonly journal: Journal,
    private readonly lock: DirLock,
    readonly clock: Clock,
    private readonly log: Logger,
    options: EngineOptions = {},
  ) {
    this.entries = new EntryBook(config.site.timezone, config.deadlineHours);
    this.calls = new CallBoard(config.callbackMinutes * 60_000);
    this.directory = directoryOf(config.units);
    this.orderBoard = new OrderBoard(config.site.timezone, config.workStandardMinutes);
    this.orders = new OrderService({
      config,
      clock,
      board: this.orderBoard,
      bus: this.bus,
      record: (drafts) => this.record(drafts),
      entry: (id) => this.requireEntry(id),
    });
    const deps = { config, clock, bus: this.bus, record: (d: Parameters<Journal['append']>[0]) => this.record(d), duty: () => this.duty };
    this.shift = new DutyService(deps);
    this.handover = new HandoverService({
      ...deps,
      entries: () => this.entries.all(this.clock.now()),
      recordedAt: (id) => this.entries.recordedAt(id),
      openMajor: options.openMajorRepairs ?? (() => this.openMajorRepairs()),
      lastHandover: () => this.lastHandover.get(),
      openWork: (since) => this.openWork(since),
    });
    this.escalations = new EscalationService({ ...deps, entry: (id) => this.entry(id) });
    this.sync = new SyncService({ config, clock, log, notify: (state) => this.bus.emit('sync-state', state), headSeq: () => this.head.seq });
  }

  /**
   * Takes the data directory (refusing if another daemon has it), opens and checks the journal,
   * rebuilds the projections and closes any finished day.
   */
  static async start(config: SiteConfig, options: EngineOptions = {}): Promise<Engine> {
    const clock = options.clock ?? systemClock;
    const log = options.logger ?? silentLogger();
    await mkdir(config.dataDir, { recursive: true });
    const lock = await DirLock.acquire(config.dataDir, layout.lock(config.dataDir));
    try {
      const empty = (await listDayFiles(config.dataDir)).length === 0;
      const siteKey = await loadOrCreateSiteKey(config.dataDir, empty);
      // The engine is made after the journal; the journal asks it for its closing note only later.
      let engine: Engine | undefined;
      const closingNote = () => ({
        openSince: earliestDay(engine?.calls.oldestOpenDay(), engine?.orderBoard.oldestOpenDay(), engine?.escalations.oldestOpenDay(), engine?.entries.oldestOpenDay()),
        onDuty: engine?.duty.onDuty() ?? null,
        secondOnDuty: engine?.duty.secondOnDuty() ?? null,
        holidayBreach: engine?.duty.holidayBreach() ?? null,
        lastHandover: engine?.lastHandover.get() ?? null,
      });
      const journal = await Journal.open({
        dataDir: config.dataDir,
        timezone: config.site.timezone,
        clock,
        siteKey,
        closingNote,
        project: (events) => engine?.projectAll(events),
        rebuild: async () => engine?.reloadProjections(),
      });
      const ahead = journal.lastAt - clock.now();
      if (ahead > 5 * 60_000) {
        // Every new event will carry the last event's time until the clock catches up with it.
        log.error(
          { lastEventAt: new Date(journal.lastAt).toISOString(), now: new Date(clock.now()).toISOString() },
          `the system clock is ${Math.round(ahead / 60_000)} minutes behind the journal's last event; events will be stamped with that time until it catches up. Check the clock (NTP) of this PC`,
        );
      }
      engine = new Engine(config, journal, lock, clock, log, options);
      await engine.loadProjections();
      await engine.reportJournalRepairs();
      await engine.closeFinishedDays();
      await engine.endDutyOfInactive();
      if (options.schedule) engine.scheduleMidnight();
      if (options.schedule) await engine.sync.start();
      log.info({ seq: journal.position.nextSeq - 1, dataDir: config.dataDir }, 'register ready');
      return engine;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  get today(): string {
    return localDay(this.clock.now(), this.config.site.timezone);
  }

  /** Appends taken but not yet durable. */
  get backlog(): number {
    return this.journal.backlog;
  }

  /** The last recorded seq and its hash. */
  get head(): { seq: number; hash: string } {
    const p = this.journal.position;
    return { seq: p.nextSeq - 1, hash: p.prev };
  }

  /** Appends events and tells the bus; the low-level door every command goes through. */
  async record(drafts: Parameters<Journal['append']>[0]): Promise<JournalEvent[]> {
    if (this.stopped) throw new Refused('stopped', 'the engine has stopped; nothing more can be recorded');
    // The journal has already projected the events (as it sealed them), so that a check made
    // inside a later append of the same write sees them.
    const events = await this.journal.append(drafts);
    if (events.length > 0) {
      this.log.debug({ seqs: events.map((e) => e.seq), kinds: events.map((e) => e.kind) }, 'recorded');
      this.bus.emit('recorded', events);
    }
    for (const e of events) this.announceEvent(e);
    return events;
  }

  // ---- register entries (R1, R2, R4, R6) ----

  /** Records a request in the register; the actor is the first responder unless one is given (R4). */
  async recordEntry(input: EntryInput, actor: string): Promise<RegisterEntry> {
    this.requireStaff(actor);
    if (input.firstResponder !== undefined) this.requireStaff(input.firstResponder, 'first responder');
    const fields = checkEntryInput(input, this.config, this.clock.now());
    const receivedAt = fields.receivedAt;
    const events = await this.record(({ day, at, dayEvents }) => {
      const n = dayEvents.filter((e) => e.kind === 'entry.created').length + 1;
      const data: EntryCreatedData = {
        id: entryId(day, n),
        receivedAt: receivedAt ?? at,
        channel: fields.channel,
        category: fields.category,
        firstResponder: input.firstResponder ?? actor,
        ...(fields.station ? { station: fields.station } : {}),
        ...(fields.address ? { address: fields.address } : {}),
        ...(addressUnlisted(fields.address, this.config) ? { addressUnlisted: true as const } : {}),
        ...(fields.content ? { content: fields.content } : {}),
        ...(fields.appointmentAt ? { appointmentAt: fields.appointmentAt } : {}),
        ...(input.callId ? { callId: input.callId } : {}),
        ...(fields.resident || fields.phone ? { piiFields: PII_FIELDS.filter((f) => fields[f]) } : {}),
      };
      // R4: a request recorded for a station answers the callbacks it was owed; they close with the entry's id.
      const answered = fields.station ? this.calls.owedToStation(fields.station) : [];
      return [
        { kind: 'entry.created', actor, data: { ...data }, ...piiOf(fields) },
        ...answered.map((call) => ({ kind: 'call.called-back', actor, data: { call, entryId: data.id, result: data.id } })),
      ];
    });
    // The write may begin with the previous day's day.closed and end with callbacks it answered.
    return this.announce((events.find((e) => e.kind === 'entry.created')!.data as unknown as EntryCreatedData).id);
  }

  /** Corrects an entry: a new event with who, when and why; nothing is edited in place. */
  async amendEntry(id: string, changes: Partial<Record<AmendableField, string | null>>, reason: string, actor: string): Promise<RegisterEntry> {
    this.requireStaff(actor);
    await this.requireEntry(id);
    if (!reason.trim()) throw new Refused('no-reason', `amending entry ${id} needs a reason (who asked, what was wrong)`, { id });
    const unknown = Object.keys(changes).filter((k) => !AMENDABLE_FIELDS.includes(k as AmendableField));
    if (unknown.length > 0) throw new Refused('not-amendable', `entry ${id}: ${unknown.join(', ')} cannot be amended; amendable: ${AMENDABLE_FIELDS.join(', ')}`, { id, fields: unknown.join(', ') });
    const current = this.entries.get(id, this.clock.now())!;
    const normalized = checkEntryInput({ ...current, ...changes, receivedAt: undefined } as EntryInput, this.config, this.clock.now());
    const plain: EntryAmendedData['changes'] = {};
    const pii: Pii = {};
    const piiFields: ('resident' | 'phone')[] = [];
    const piiCleared: ('resident' | 'phone')[] = [];
    for (const field of Object.keys(changes) as AmendableField[]) {
      const value = normalized[field] ?? null;
      if (field === 'resident' || field === 'phone') {
        if (value === null) piiCleared.push(field);
        else {
          piiFields.push(field);
          pii[field] = value;
        }
      } else plain[field] = value;
    }
    const data: EntryAmendedData = {
      id,
      reason: reason.trim(),
      changes: plain,
      ...(piiFields.length ? { piiFields } : {}),
      ...(piiCleared.length ? { piiCleared } : {}),
      ...('address' in plain ? { addressUnlisted: addressUnlisted(plain.address, this.config) } : {}),
    };
    await this.record({ kind: 'entry.amended', actor, data: { ...data }, ...(piiFields.length ? { pii } : {}) });
    return this.announce(id);
  }

  /**
   * Closes an entry with its result. R4: the first responder owns it until then; a supervisor or
   * above may close it for them, with the reason, recorded as closing it for them.
   */
  async closeEntry(id: string, result: string, actor: string, reason = ''): Promise<RegisterEntry> {
    this.requireStaff(actor);
    const entry = await this.requireEntry(id);
    if (entry.status === 'closed') throw new Refused('entry-closed', `entry ${id} is already closed (at ${entry.closedAt})`, { id, at: entry.closedAt ?? '' });
    if (!result.trim()) throw new Refused('no-result', `closing entry ${id} needs the result (what was done or answered)`, { id });
    const closer = this.config.roster.find((p) => p.badge === actor)!;
    const owner = this.config.roster.find((p) => p.badge === entry.firstResponder) ?? { badge: entry.firstResponder, name: entry.firstResponder };
    const refused = closingRefusal(id, owner, closer, reason);
    refuse(refused);
    const data: EntryClosedData = { id, result: result.trim(), ...(actor !== entry.firstResponder ? { for: entry.firstResponder, reason: reason.trim() } : {}) };
    await this.record({ kind: 'entry.closed', actor, data: { ...data } });
    return this.announce(id);
  }

  /** The register of a day as it stands now (amendments applied). */
  async entriesOfDay(day: string): Promise<RegisterEntry[]> {
    if (day >= this.oldestProjectedDay()) return this.entries.ofDay(day, this.clock.now());
    const book = new EntryBook(this.config.site.timezone, this.config.deadlineHours);
    return book.applyAll(await readSince(this.config.dataDir, day)).ofDay(day, this.clock.now());
  }

  /** Today's register as it stands now (the console's main screen). */
  entriesToday(): RegisterEntry[] {
    return this.entries.ofDay(this.today, this.clock.now());
  }

  /** Open entries past their deadline (R5), however old: the days read back reach the oldest open entry. */
  overdueEntries(): RegisterEntry[] {
    // Twice a second on the console (status line and register pane): only the overdue are built.
    return this.entries.overdue(this.clock.now());
  }

  entry(id: string): RegisterEntry | undefined {
    return this.entries.get(id, this.clock.now());
  }

  /** R3: open repair and request entries an order can be made from (none yet, or only cancelled ones), oldest first. */
  orderableEntries(): RegisterEntry[] {
    return this.entries.open(this.clock.now()).filter((e) => (e.category === 'repair' || e.category === 'request') && this.orderBoard.orderOfEntry(e.id) === undefined);
  }

  /** H4 d: major repairs not yet completed: orders marked major anywhere, and repair entries marked major with no order yet. */
  openMajorRepairs(): MajorRepair[] {
    return unfinishedMajorRepairs(
      this.orders.openMajor(),
      this.entries.all(this.clock.now()),
      (id) => this.escalations.isMajor(id),
      (id) => this.orderBoard.orderOfEntry(id) !== undefined,
    );
  }

  /**
   * What is open now, for the handover (issue 16): callbacks owed by station, entries still open
   * (oldest first), orders not closed, alarms on screen, reports to the director not acknowledged,
   * and the H8 breaches recorded since `since` (the shift's start).
   */
  openWork(since: number): OpenWork {
    const now = this.clock.now();
    return {
      callbacks: owedByStation(this.callbacksOwed()),
      entries: this.entries.open(now),
      orders: this.orders.listOpen(),
      alarms: this.calls.openAlarms(),
      escalations: this.escalations.open(),
      breaches: this.duty.breachesSince(since),
    };
  }

  // ---- the intercom panel (R1, R4, R5, H9) ----

  /** Connects a panel: its link changes are recorded, its failures reported on the bus. */
  attachPanel(panel: PanelDevice): void {
    this.panel = panel;
    panel.on('link', (state) => this.linkChanged(state));
    panel.on('command-failed', (_command, err) => this.bus.emit('problem', err));
    panel.on('problem', (err) => this.bus.emit('problem', err));
  }

  /** Connects a badge reader: its scans are checked and signed with, its link changes recorded. */
  attachBadgeReader(reader: BadgeReader): void {
    const failed = (err: Error) => this.bus.emit('problem', err);
    reader.on('scan', (code, name) => void this.badgeScanned(code, name).catch(failed));
    reader.on('rejected', (what, reason, name) => void this.refuseScan(what, name, reason).catch(failed));
    reader.on('link', (state) => this.linkChanged(state));
  }

  private linkChanged(state: LinkState): void {
    this.bus.emit('link', state);
    void this.record({ kind: 'device.link', actor: 'system', data: { device: state.device, up: state.up, reason: state.reason } }).catch((err: Error) =>
      this.bus.emit('problem', err),
    );
  }

  /** The panel frames recorded since its last restart (oldest first): what a new link must not record twice. */
  panelFramesRecorded(): { seq: number; body: string; at: number }[] {
    return [...this.recentPanelFrames];
  }

  /** Records what a panel message says; the link acknowledges it to the panel once this resolves. */
  async recordPanelMessage(m: PanelMessage): Promise<void> {
    if (m.type === 'HB' || m.type === 'ACK') return;
    // Looked up when the write runs, not now: the CALL may still be on its way to disk.
    await this.record(() => [panelEvent(m, this.directory, 'callId' in m ? this.calls.knownCall(m.callId) : undefined)]);
  }

  /** Picks a ringing call up at the console (the panel then reports TALK). */
  async answerCall(callId: string): Promise<void> {
    if (!this.calls.isRinging(callId)) throw new Refused('not-ringing', `call ${callId} is not ringing (it was answered, missed or ended)`, { callId });
    await this.requirePanel().send({ type: 'ANSWER', callId });
  }

  /** Releases a door station's lock, and records who did it. */
  async unlockDoor(station: string, actor: string): Promise<void> {
    this.requireStaff(actor);
    await this.requirePanel().send({ type: 'UNLOCK', station });
    await this.record({ kind: 'door.unlocked', actor, data: { station } });
  }

  /** A missed call was called back (R4: whoever does it owns the result); it is no longer owed. */
  async recordCallback(key: number, result: string, actor: string, entryId?: string): Promise<void> {
    this.requireStaff(actor);
    if (!result.trim()) throw new Refused('no-result', 'a callback needs its result (reached, no answer, what was agreed)');
    const owed = () => {
      if (!this.calls.owedCallback(key)) throw new Refused('no-callback-owed', `no callback is owed for call ${key} (it was called back already, or it is not a missed call)`);
    };
    owed();
    // Checked again when the write runs: a second Enter (or a second console) must not record it twice.
    await this.record(() => {
      owed();
      // One call back answers every missed call from that station: the others close with a reference to it.
      const station = this.calls.owedStation(key);
      const others = station ? this.calls.owedToStation(station).filter((k) => k !== key) : [];
      const linked = entryId ? { entryId } : {};
      return [
        { kind: 'call.called-back', actor, data: { call: key, result: result.trim(), ...linked } },
        ...others.map((k) => ({ kind: 'call.called-back', actor, data: { call: k, result: result.trim(), with: key, ...linked } })),
      ];
    });
  }

  /**
   * H9: whoever is in the room has seen an alarm and takes it on with their badge (and what was
   * done so far, if typed): it leaves the screen it took over. Its report to the director stays open until a supervisor acknowledges it
   * with a note (escalations.acknowledge).
   */
  async takeOnAlarm(seq: number, actor: string, note = ''): Promise<void> {
    this.requireStaff(actor);
    const onScreen = () => {
      if (!this.calls.hasOpenAlarm(seq)) throw new Refused('alarm-not-open', `alarm ${seq} is not on the screen (already taken on or acknowledged, or no such alarm)`);
    };
    onScreen();
    // Checked again when the write runs: two badges at once take it on once.
    await this.record(() => (onScreen(), [{ kind: 'alarm.taken-on', actor, data: { alarm: seq, ...(note.trim() ? { note: note.trim() } : {}) } }]));
  }

  ringingCalls(): CallView[] {
    return this.calls.ringingCalls();
  }

  talkingCalls(): CallView[] {
    return this.calls.talkingCalls();
  }

  callbacksOwed(): CallbackOwed[] {
    return this.calls.callbacksOwed(this.clock.now(), (ms) => localIso(ms, this.config.site.timezone));
  }

  openAlarms(): AlarmView[] {
    return this.calls.openAlarms();
  }

  private requirePanel(): PanelDevice {
    if (!this.panel) throw new Refused('no-panel', 'no intercom panel is configured ("panel" in the configuration)');
    return this.panel;
  }

  // ---- badges and duty (H1, H2) ----

  /**
   * A badge was scanned on a reader. Unknown and inactive badges are refused and recorded, masked
   * (H2); a known one is told to the console, and signs its holder on when nobody is on duty (H1).
   */
  async badgeScanned(code: string, reader: string): Promise<BadgeCheck> {
    const check = checkBadge(code, this.config.roster);
    if (!check.ok) {
      await this.refuseScan(code, reader, check.reason === 'unknown' ? 'unknown' : 'inactive');
      return check;
    }
    const told = (err: Error) => this.log.info({ badge: check.person.badge, reader }, err.message);
    if (!this.duty.onDuty() && mayBeOnDuty(check.person)) {
      this.bus.emit('badge', check.person, reader);
      // Another scan may have signed someone on meanwhile: then this one only identifies its holder.
      await this.signOn(check.person.badge).catch(told);
    } else if (this.shift.awayHolder() === check.person.badge) {
      this.bus.emit('badge', check.person, reader);
      // H3: the person on duty is back from stepping away; their scan can mean nothing else.
      await this.shift.returnToDuty(check.person.badge).catch(told);
    } else {
      // H5: recorded before the console routes the scan, so that a handover it signs sees the arrival.
      await this.shift.noteArrival(check.person).catch(told);
      this.bus.emit('badge', check.person, reader);
      this.log.info({ badge: check.person.badge, reader }, 'badge scanned; the console routes it to what waits for a signature');
    }
    return check;
  }

  /** Something read that is not a badge at all (too long, cut short): refused and recorded, masked. */
  async refuseScan(scanned: string, reader: string, code: ScanRefusal): Promise<void> {
    await this.record({ kind: 'badge.refused', actor: 'system', data: { scanned: maskScan(scanned), reader, reason: SCAN_REFUSAL_EN[code], code } });
    this.bus.emit('badge-refused', maskScan(scanned), code);
  }

  /** H1: one accountable person on duty; signing on while someone else is on duty is a handover's job. */
  async signOn(badge: string): Promise<OnDuty> {
    this.requireStaff(badge);
    const person = this.config.roster.find((p) => p.badge === badge)!;
    if (!mayBeOnDuty(person)) throw new Refused('not-duty-role', `${person.name} (${badge}) is a ${person.role}; only an operator or a supervisor and above can be on duty in the control room`, { name: person.name, role: person.role });
    // Checked when the write runs, not before: two scans at once must not both sign on.
    await this.record(({ at }) => {
      const current = this.duty.onDuty();
      if (current?.badge === badge) return [];
      if (current) {
        throw new Refused(
          'duty-taken',
          `${current.name} (${current.badge}) is on duty since ${current.since}; a change of shift is a handover (F5 in the console), ` + `where the incoming operator's badge takes the duty`,
          { name: current.name, since: current.since },
        );
      }
      const signedOn = { kind: 'duty.signed-on', actor: badge, data: { badge, name: person.name, role: person.role } };
      // H8: alone on a holiday without a supervisor: flagged, not refused (the room would stay empty).
      const holidays = this.shift.holidaysAt(Date.parse(at));
      if (!holidayUnstaffed(holidays, person, this.duty.secondOnDuty())) return [signedOn];
      const breach: HolidayBreachData = { rule: 'H8', reason: 'operator-alone', holidays, onDuty: { badge, name: person.name } };
      return [signedOn, { kind: 'duty.breach', actor: badge, data: { ...breach } }];
    });
    return this.duty.onDuty()!;
  }

  /**
   * The person on duty ends their duty without a handover. The room is staffed around the clock
   * (H1): a change of shift is a handover (F5), leaving for a while is stepping away (H3); ending a
   * duty otherwise (the room closed for works, the operator taken ill with nobody to hand over to)
   * needs a supervisor's badge and the reason, both recorded.
   */
  async signOff(badge: string, approval?: { supervisor: string; reason: string }): Promise<void> {
    this.requireStaff(badge);
    if (!approval) {
      throw new Refused(
        'sign-off-needs-approval',
        'the control room is staffed around the clock (H1): a change of shift is a handover (F5 in the console), leaving for a while is stepping away (F6, W); ' +
          "ending a duty without either needs a supervisor's badge and the reason",
      );
    }
    this.requireStaff(approval.supervisor, 'approving badge');
    const supervisor = this.config.roster.find((p) => p.badge === approval.supervisor)!;
    if (!['supervisor', 'manager', 'director'].includes(supervisor.role)) {
      throw new Refused('not-supervisor', `${supervisor.name} (${supervisor.badge}) is a ${supervisor.role}; ending a duty without a handover needs a supervisor or above`, { name: supervisor.name, role: supervisor.role });
    }
    if (supervisor.badge === badge) throw new Refused('same-badge', 'the person on duty cannot approve their own sign-off; another supervisor scans', { name: supervisor.name, side: 'approve' });
    const reason = approval.reason.trim();
    if (!reason) throw new Refused('no-reason', 'ending a duty without a handover needs the reason (why the room is left without a handover)');
    await this.record(() => {
      const current = this.duty.onDuty();
      if (current?.badge !== badge) {
        throw current ? new Refused('not-on-duty', `only ${current.name} (${current.badge}), who is on duty, can sign off`, { name: current.name }) : new Refused('nobody-on-duty', 'nobody is on duty to sign off');
      }
      if (current.relief || current.absentSince) throw new Refused('away', `${current.name} is recorded as away; scan your badge to return first, then sign off`, { name: current.name });
      return [{ kind: 'duty.signed-off', actor: badge, data: { badge, name: current.name, approvedBy: supervisor.badge, reason } }];
    });
  }

  /**
   * The person on duty left the roster or was made inactive: their duty ends, recorded by the
   * system with the reason, so that the room is not held by someone who can no longer sign.
   */
  private async endDutyOfInactive(): Promise<void> {
    const current = this.duty.onDuty();
    if (!current) return;
    const person = this.config.roster.find((p) => p.badge === current.badge);
    if (person?.active) return;
    const reason = person ? 'marked inactive on the roster' : 'no longer on the roster';
    await this.record({ kind: 'duty.signed-off', actor: 'system', data: { badge: current.badge, name: current.name, reason } });
    this.log.warn({ badge: current.badge, reason }, 'duty ended: the person on duty cannot sign any more; the next operator scans to sign on');
  }

  onDuty(): OnDuty | null {
    return this.duty.onDuty();
  }

  // ---- day close (R8) and retention (P1) ----

  /** Closes the finished day if the journal has not yet written today (R8); run at start and after midnight. */
  async closeFinishedDays(): Promise<string[]> {
    const events = await this.record([]);
    return events.filter((e) => e.kind === 'day.closed').map((e) => (e.data as { day: string }).day);
  }

  /** P1: purges personal data older than the retention period and records that it did. */
  async purgeExpiredPii(): Promise<PurgeResult> {
    const before = DateTime.fromISO(this.today).minus({ days: this.config.retentionDays }).toFormat('yyyy-MM-dd');
    // Only closed days are purged (their files are replaced whole, see retention.ts): a finished
    // day still being the newest file is closed first.
    await this.closeFinishedDays();
    await this.journal.flush();
    const result = await purgePiiBefore(this.config.dataDir, before);
    if (result.events > 0) {
      // The projections still hold the purged values in memory: build them again from the files.
      await this.reloadProjections();
      await this.record({ kind: 'pii.purged', actor: 'system', data: { ...result, retentionDays: this.config.retentionDays } });
      this.log.info(result, 'personal data past its retention purged');
    }
    return result;
  }

  /** Stops timers, lets the daily work and every pending append finish, and frees the data directory. */
  stop(): Promise<void> {
    return (this.stopping ??= this.shutdown());
  }

  /** F9: sync to the service desk now; resolves with what it did (a failure is retried by itself). */
  syncNow(): Promise<SyncOutcome> {
    return this.sync.syncNow();
  }

  private async shutdown(): Promise<void> {
    this.timer?.stop();
    await this.sync.stop();
    await this.daily;
    this.stopped = true;
    await this.journal.close();
    await this.lock.release();
    this.log.info({ seq: this.head.seq }, 'register closed');
  }

  // ---- internals ----

  private oldestProjectedDay(): string {
    let day = this.today;
    for (let i = 1; i < PROJECTED_DAYS; i++) day = previousDay(day);
    return day;
  }

  private async loadProjections(): Promise<void> {
    const { from, note } = await projectionWindow(this.config.dataDir, this.today);
    const events = await readSince(this.config.dataDir, from);
    // Who is on duty comes from the last day.closed when the week read back has no duty event.
    const noted = note?.onDuty as OnDuty | null | undefined;
    if (noted && !events.some((e) => e.kind.startsWith('duty.'))) this.duty.restore(noted);
    for (const e of events) this.project(e);
    // Built afresh: this also runs again after a purge.
    this.recentPanelFrames = [];
    for (const e of events) {
      const frame = (e.data as { frame?: unknown }).frame;
      if (e.actor !== 'panel' || typeof frame !== 'string') continue;
      // Kept with their times: the link treats a match as a resend only within the panel's resend window.
      this.recentPanelFrames.push({ seq: (e.data as { panelSeq: number }).panelSeq, body: frame, at: Date.parse(e.at) });
    }
    // As many as the link's resend filter holds: a flood's worth of the panel's resend window.
    this.recentPanelFrames = this.recentPanelFrames.slice(-32_768);
  }

  /** Builds the projections afresh from the journal on disk (after a purge, or a write that failed). */
  async reloadProjections(): Promise<void> {
    this.entries = new EntryBook(this.config.site.timezone, this.config.deadlineHours);
    this.calls = new CallBoard(this.config.callbackMinutes * 60_000);
    this.duty = new DutyBoard();
    this.orderBoard.clear();
    this.lastHandover.clear();
    this.escalations.reset();
    await this.loadProjections();
  }

  /** The journal's own news from opening: a conversion from the old format, a torn tail cut off. */
  private async reportJournalRepairs(): Promise<void> {
    const { converted, recovered } = this.journal;
    if (converted) {
      this.log.warn(
        { days: converted.days, events: converted.events, copies: converted.copies },
        `journal converted to JSON Lines (${converted.days} day files, ${converted.events} events, verified before and after); ` +
          `the old files are kept in ${converted.copies}: remove that folder once a backup of the data directory holds the new files`,
      );
    }
    if (!recovered) return;
    this.log.warn(
      recovered,
      `journal: removed an unfinished last line from ${recovered.file} (${recovered.bytes} bytes at byte ${recovered.offset}, line ${recovered.line}): ` +
        `an append that a crash or power cut interrupted before it was acknowledged`,
    );
    await this.record({ kind: 'journal.recovered', actor: 'system', data: { ...recovered } });
  }

  /** Told by the journal as it seals events (see JournalOptions.project). */
  projectAll(events: readonly JournalEvent[]): void {
    for (const e of events) this.project(e);
  }

  private project(e: JournalEvent): void {
    this.entries.apply(e);
    this.calls.apply(e);
    this.duty.apply(e);
    this.lastHandover.apply(e);
    this.orderBoard.apply(e);
    this.escalations.apply(e);
  }

  /** An entry outside the projected days is read from its own day file onwards. */
  private async requireEntry(id: string): Promise<RegisterEntry> {
    const known = this.entries.get(id, this.clock.now());
    if (known) return known;
    const day = dayOfEntryId(id);
    if (day && day < this.oldestProjectedDay()) {
      const older = await readSince(this.config.dataDir, day);
      if (older.some((e) => e.kind === 'entry.created' && (e.data as { id?: string }).id === id)) {
        // Bring it (and what happened to it since: amendments, its orders and their steps) into
        // the projections before changing it, so that an old entry cannot get a second order.
        const unseenOrders = new Set<string>();
        for (const e of older) {
          const d = e.data as { id?: string; entryId?: string; orderNo?: string };
          const itsOrder = e.kind === 'order.created' && d.entryId === id;
          if (itsOrder && d.orderNo && !this.orderBoard.has(d.orderNo)) unseenOrders.add(d.orderNo);
          if (d.id === id || itsOrder) this.entries.apply(e);
          if (d.orderNo && unseenOrders.has(d.orderNo)) this.orderBoard.apply(e);
        }
        return this.entries.get(id, this.clock.now())!;
      }
    }
    throw new Refused('unknown-entry', `there is no register entry ${id}; check the id (YYYYMMDD-NNN) with \`control-room register --date D\``, { id });
  }

  /** Tells the console what an event changed on its screens. */
  private announceEvent(e: JournalEvent): void {
    if (e.kind === 'day.closed') this.bus.emit('day-closed', (e.data as { day: string }).day);
    if (e.kind === 'call.received') {
      // Looked up by its id, not by going through every call ringing: a flood rings thousands.
      const call = this.calls.ringingCall((e.data as { callId: string }).callId);
      if (call?.key === e.seq) this.bus.emit('call-ringing', call);
    }
    if (e.kind === 'alarm.raised') {
      const alarm = this.calls.openAlarms().find((a) => a.seq === e.seq);
      if (alarm) this.bus.emit('alarm', alarm);
    }
    if (e.kind.startsWith('call.') || e.kind.startsWith('alarm.') || e.kind === 'device.panel-boot') this.bus.emit('calls-changed');
  }

  /** Only active staff on the roster sign what they do (H2, R4). */
  private requireStaff(badge: string, as = 'actor'): void {
    const person = this.config.roster.find((p) => p.badge === badge);
    if (!person) throw new Refused('unknown-badge', `${as} "${badge}" is not on the roster (${this.config.roster.length} badges); scan your own badge`, { badge });
    if (!person.active) throw new Refused('inactive-badge', `${as} "${badge}" (${person.name}) is marked inactive on the roster; ask a supervisor`, { name: person.name });
  }

  private announce(id: string): RegisterEntry {
    const entry = this.entries.get(id, this.clock.now())!;
    this.bus.emit('entry-changed', entry);
    return entry;
  }

  private scheduleMidnight(): void {
    // A few seconds past local midnight, so that the clock has surely crossed into the new day.
    this.timer = new DailyTimer('5 0 0 * * *', this.config.site.timezone, this.clock, () => void this.runDaily());
    // Catch up on a purge missed while the daemon was down, after start-up rather than before it.
    setImmediate(() => this.runDaily());
  }

  private runDaily(): Promise<void> {
    if (!this.stopping) this.daily = this.daily.then(() => this.dailyWork());
    return this.daily;
  }

  private async dailyWork(): Promise<void> {
    try {
      await this.closeFinishedDays();
      await this.purgeExpiredPii();
    } catch (err) {
      this.log.error({ err: (err as Error).message }, 'daily day close or purge failed; retried at the next midnight or start');
      this.bus.emit('problem', err as Error);
    }
  }
}

/** The earliest of the days still open (YYYY-MM-DD), or null when none is. */
function earliestDay(...days: (string | null | undefined)[]): string | null {
  return days.filter((d): d is string => !!d).sort()[0] ?? null;
}

function piiOf(fields: EntryFields): { pii?: Pii } {
  const pii: Pii = {};
  if (fields.resident) pii.resident = fields.resident;
  if (fields.phone) pii.phone = fields.phone;
  return Object.keys(pii).length > 0 ? { pii } : {};
}

