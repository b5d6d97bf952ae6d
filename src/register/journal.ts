import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import type { Clock } from '../time/clock.js';
import { localDay, localIso } from '../time/zone.js';
import { checkDayEvents, type ChainPosition } from './chain-check.js';
import { makeDirsDurably } from './durable-write.js';
import { DayFileAdapter, parseDayDoc, quickFileProblem, type DayDoc } from './day-file.js';
import { JournalDamagedError } from './errors.js';
import { GENESIS_HASH, type JournalEvent, type NewEvent } from './event.js';
import { layout, listDayFiles, type DayFileRef } from './layout.js';
import { seal } from './seal.js';
import { checkAgainstHead, readHead, writeHead } from './head.js';
import { dayClosedEvent, summarize } from '../domain/day-close.js';

/** What an append builder sees: the day and time its events will carry, and that day's events so far. */
export interface AppendContext {
  day: string;
  at: string;
  dayEvents: readonly JournalEvent[];
}

export type Drafts = NewEvent | NewEvent[] | ((ctx: AppendContext) => NewEvent[]);

export interface JournalOptions {
  dataDir: string;
  siteId: string;
  timezone: string;
  clock: Clock;
  siteKey: Buffer;
  /** More for a `day.closed` to say, from the projections (e.g. the oldest day still open). */
  closingNote?: () => Record<string, unknown>;
}

/**
 * The register's append-only journal. Only the lock holder opens one. `append` resolves only once
 * the events are durable on disk; until then nobody may be told they are recorded.
 */
export class Journal {
  private current: Low<DayDoc> | undefined;
  private head: ChainPosition;
  private lastAtMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private headWrite: Promise<void> = Promise.resolve();
  private headDirty = false;

  private constructor(
    private readonly opts: JournalOptions,
    tail: DayDoc | undefined,
    head: ChainPosition,
  ) {
    this.head = head;
    const last = tail?.events.at(-1);
    this.lastAtMs = last ? Date.parse(last.at) : 0;
    if (tail) {
      this.current = new Low(new DayFileAdapter(layout.dayFile(opts.dataDir, tail.day)), tail);
      this.current.data = tail;
    }
  }

  /**
   * Opens the journal: every day file gets a cheap integrity check (its size and both ends, see
   * quickFileProblem) and the last two are verified
   * link by link, so the chain continues from a head that is known good. Refuses (throws
   * JournalDamagedError naming the file) rather than start over a damaged journal.
   */
  static async open(opts: JournalOptions): Promise<Journal> {
    const files = await listDayFiles(opts.dataDir, true);
    const tailFiles = files.slice(-2);
    for (const ref of files.slice(0, -2)) {
      const problem = quickFileProblem(ref.file);
      if (problem) throw new JournalDamagedError(ref.file, problem);
    }
    let head: ChainPosition = { nextSeq: 1, prev: GENESIS_HASH };
    let tail: DayDoc | undefined;
    for (const [i, ref] of tailFiles.entries()) {
      const doc = await readDayDoc(ref);
      const first = doc.events[0];
      // The older of the two tail files is trusted from its own first event; the link from there on is checked.
      if (i === 0 && first && files.length > tailFiles.length) head = { nextSeq: first.seq, prev: first.prev };
      const bad = checkDayEvents(doc.events, ref.day, head, opts.siteKey);
      if (bad) throw new JournalDamagedError(ref.file, `seq ${bad.seq}: ${bad.problem}`, bad.seq);
      const last = doc.events.at(-1);
      if (last) head = { nextSeq: last.seq + 1, prev: last.hash };
      tail = doc;
    }
    const last = tail?.events.at(-1);
    if (last && localIso(Date.parse(last.at), opts.timezone) !== last.at) {
      throw new Error(
        `site.timezone is ${opts.timezone}, but the journal was kept in another time zone: its last event (seq ${last.seq}) ` +
          `is at ${last.at}, which ${opts.timezone} writes as ${localIso(Date.parse(last.at), opts.timezone)}. ` +
          `Set site.timezone back to the zone the journal was kept in (offset ${last.at.slice(-6)}).`,
      );
    }
    const anchored = await readHead(opts.dataDir);
    const headProblem = anchored && checkAgainstHead(anchored, head, tail?.events ?? []);
    if (headProblem) throw new JournalDamagedError(tailFiles.at(-1)?.file ?? layout.journalDir(opts.dataDir), headProblem);
    return new Journal(opts, tail, head);
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
    return this.current?.data.day;
  }

