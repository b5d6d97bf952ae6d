import type { SiteConfig } from '../config/types.js';
import { DEFAULT_RETRY_DELAYS_MS, retryDelay, SYNC_GRACE_MS, syncDueSince } from '../domain/sync-schedule.js';
import { silentLogger, type Logger } from '../log.js';
import { GENESIS_HASH, type JournalEvent } from '../register/event.js';
import { listDayFiles } from '../register/layout.js';
import { readDay, readSince } from '../register/reader.js';
import { systemClock, type Clock } from '../time/clock.js';
import { DailyTimer } from '../time/daily-timer.js';
import { dayOfAt, localIso } from '../time/zone.js';
import { buildBatch, MAX_BATCH_BYTES, type SiteProfile } from './batch.js';
import { makeTarget } from './make-target.js';
import { DeskRefusal, type DeskPosition } from './refusal.js';
import { readCursor, readSyncRecord, writeCursor, writeSyncRecord, type SyncCursor, type SyncRecord } from './sync-files.js';
import { describeSync, type SyncState } from './sync-state.js';
import type { DeskTarget, OutgoingBatch } from './target.js';
import { failureCode, type SyncFailureCode } from './sync-failure.js';

/** What one sync did. */
export interface SyncOutcome {
  ok: boolean;
  at: string;
  target: string;
  /** Events carried to the desk by this sync. */
  sent: number;
  batches: number;
  acknowledgedSeq: number;
  deliveredSeq: number;
  backlog: number;
  error?: string;
  /** Why it failed, for the console to say in the operator's language. */
  errorCode?: SyncFailureCode;
}

export interface SyncServiceOptions {
  config: SiteConfig;
  clock?: Clock;
  log?: Logger;
  /** Told every time the state changes (the engine passes it on as `sync-state`). */
  notify?: (state: SyncState) => void;
  /** The journal's last seq, when a writer knows it better than the files do. */
  headSeq?: () => number;
  retryDelaysMs?: readonly number[];
  httpTimeoutMs?: number;
  /** At most this many events a batch; a longer backlog goes as several, the cursor moving after each. */
  maxBatchEvents?: number;
  /** Tests give their own target (a desk that fails on purpose). */
  target?: () => DeskTarget;
}

const DEFAULT_MAX_BATCH = 5_000;
/** Half of what the desk reads (MAX_BATCH_BYTES): a batch of ordinary events is a few MiB. */
const MAX_OUTGOING_BYTES = MAX_BATCH_BYTES / 2;

/**
 * Sync to the service desk (R8): the events after the desk's last acknowledged seq, in batches the
 * desk verifies. Runs at the configured times, catches up at start on a sync missed while the
 * daemon was down, and on demand (F9, `control-room sync`). A failed sync retries with growing
 * delays and shows as overdue; the journal is only read, never changed, so nothing is ever lost,
 * and the desk skips what it already holds, so nothing is ever doubled.
 */
export class SyncService {
  private readonly config: SiteConfig;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly retryDelays: readonly number[];
  private readonly maxBatch: number;
  private readonly targetFactory: () => DeskTarget;
  readonly targetDescription: string;
  private record: SyncRecord | undefined;
  private cursor: SyncCursor | undefined;
  private knownHead = 0;
  private running: Promise<SyncOutcome> | undefined;
  /** True from the first moment of a sync (before `running` is assigned) to its end. */
  private busy = false;
  private abort: AbortController | undefined;
  private slots: DailyTimer[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAt: number | null = null;
  private overdueTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: SyncServiceOptions) {
    this.config = opts.config;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? silentLogger();
    this.retryDelays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.maxBatch = opts.maxBatchEvents ?? DEFAULT_MAX_BATCH;
    this.targetFactory = opts.target ?? (() => makeTarget(this.config, { httpTimeoutMs: opts.httpTimeoutMs, now: () => this.iso(this.clock.now()) }));
    this.targetDescription = this.targetFactory().description;
  }

