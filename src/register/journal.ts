import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { dayClosedEvent, summarize } from '../domain/day-close.js';
import type { Clock } from '../time/clock.js';
import { localDay, localIso } from '../time/zone.js';
import type { ChainPosition } from './chain-check.js';
import { DayLogAdapter, type DayLog } from './day-log-adapter.js';
import { makeDirsDurably } from './durable-write.js';
import { JournalWriteError } from './errors.js';
import type { JournalEvent, NewEvent } from './event.js';
import { GroupCommit, type Outcome } from './group-commit.js';
import { writeHead } from './head.js';
import { checkJournalAtStart, type JournalTail, type Recovery } from './journal-check.js';
import { layout } from './layout.js';
import { convertLegacyDays, type Conversion } from './migrate.js';
import { seal } from './seal.js';

/** What an append builder sees: the day and time its events will carry, and that day's events so far. */
export interface AppendContext {
  day: string;
  at: string;
  dayEvents: readonly JournalEvent[];
}

export type Drafts = NewEvent | NewEvent[] | ((ctx: AppendContext) => NewEvent[]);

/** How often, at most, the head note (journal/head.json) is rewritten while appends go on. */
const HEAD_EVERY_MS = 100;

export interface JournalOptions {
  dataDir: string;
  timezone: string;
  clock: Clock;
  siteKey: Buffer;
  /** More for a `day.closed` to say, from the projections (e.g. the oldest day still open). */
  closingNote?: () => Record<string, unknown>;
  /**
   * Told of events as they are sealed, in seq order, before they are durable: within one group
   * commit a later builder must see what an earlier append changes (checks made inside the
   * write, e.g. two scans at once sign one person on). Nobody may be told they are recorded yet.
   */
  project?: (events: readonly JournalEvent[]) => void;
  /** After a write failed (its events were already projected): build the projections again from disk. */
  rebuild?: () => Promise<void>;
}

interface DayDb {
  db: Low<DayLog>;
  adapter: DayLogAdapter;
}

/** Events sealed into one day since the last write, and the appends they answer. */
interface Segment {
  day: DayDb;
  from: number;
  head: ChainPosition;
  lastAtMs: number;
  appends: { index: number; kinds: string[]; events: JournalEvent[] }[];
}

/**
 * The register's append-only journal. Only the lock holder opens one. `append` resolves only once
 * the events are durable on disk; until then nobody may be told they are recorded. Appends that
 * arrive while a write is under way go together into the next one (group commit): one write and
 * one fdatasync for all of them, in the order they came, each resolving when its own events are
 * durable.
 */
