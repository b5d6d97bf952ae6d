import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { MAX_DAY_FILE_BYTES, MAX_LINE_BYTES, parseLine } from './day-lines.js';
import { JournalDamagedError } from './errors.js';
import type { JournalEvent } from './event.js';
import type { DayFileRef } from './layout.js';
import { parseLegacyDayDoc } from './legacy-day-doc.js';

/** What the start-up sweep needs of an event: its place in the chain and its day. */
export type EdgeEvent = Pick<JournalEvent, 'seq' | 'at' | 'prev' | 'hash'>;

/** A day file's first and last events, found without reading what lies between. */
export interface DayEdges {
  size: number;
  first: EdgeEvent | undefined;
  last: EdgeEvent | undefined;
  /** Bytes of an unfinished last line after `last` (see day-lines.ts); 0 when the file ends in LF. */
  tornBytes: number;
}

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = constants;
/** The first read at each end (grown when a line is longer); most events are well under 2 KB. */
const FIRST_READ = 4 << 10;
const LF = 0x0a;

/**
 * The chain facts of a line as the journal writes it (`{"seq":N,"at":"…",…,"prev":"…","hash":"…"}`),
 * read without parsing the line. A line of another shape is parsed (and named if it is damage).
 */
const EDGE_LINE = /^\{"seq":(\d{1,15}),"at":"([^"\\]{10,40})",.*,"prev":"([0-9a-f]{64})","hash":"([0-9a-f]{64})"\}$/s;

/**
 * Reads the two ends of a day file: its size, the chain facts of its first and its last complete
 * line, and what follows the last LF. A year of day files is swept this way at every start in a
 * few milliseconds, without parsing them. Synchronous on purpose: it runs when nothing else does,
 * and ~1,000 small reads through the thread pool would only be slower.
 */
export function readDayEdges(ref: DayFileRef): DayEdges {
  let fd: number;
  try {
    fd = openSync(ref.file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    throw new JournalDamagedError(ref.file, `cannot be read (${(err as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new JournalDamagedError(ref.file, 'is not a regular file');
    if (stat.size > MAX_DAY_FILE_BYTES) throw new JournalDamagedError(ref.file, `is ${stat.size} bytes, more than a day file may hold (${MAX_DAY_FILE_BYTES})`);
    const read = (position: number, length: number) => {
      const buf = Buffer.allocUnsafe(length);
      const n = readSync(fd, buf, 0, length, position);
      return n === length ? buf : buf.subarray(0, n);
    };
    if (ref.format === 'legacy') {
      const events = parseLegacyDayDoc(read(0, stat.size), ref.file, ref.day);
      return { size: stat.size, first: events[0], last: events.at(-1), tornBytes: 0 };
    }
    return linesEdges(ref.file, stat.size, read);
  } finally {
    closeSync(fd);
  }
}

function linesEdges(file: string, size: number, read: (position: number, length: number) => Buffer): DayEdges {
  // The first line: read more until its LF shows (bounded by the longest line allowed).
  let head = read(0, Math.min(size, FIRST_READ));
  let firstEnd = head.indexOf(LF);
  while (firstEnd === -1 && head.length < size && head.length <= MAX_LINE_BYTES) {
    head = read(0, Math.min(size, head.length * 4));
    firstEnd = head.indexOf(LF);
  }
  if (firstEnd === -1) {
    if (head.length < size) throw new JournalDamagedError(file, `has no line end in its first ${head.length} bytes`, undefined, 1);
    return { size, first: undefined, last: undefined, tornBytes: size };
  }
  const first = edgeEvent(head, 0, firstEnd, file, 1);
  // The last line: the tail must reach back past the LF before it (or to the file's start).
  let length = Math.min(size, FIRST_READ);
  for (;;) {
    const tail = read(size - length, length);
    const lastLf = tail.lastIndexOf(LF);
    const before = lastLf > 0 ? tail.lastIndexOf(LF, lastLf - 1) : -1;
    if (lastLf !== -1 && (before !== -1 || length === size)) {
      const start = before + 1;
      const tornBytes = tail.length - lastLf - 1;
      const last = start === 0 && length === size ? first : edgeEvent(tail, start, lastLf, file);
      return { size, first, last, tornBytes };
    }
    if (length === size || length > MAX_LINE_BYTES * 2) throw new JournalDamagedError(file, `its last ${length} bytes hold no complete line`);
    length = Math.min(size, length * 4);
  }
}

function edgeEvent(bytes: Buffer, start: number, end: number, file: string, line?: number): EdgeEvent {
  const text = bytes.subarray(start, end);
  const m = text.indexOf(0) === -1 && isUtf8(text) ? EDGE_LINE.exec(text.toString('utf8')) : null;
  if (m) return { seq: Number(m[1]), at: m[2]!, prev: m[3]!, hash: m[4]! };
  return parseLine(bytes, start, end, file, line);
}