  /** Reads what was remembered about syncing; a site syncing for the first time starts its schedule now. */
  async load(): Promise<void> {
    this.cursor = await readCursor(this.config.dataDir);
    this.record = await readSyncRecord(this.config.dataDir);
    const files = await listDayFiles(this.config.dataDir);
    const first = files[0] ? (await readDay(this.config.dataDir, files[0].day))[0] : undefined;
    const last = files.at(-1) ? (await readDay(this.config.dataDir, files.at(-1)!.day)).at(-1) : undefined;
    this.knownHead = last?.seq ?? 0;
    if (!this.record || this.record.target !== this.targetDescription) {
      // A journal older than its sync state (an upgrade, a new target) owes the desk since its first event.
      const since = Math.min(this.clock.now(), first ? Date.parse(first.at) : Infinity);
      this.record = { target: this.targetDescription, since, lastAttemptAt: null, lastSuccessAt: null, lastError: null, failures: 0, deliveredSeq: 0 };
      await writeSyncRecord(this.config.dataDir, this.record);
    }
  }

  /** The daemon's schedule: the configured times in the site's zone, and a catch-up now if one was missed. */
  async start(): Promise<void> {
    await this.load();
    for (const t of this.config.sync.times) {
      const [h, m] = t.split(':').map(Number);
      this.slots.push(new DailyTimer(`0 ${m} ${h} * * *`, this.config.site.timezone, this.clock, () => void this.syncNow()));
    }
    if (syncDueSince(this.config.sync.times, this.config.site.timezone, this.history(), this.clock.now()) !== undefined) {
      this.log.info({ target: this.targetDescription }, 'a scheduled sync was missed while the daemon was down; syncing now');
      setImmediate(() => void this.syncNow());
    }
    this.changed();
  }

  /** Stops the schedule and retries; a sync under way is cut short (its events go with the next one). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const c of this.slots) c.stop();
    this.slots = [];
    clearTimeout(this.retryTimer);
    clearTimeout(this.overdueTimer);
    this.abort?.abort();
    await this.running;
  }

  /** Syncs now (F9, `control-room sync`, the schedule). One at a time: a call during a sync gets that sync's outcome. */
  syncNow(): Promise<SyncOutcome> {
    if (this.stopped) return Promise.resolve(this.outcome(false, 0, 0, 'the daemon is stopping', 'stopping'));
    return (this.running ??= this.run().finally(() => {
      this.running = undefined;
      this.busy = false;
      this.changed();
    }));
  }

  /** The state right now (the status line). */
  state(): SyncState {
    const head = Math.max(this.opts.headSeq?.() ?? 0, this.knownHead);
    return describeSync(this.config, this.targetDescription, this.record, this.cursor, head, this.clock.now(), {
      running: this.busy,
      retryAt: this.retryAt,
    });
  }

  private async run(): Promise<SyncOutcome> {
    this.busy = true;
    try {
      if (!this.record) await this.load();
    } catch (err) {
      return this.outcome(false, 0, 0, `cannot read what was synced before (${this.config.dataDir}/sync): ${(err as Error).message}`, 'state-unreadable');
    }
    const record = this.record!;
    clearTimeout(this.retryTimer);
    this.retryAt = null;
    record.lastAttemptAt = this.clock.now();
    this.abort = new AbortController();
    this.changed();
    const target = this.targetFactory();
    let sent = 0;
    let batches = 0;
    try {
      ({ sent, batches } = await this.deliver(target, this.abort.signal));
      record.lastSuccessAt = this.clock.now();
      record.failures = 0;
      record.lastError = null;
      await writeSyncRecord(this.config.dataDir, record);
      const outcome = this.outcome(true, sent, batches);
      this.log.info({ target: target.description, sent, batches, acknowledgedSeq: outcome.acknowledgedSeq, backlog: outcome.backlog }, 'synced to the service desk');
      return outcome;
    } catch (err) {
      const message = (err as Error).message;
      record.failures += 1;
      record.lastError = message;
      await writeSyncRecord(this.config.dataDir, record).catch(() => undefined);
      if (!this.stopped) this.planRetry();
      this.log.warn({ target: target.description, failures: record.failures, retryAt: this.retryAt && this.iso(this.retryAt), err: message }, 'sync to the service desk failed');
      return this.outcome(false, sent, batches, message, failureCode(err));
    } finally {
      await target.close().catch(() => undefined);
      this.abort = undefined;
    }
  }