  /** Events of the current day file; a copy. */
  currentDayEvents(): JournalEvent[] {
    return [...(this.current?.data.events ?? [])];
  }

  /**
   * Appends events as one durable write. They get consecutive seqs and the same timestamp. Times
   * never go backwards in the journal: if the clock steps back, events keep the last time seen, so
   * a day file never receives events of an earlier day. The first write of a new day begins with
   * the `day.closed` of the previous one; appending nothing after midnight writes just that.
   */
  append(drafts: Drafts): Promise<JournalEvent[]> {
    const run = this.queue.then(() => this.write(drafts));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every append started so far has finished. */
  async flush(): Promise<void> {
    await this.queue;
    await this.headWrite;
  }

  /**
   * Notes the head outside the chain, so that cutting events off the end of the journal is noticed
   * (the chain alone cannot tell a removed last event from one never written). Written after the
   * append is durable and without fsync: it may lag behind after a crash, never run ahead.
   */
  private anchorHead(): void {
    if (this.headDirty) return;
    this.headDirty = true;
    this.headWrite = this.headWrite.then(async () => {
      this.headDirty = false;
      await writeHead(this.opts.dataDir, { seq: this.head.nextSeq - 1, hash: this.head.prev }).catch(() => undefined);
    });
  }

  private async write(input: Drafts): Promise<JournalEvent[]> {
    const atMs = Math.max(this.opts.clock.now(), this.lastAtMs);
    const at = localIso(atMs, this.opts.timezone);
    const computed = localDay(atMs, this.opts.timezone);
    // Never write into a day before the current one: it is finished (and closed) on disk.
    const current = this.current?.data.day;
    const day = current && computed < current ? current : computed;
    const db = await this.dayDb(day);
    const asked = typeof input === 'function' ? input({ day, at, dayEvents: db.data.events }) : Array.isArray(input) ? input : [input];
    const finished = db !== this.current && this.current ? summarize(this.current.data.day, this.current.data.events) : undefined;
    const drafts = finished ? [dayClosedEvent(finished, this.opts.closingNote?.()), ...asked] : asked;
    if (drafts.length === 0) return [];
    const sealed: JournalEvent[] = [];
    let { nextSeq, prev } = this.head;
    for (const draft of drafts) {
      const event = seal(draft, nextSeq, at, prev, this.opts.siteKey);
      sealed.push(event);
      nextSeq += 1;
      prev = event.hash;
    }
    const before = db.data.events.length;
    db.data.events.push(...sealed);
    try {
      await db.write();
    } catch (err) {
      db.data.events.length = before;
      throw new Error(
        `could not record ${drafts.map((d) => d.kind).join(', ')} in ${layout.dayFile(this.opts.dataDir, day)}: ` +
          `${(err as Error).message}. Nothing was recorded; check the disk (space, permissions) and try again.`,
      );
    }
    this.head = { nextSeq, prev };
    this.lastAtMs = atMs;
    this.anchorHead();
    this.current = db;
    return sealed;
  }

  private async dayDb(day: string): Promise<Low<DayDoc>> {
    if (this.current && this.current.data.day === day) return this.current;
    const file = layout.dayFile(this.opts.dataDir, day);
    await makeDirsDurably(dirname(file));
    const fresh: DayDoc = { format: 1, site: this.opts.siteId, day, events: [] };
    const db = new Low<DayDoc>(new DayFileAdapter(file), fresh);
    return db;
  }
}

async function readDayDoc(ref: DayFileRef): Promise<DayDoc> {
  let bytes: Buffer;
  try {
    bytes = await readFile(ref.file);
  } catch (err) {
    throw new JournalDamagedError(ref.file, `cannot be read (${(err as Error).message})`);
  }
  const doc = parseDayDoc(bytes, ref.file);
  if (doc.day !== ref.day) throw new JournalDamagedError(ref.file, `says it holds ${doc.day}`);
  return doc;
}