export class Journal {
  private current: DayDb | undefined;
  /** A new day's file whose first write failed: reused, since the file may already exist (empty). */
  private next: DayDb | undefined;
  private head: ChainPosition;
  /** Where the journal stands on disk: `head` moves on as events are sealed, this once they are durable. */
  private durable: ChainPosition;
  private lastAtMs: number;
  private readonly commits = new GroupCommit<Drafts, JournalEvent[]>((batch) => this.commit(batch));
  private headWrite: Promise<void> = Promise.resolve();
  private headTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly opts: JournalOptions,
    tail: JournalTail | undefined,
    head: ChainPosition,
    /** The torn tail start-up cut off the newest file, if any (see journal-check.ts). */
    readonly recovered: Recovery | undefined,
    /** The conversion of an earlier version's day files done at this start, if any (see migrate.ts). */
    readonly converted: Conversion | undefined,
  ) {
    this.head = head;
    this.durable = head;
    const last = tail?.events.at(-1);
    this.lastAtMs = last ? Date.parse(last.at) : 0;
    if (tail) this.current = dayDb(tail.file, tail.day, tail);
  }

  /**
   * Opens the journal: converts an earlier version's day files, checks every day file cheaply and
   * the newest link by link, cuts a torn tail off the newest (see checkJournalAtStart). Refuses
   * (throws JournalDamagedError naming the file and line) rather than start over a damaged journal.
   */
  static async open(opts: JournalOptions): Promise<Journal> {
    const converted = await convertLegacyDays(opts.dataDir, opts.siteKey);
    const { tail, position, recovered } = await checkJournalAtStart(opts.dataDir, opts.siteKey);
    const last = tail?.events.at(-1);
    if (last && localIso(Date.parse(last.at), opts.timezone) !== last.at) {
      throw new Error(
        `site.timezone is ${opts.timezone}, but the journal was kept in another time zone: its last event (seq ${last.seq}) ` +
          `is at ${last.at}, which ${opts.timezone} writes as ${localIso(Date.parse(last.at), opts.timezone)}. ` +
          `Set site.timezone back to the zone the journal was kept in (offset ${last.at.slice(-6)}).`,
      );
    }
    return new Journal(opts, tail, position, recovered, converted);
  }

  /** The seq the next event will get and the hash it will chain to. */
  get position(): ChainPosition {
    return { ...this.head };
  }

  /** The time of the last event (epoch ms); new events never get an earlier one. */
  get lastAt(): number {
    return this.lastAtMs;
  }

  /** The day the journal is currently writing (the day of its last event). */
  get currentDay(): string | undefined {
    return this.current?.db.data.day;
  }

  /** Events of the current day file; a copy. */
  currentDayEvents(): JournalEvent[] {
    return this.current?.db.data.events.slice() ?? [];
  }

  /** Appends not yet durable: waiting for the next write, or in the one under way. */
  get backlog(): number {
    return this.commits.backlog;
  }

  /**
   * Appends events. They get consecutive seqs and the same timestamp. Times never go backwards in
   * the journal: if the clock steps back, events keep the last time seen, so a day file never
   * receives events of an earlier day. The first write of a new day begins with the `day.closed`
   * of the previous one; appending nothing after midnight writes just that.
   */
  append(drafts: Drafts): Promise<JournalEvent[]> {
    return this.commits.submit(drafts);
  }

  /** Resolves when every append started so far has finished (and the head note is written). */
  async flush(): Promise<void> {
    await this.commits.idle();
    if (this.headTimer) {
      clearTimeout(this.headTimer);
      this.writeHeadNow();
    }
    await this.headWrite;
  }

  /** Finishes every append started so far and lets go of the day file. */
  async close(): Promise<void> {
    await this.flush();
    await this.current?.adapter.close();
    await this.next?.adapter.close();
  }

  /**
   * Notes the head outside the chain, so that cutting events off the end of the journal is noticed
   * (the chain alone cannot tell a removed last event from one never written). Written after the
   * append is durable and without fsync: it may lag behind after a crash, never run ahead. At most
   * every HEAD_EVERY_MS (and at flush): a note per append would add a file creation and a rename
   * to every fdatasync's journal commit, for a note that may lag anyway.
   */
  private anchorHead(): void {
    this.headTimer ??= setTimeout(() => this.writeHeadNow(), HEAD_EVERY_MS);
  }

  private writeHeadNow(): void {
    this.headTimer = undefined;
    const head = { seq: this.durable.nextSeq - 1, hash: this.durable.prev };
    this.headWrite = this.headWrite.then(() => writeHead(this.opts.dataDir, head).catch(() => undefined));
  }

  /** One group commit: seals each append in order and writes each day's new events at once. */
  private async commit(batch: readonly Drafts[]): Promise<Outcome<JournalEvent[]>[]> {
    const outcomes: Outcome<JournalEvent[]>[] = [];
    let segment: Segment | undefined;
    let failure: JournalWriteError | undefined;
    for (const [index, input] of batch.entries()) {
      const atMs = Math.max(this.opts.clock.now(), this.lastAtMs);
      // Never write into a day before the current one: it is finished (and closed) on disk.
      const latest = this.next?.db.data.day ?? this.current?.db.data.day;
      const computed = localDay(atMs, this.opts.timezone);
      const day = latest && computed < latest ? latest : computed;
      if (segment && segment.day.db.data.day !== day) {
        failure = await this.write(segment, outcomes);
        segment = undefined;
        if (failure) break;
      }
      const target = await this.dayDb(day);
      segment ??= { day: target, from: target.db.data.events.length, head: this.head, lastAtMs: this.lastAtMs, appends: [] };
      try {
        const sealed = this.seal(input, target, localIso(atMs, this.opts.timezone));
        this.lastAtMs = atMs;
        segment.appends.push({ index, kinds: sealed.map((e) => e.kind), events: sealed });
        outcomes[index] = { ok: true, value: sealed };
      } catch (error) {
        outcomes[index] = { ok: false, error };
      }
    }
    if (segment && !failure) failure = await this.write(segment, outcomes);
    if (!failure) return outcomes;
    for (const [index] of batch.entries()) outcomes[index] ??= { ok: false, error: failure };
    await this.opts.rebuild?.();
    return outcomes;
  }

  /** Seals one append's drafts onto the day's document; a new day's first append begins with `day.closed`. */
  private seal(input: Drafts, target: DayDb, at: string): JournalEvent[] {
    const { day, events } = target.db.data;
    const asked = typeof input === 'function' ? input({ day, at, dayEvents: events }) : Array.isArray(input) ? input : [input];
    const firstOfDay = events.length === 0 && target !== this.current;
    const closing = firstOfDay && this.current ? summarize(this.current.db.data.day, this.current.db.data.events) : undefined;
    const drafts = closing ? [dayClosedEvent(closing, this.opts.closingNote?.()), ...asked] : asked;
    // All sealed before any is kept: a draft that cannot be sealed leaves the day as it was.
    const sealed: JournalEvent[] = [];
    let { nextSeq, prev } = this.head;
    for (const draft of drafts) {
      const event = Object.freeze(seal(draft, nextSeq, at, prev, this.opts.siteKey));
      sealed.push(event);
      nextSeq = event.seq + 1;
      prev = event.hash;
    }
    for (const event of sealed) events.push(event);
    this.head = { nextSeq, prev };
    if (sealed.length > 0) this.opts.project?.(sealed);
    return sealed;
  }

  /** Writes a segment (one write, one fdatasync); on failure undoes it in memory and says so to each append. */
  private async write(segment: Segment, outcomes: Outcome<JournalEvent[]>[]): Promise<JournalWriteError | undefined> {
    if (segment.appends.every((a) => a.events.length === 0)) return undefined;
    const { db, adapter } = segment.day;
    try {
      await db.write();
    } catch (err) {
      db.data.events.length = segment.from;
      this.head = segment.head;
      this.lastAtMs = segment.lastAtMs;
      const failed = (kinds: string[]) =>
        new JournalWriteError(
          `could not record ${kinds.join(', ') || 'the day close'} in ${adapter.path}: ${(err as Error).message}. ` +
            `Nothing was recorded; check the disk (space, permissions) and try again.`,
        );
      for (const a of segment.appends) outcomes[a.index] = { ok: false, error: failed(a.kinds) };
      return failed(segment.appends.flatMap((a) => a.kinds));
    }
    this.durable = this.head;
    if (segment.day !== this.current) {
      await this.current?.adapter.close();
      this.current = segment.day;
      this.next = undefined;
    }
    this.anchorHead();
    return undefined;
  }

  private async dayDb(day: string): Promise<DayDb> {
    if (this.current?.db.data.day === day) return this.current;
    if (this.next?.db.data.day === day) return this.next;
    const file = layout.dayFile(this.opts.dataDir, day);
    await makeDirsDurably(dirname(file));
    this.next = dayDb(file, day);
    return this.next;
  }
}

function dayDb(file: string, day: string, existing?: { events: JournalEvent[]; size: number }): DayDb {
  const adapter = new DayLogAdapter(file, day, existing);
  return { db: new Low<DayLog>(adapter, { day, events: existing?.events ?? [] }), adapter };
}