  private async deliver(target: DeskTarget, signal: AbortSignal): Promise<{ sent: number; batches: number }> {
    const site = this.config.site.id;
    let cursor = this.cursorFor(target);
    let pending = await this.eventsAfter(cursor);
    let sent = 0;
    let batches = 0;
    // A refusal for a gap says where the desk stands; one more round from there, no more.
    for (let round = 0; ; round++) {
      try {
        const desk = await target.position(site, signal);
        if (desk) ({ cursor, pending } = await this.reconcile(cursor, pending, desk));
        const delivered: OutgoingBatch[] = [];
        let rest = pending.filter((e) => e.seq > cursor.seq);
        while (rest.length > 0) {
          let chunk = rest.slice(0, this.maxBatch);
          let batch = buildBatch(site, chunk, this.profile(), this.config.sync.secret, this.iso(this.clock.now()));
          // Events with long texts: fewer of them a batch, so that every batch is within what the desk reads.
          while (batch.bytes.length > MAX_OUTGOING_BYTES && chunk.length > 1) {
            chunk = chunk.slice(0, Math.ceil(chunk.length / 2));
            batch = buildBatch(site, chunk, this.profile(), this.config.sync.secret, this.iso(this.clock.now()));
          }
          const { ack } = await target.send(batch, signal);
          delivered.push(batch);
          batches += 1;
          sent += chunk.length;
          this.record!.deliveredSeq = Math.max(this.record!.deliveredSeq, chunk.at(-1)!.seq);
          if (ack) ({ cursor, pending } = await this.reconcile(cursor, pending, ack));
          rest = rest.filter((e) => e.seq > chunk.at(-1)!.seq && e.seq > cursor.seq);
        }
        await target.finish?.(site, delivered);
        return { sent, batches };
      } catch (err) {
        if (!(err instanceof DeskRefusal) || err.code !== 'gap' || !err.position || round > 0) throw err;
        this.log.warn({ desk: err.position.seq, cursor: cursor.seq }, 'the desk holds less than it acknowledged (its store was restored?); sending again from where it stands');
        ({ cursor, pending } = await this.reconcile(cursor, pending, err.position));
      }
    }
  }

  /**
   * Brings the cursor to where the desk says it stands, after checking that the desk's seq and hash
   * are this journal's: an acknowledgement that was lost (the daemon killed after the desk took the
   * batch) moves it forward; a desk restored from an older backup moves it back.
   */
  private async reconcile(cursor: SyncCursor, pending: JournalEvent[], desk: DeskPosition): Promise<{ cursor: SyncCursor; pending: JournalEvent[] }> {
    if (desk.seq === cursor.seq && desk.hash === cursor.hash) return { cursor, pending };
    let events = pending;
    if (desk.seq < cursor.seq) events = await this.eventsAfter(this.emptyCursor());
    const at = desk.seq === 0 ? undefined : events.find((e) => e.seq === desk.seq);
    if (desk.seq > 0 && !at) {
      throw new Error(
        `the desk holds ${this.config.site.id} up to seq ${desk.seq}, but this journal ends at seq ${this.knownHead}: ` +
          `events were lost here (a data directory restored from an old backup?); run \`control-room verify\` and restore the journal`,
      );
    }
    if ((at?.hash ?? GENESIS_HASH) !== desk.hash) {
      throw new Error(
        `the desk's copy of ${this.config.site.id} differs from this journal at seq ${desk.seq}: the chains have forked. ` +
          `Nothing was sent; run \`control-room verify\` here and \`desk verify\` at the desk`,
      );
    }
    const next: SyncCursor = at
      ? { target: this.targetDescription, seq: at.seq, hash: at.hash, day: dayOfAt(at.at), at: this.iso(this.clock.now()) }
      : this.emptyCursor();
    await writeCursor(this.config.dataDir, next);
    this.cursor = next;
    this.changed();
    return { cursor: next, pending: events.filter((e) => e.seq > next.seq) };
  }

