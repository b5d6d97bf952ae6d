import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { writeFileDurably } from './durable-write.js';
import { JournalDamagedError } from './errors.js';
import type { JournalEvent } from './event.js';

/** One local day of the journal: the lowdb document stored in `journal/YYYY/MM/YYYY-MM-DD.json`. */
export interface DayDoc {
  format: 1;
  site: string;
  day: string;
  events: JournalEvent[];
}

/**
 * The register's lowdb adapter: durable writes (see writeFileDurably) and a read that refuses a
 * damaged file instead of treating it as empty. Events are written one per line so that a day file
 * reads and diffs well; it is still one JSON document.
 */
export class DayFileAdapter implements Adapter<DayDoc> {
  constructor(readonly file: string) {}

  async read(): Promise<DayDoc | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new JournalDamagedError(this.file, `cannot be read (${(err as Error).message})`);
    }
    return parseDayDoc(bytes, this.file);
  }

  async write(doc: DayDoc): Promise<void> {
    await writeFileDurably(this.file, serializeDayDoc(doc));
  }
}

/** Serialized events, kept so that an append re-stringifies only what is new in the day. */
const lineCache = new WeakMap<JournalEvent, string>();

function eventLine(event: JournalEvent): string {
  let line = lineCache.get(event);
  if (line === undefined) {
    line = JSON.stringify(event);
    lineCache.set(event, line);
  }
  return line;
}

/** A sealed event is never changed (the journal only appends), so its line can be reused. */
export function serializeDayDoc(doc: DayDoc): string {
  const head = `{"format":${doc.format},"site":${JSON.stringify(doc.site)},"day":${JSON.stringify(doc.day)},"events":[`;
  if (doc.events.length === 0) return `${head}]}\n`;
  return `${head}\n${doc.events.map(eventLine).join(',\n')}\n]}\n`;
}

/** Reads a day file's bytes, naming exactly what is wrong when they are not a day document. */
export function parseDayDoc(bytes: Buffer, file: string): DayDoc {
  const quick = quickProblem(bytes);
  if (quick) throw new JournalDamagedError(file, quick);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new JournalDamagedError(file, `is not valid JSON (${(err as Error).message}); it may be truncated`);
  }
  const shape = shapeProblem(doc);
  if (shape) throw new JournalDamagedError(file, shape);
  return doc as DayDoc;
}

/**
 * Cheap checks that catch what a crash or a bad disk leaves behind (empty, NUL-filled, cut short)
 * without parsing.
 */
export function quickProblem(bytes: Buffer): string | undefined {
  if (bytes.length === 0) return 'is empty (0 bytes)';
  const nul = bytes.indexOf(0);
  if (nul !== -1) return `contains NUL bytes (first at byte ${nul})`;
  let start = 0;
  while (start < bytes.length && isSpace(bytes[start]!)) start++;
  let end = bytes.length - 1;
  while (end > start && isSpace(bytes[end]!)) end--;
  // Every day file starts with "{" and ends with "]}" (the events array, then the document).
  if (bytes[start] !== 0x7b || bytes[end] !== 0x7d || bytes[end - 1] !== 0x5d) {
    return 'is not a complete day document; it may be truncated';
  }
  return undefined;
}

/** How much of each end of a file the start-up sweep reads. */
const EDGE = 512;

/**
 * The start-up sweep over every day file: size and both ends only, so that it stays fast however
 * many years the journal holds. A full check of every byte is `control-room verify`. Synchronous
 * on purpose: at start-up nothing else runs, and a year of files is ~1,800 small system calls that
 * the thread pool would only slow down.
 */
export function quickFileProblem(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return `cannot be read (${(err as Error).message})`;
  }
  try {
    const { size } = fstatSync(fd);
    const read = (length: number, position: number) => {
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, position);
      return buf;
    };
    return quickProblem(size <= 2 * EDGE ? read(size, 0) : Buffer.concat([read(EDGE, 0), read(EDGE, size - EDGE)]));
  } finally {
    closeSync(fd);
  }
}

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function shapeProblem(doc: unknown): string | undefined {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return 'is not a day document (expected an object)';
  const d = doc as Record<string, unknown>;
  if (d.format !== 1) return `has format ${JSON.stringify(d.format)}, expected 1`;
  if (typeof d.day !== 'string') return 'has no "day"';
  if (!Array.isArray(d.events)) return 'has no "events" array';
  for (const [i, e] of d.events.entries()) {
    if (typeof e !== 'object' || e === null) return `event #${i + 1} is not an object`;
    const ev = e as Record<string, unknown>;
    if (!Number.isInteger(ev.seq)) return `event #${i + 1} has no integer seq`;
    for (const key of ['at', 'kind', 'actor', 'prev', 'hash'] as const) {
      if (typeof ev[key] !== 'string') return `event seq ${String(ev.seq)} has no "${key}"`;
    }
    if (typeof ev.data !== 'object' || ev.data === null) return `event seq ${String(ev.seq)} has no "data" object`;
  }
  return undefined;
}
