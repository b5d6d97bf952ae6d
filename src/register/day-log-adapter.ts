import type { Adapter } from 'lowdb';
import { AppendOnlyFile } from './append-file.js';
import { eventLine, MAX_DAY_FILE_BYTES, parseDayLines } from './day-lines.js';
import type { JournalEvent } from './event.js';
import { readRegularFile } from './safe-file.js';

/** One local day of the journal as lowdb holds it. */
export interface DayLog {
  day: string;
  events: JournalEvent[];
}

/**
 * The register's lowdb adapter over one day file (day-lines.ts). lowdb hands it the whole
 * document; it appends only the events that are new since its last write (one write, one
 * fdatasync, see AppendOnlyFile) and refuses a document whose earlier events are not exactly the
 * ones on disk, in the same order: the journal is never edited in place. (Personal data is purged
 * from closed days by replacing their files whole, see retention.ts; never through this adapter.)
 */
export class DayLogAdapter implements Adapter<DayLog> {
  private file: AppendOnlyFile | undefined;
  /** The events on disk, oldest first: the document's first events must remain these objects. */
  private onDisk: JournalEvent[];
  private size: number;

  /** `existing`: the day file as read and checked at start-up; without it the file must not exist yet. */
  constructor(
    readonly path: string,
    readonly day: string,
    existing?: { events: readonly JournalEvent[]; size: number },
  ) {
    this.onDisk = existing ? existing.events.slice() : [];
    this.size = existing?.size ?? -1;
  }

  async read(): Promise<DayLog | null> {
    let bytes: Buffer;
    try {
      bytes = await readRegularFile(this.path, MAX_DAY_FILE_BYTES);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    this.onDisk = parseDayLines(bytes, this.path, false).events;
    this.size = bytes.length;
    return { day: this.day, events: this.onDisk.slice() };
  }

  async write(doc: DayLog): Promise<void> {
    if (doc.day !== this.day) throw new Error(`${this.path} holds ${this.day}, not ${doc.day}`);
    const kept = this.onDisk.length;
    if (doc.events.length < kept) {
      throw new Error(`refused: the write would remove events from seq ${this.onDisk[doc.events.length]!.seq} on, which ${this.path} holds; the journal only appends`);
    }
    for (let i = 0; i < kept; i++) {
      if (doc.events[i] !== this.onDisk[i]) throw new Error(`refused: the write would change seq ${this.onDisk[i]!.seq}, which ${this.path} holds; the journal only appends`);
    }
    if (doc.events.length === kept) return;
    const fresh = doc.events.slice(kept);
    this.file ??= this.size < 0 ? await AppendOnlyFile.create(this.path) : await AppendOnlyFile.openExisting(this.path, this.size);
    await this.file.append(Buffer.from(fresh.map(eventLine).join('')));
    for (const event of fresh) this.onDisk.push(event);
  }

  /** Lets go of the file (the day is over, or the journal closes); a later write opens it again. */
  async close(): Promise<void> {
    if (!this.file) return;
    this.size = this.file.size;
    await this.file.close();
    this.file = undefined;
  }
}