  /** The journal's events after the cursor, checked to continue from it. */
  private async eventsAfter(cursor: SyncCursor): Promise<JournalEvent[]> {
    const events = (await readSince(this.config.dataDir, cursor.day)).filter((e) => e.seq > cursor.seq);
    const first = events[0];
    if (first && (first.seq !== cursor.seq + 1 || first.prev !== cursor.hash)) {
      throw new Error(
        `the journal does not continue from seq ${cursor.seq}, which the desk acknowledged (found seq ${first.seq} after it, or another hash): ` +
          `run \`control-room verify\`; nothing is sent until the journal is whole`,
      );
    }
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.seq !== events[i - 1]!.seq + 1 || events[i]!.prev !== events[i - 1]!.hash) {
        throw new Error(`the journal is broken at seq ${events[i - 1]!.seq + 1}: run \`control-room verify\`; nothing is sent until the journal is whole`);
      }
    }
    this.knownHead = Math.max(this.knownHead, events.at(-1)?.seq ?? cursor.seq);
    return events;
  }

  private cursorFor(target: DeskTarget): SyncCursor {
    if (this.cursor && this.cursor.target === target.description) return this.cursor;
    return this.emptyCursor();
  }

  private emptyCursor(): SyncCursor {
    return { target: this.targetDescription, seq: 0, hash: GENESIS_HASH, day: '0000-00-00', at: this.iso(this.clock.now()) };
  }

  private profile(): SiteProfile {
    return siteProfileOf(this.config);
  }


  private history() {
    return { lastSuccessAt: this.record?.lastSuccessAt ?? undefined, since: this.record?.since ?? this.clock.now(), failures: this.record?.failures ?? 0 };
  }

  private planRetry(): void {
    const delay = retryDelay(this.record!.failures, this.retryDelays);
    this.retryAt = this.clock.now() + delay;
    this.retryTimer = setTimeout(() => void this.syncNow(), delay);
    this.retryTimer.unref();
  }

  /** Tells the listener, and wakes it again when an owed sync runs past its grace period (overdue). */
  private changed(): void {
    const state = this.state();
    this.opts.notify?.(state);
    clearTimeout(this.overdueTimer);
    const due = syncDueSince(this.config.sync.times, this.config.site.timezone, this.history(), this.clock.now());
    if (!this.stopped && due !== undefined && !state.overdue) {
      this.overdueTimer = setTimeout(() => this.changed(), Math.max(0, due + SYNC_GRACE_MS - this.clock.now()) + 1_000);
      this.overdueTimer.unref();
    }
  }

  private outcome(ok: boolean, sent: number, batches: number, error?: string, errorCode?: SyncFailureCode): SyncOutcome {
    const s = this.state();
    return {
      ok,
      at: this.iso(this.clock.now()),
      target: this.targetDescription,
      sent,
      batches,
      acknowledgedSeq: s.acknowledgedSeq,
      deliveredSeq: s.deliveredSeq,
      backlog: s.backlog,
      ...(error ? { error, errorCode: errorCode ?? 'other' } : {}),
    };
  }

  private iso(ms: number): string {
    return localIso(ms, this.config.site.timezone);
  }
}

/** What a batch tells the desk about its site: name, zone, deadline hours, and the staff's names (no resident's data). */
export function siteProfileOf(config: SiteConfig): SiteProfile {
  return {
    name: config.site.name,
    timezone: config.site.timezone,
    deadlineHours: config.deadlineHours,
    staff: config.roster.map((p) => ({ badge: p.badge, name: p.name, role: p.role })),
    callbackMinutes: config.callbackMinutes,
    workStandardMinutes: config.workStandardMinutes,
  };
}
