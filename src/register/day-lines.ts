import { isUtf8 } from 'node:buffer';
import { JournalDamagedError } from './errors.js';
import type { JournalEvent } from './event.js';

/**
 * The journal's day files: JSON Lines, one sealed event per line (`JSON.stringify` of the event as
 * sealed, so a line starts `{"seq":N,`), each line ending in LF. The hash chain is over the
 * canonical form of the event, not over these bytes.
 *
 * Every flush writes whole lines, LF included, before its fdatasync, and nothing is acknowledged
 * before that returns. So a final stretch without its LF is a flush that never completed (a power
 * cut, a kill in the middle of write()): a torn tail, never an acknowledged event. Anything else
 * that is not an event is damage.
 */

/** A line longer than this is damage, not an event (a large entry is a few KB). */
export const MAX_LINE_BYTES = 1 << 20;
/** The most a day file may hold before the register refuses to read it whole (over a million events). */
export const MAX_DAY_FILE_BYTES = 1 << 30;

const LF = 0x0a;

export function eventLine(event: JournalEvent): string {
  return `${JSON.stringify(event)}\n`;
}

/** The bytes after a day file's last LF: an append that never completed. */
export interface TornTail {
  /** Where the unfinished line begins (the file is cut back to this). */
  offset: number;
  bytes: number;
  /** Its line number. */
  line: number;
}

export interface ParsedDay {
  events: JournalEvent[];
  torn?: TornTail;
}

/**
 * Reads a day file's lines into events. Every complete line must be an event (valid UTF-8 JSON of
 * the event's shape, no NUL bytes); the file's damage is named by line. An unfinished last line
 * is returned as `torn` when `tornTail` allows it (the newest file; also what a reader sees while
 * the daemon is writing), and is damage otherwise.
 */
export function parseDayLines(bytes: Buffer, file: string, tornTail: boolean): ParsedDay {
  const { damage, ...parsed } = scanDayLines(bytes, file, tornTail);
  if (damage) throw damage;
  return parsed;
}

/** parseDayLines that stops at the first damage and returns it with the events before it (for `verify`). */
export function scanDayLines(bytes: Buffer, file: string, tornTail: boolean): ParsedDay & { damage?: JournalDamagedError } {
  const events: JournalEvent[] = [];
  let start = 0;
  let line = 1;
  try {
    for (let end = bytes.indexOf(LF); end !== -1; end = bytes.indexOf(LF, start)) {
      events.push(parseLine(bytes, start, end, file, line));
      start = end + 1;
      line += 1;
    }
  } catch (err) {
    if (err instanceof JournalDamagedError) return { events, damage: err };
    throw err;
  }
  if (start === bytes.length) return { events };
  const torn: TornTail = { offset: start, bytes: bytes.length - start, line };
  if (tornTail) return { events, torn };
  const problem = `the last line (${torn.bytes} bytes at byte ${start}) has no line end: it is cut short, and only the newest day file may end so`;
  return { events, damage: new JournalDamagedError(file, problem, undefined, line) };
}

/**
 * One complete line (without its LF) as an event, or JournalDamagedError naming the line (or "its
 * last line" when its number is not known: the start-up sweep reads only a file's ends).
 */
export function parseLine(bytes: Buffer, start: number, end: number, file: string, line?: number): JournalEvent {
  const fail = (problem: string): never => {
    throw line === undefined ? new JournalDamagedError(file, `its last line ${problem}`) : new JournalDamagedError(file, problem, undefined, line);
  };
  if (end === start) fail('is empty (a day file holds one event per line)');
  if (end - start > MAX_LINE_BYTES) fail(`is ${end - start} bytes long, more than an event can be (${MAX_LINE_BYTES})`);
  const text = bytes.subarray(start, end);
  const nul = text.indexOf(0);
  if (nul !== -1) fail(`contains NUL bytes (first at byte ${start + nul})`);
  if (!isUtf8(text)) fail('is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8'));
  } catch (err) {
    fail(`is not JSON (${(err as Error).message})`);
  }
  const problem = eventShapeProblem(value);
  if (problem) fail(problem);
  return value as JournalEvent;
}

/** What is wrong with a parsed value that should be a sealed event, or undefined when it is one. */
export function eventShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not an event (expected a JSON object)';
  const e = value as Record<string, unknown>;
  if (!Number.isSafeInteger(e.seq) || (e.seq as number) < 1) return 'has no seq (a whole number from 1)';
  for (const key of ['at', 'kind', 'actor', 'prev', 'hash'] as const) {
    if (typeof e[key] !== 'string') return `event seq ${String(e.seq)} has no "${key}"`;
  }
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) return `event seq ${String(e.seq)} has no "data" object`;
  if (e.pii !== undefined && (typeof e.pii !== 'object' || e.pii === null || Object.values(e.pii).some((v) => typeof v !== 'string'))) {
    return `event seq ${String(e.seq)} has personal data that is not a set of texts`;
  }
  if (e.piiDigest !== undefined && typeof e.piiDigest !== 'string') return `event seq ${String(e.seq)} has a piiDigest that is not a text`;
  return undefined;
}
