import { constants } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { dayOfAt } from '../time/zone.js';
import { checkDayEvents, type ChainPosition } from './chain-check.js';
import { readDayEdges } from './day-edges.js';
import { MAX_DAY_FILE_BYTES, parseDayLines, type TornTail } from './day-lines.js';
import { fsyncDir } from './durable-write.js';
import { JournalDamagedError } from './errors.js';
import { GENESIS_HASH, type JournalEvent } from './event.js';
import { checkAgainstHead, readHead } from './head.js';
import { listDayFiles, type DayFileRef } from './layout.js';
import { readRegularFile } from './safe-file.js';

/** The newest day file as start-up found it: where appends continue. */
export interface JournalTail {
  day: string;
  file: string;
  events: JournalEvent[];
  size: number;
}

/** A torn tail cut off the newest day file at start-up (see day-lines.ts). */
export interface Recovery {
  /** Relative to the data directory. */
  file: string;
  offset: number;
  bytes: number;
  line: number;
  /** The file held nothing but the unfinished line and was removed. */
  removed: boolean;
}

export interface CheckedJournal {
  tail: JournalTail | undefined;
  position: ChainPosition;
  recovered: Recovery | undefined;
}

/**
 * The start-up check, cheap however many years the journal holds: every day file but the newest
 * is checked at its two ends only, without parsing (see readDayEdges), each linked to the one
 * before it (seq and hash), so a missing, cut or swapped file is caught without reading a year;
 * what lies inside an older file is `verify`'s to check. The newest file is read whole and
 * verified link by link: it is where a crash leaves its marks. A torn tail of the newest file (an
 * unfinished last line, which was never acknowledged) is cut off, unless journal/head.json shows
 * the journal had already reached further: then acknowledged events were lost and start-up
 * refuses. Any other damage refuses too, naming the file and line. The full check of every byte
 * is `control-room verify`.
 */
export async function checkJournalAtStart(dataDir: string, siteKey: Buffer | undefined): Promise<CheckedJournal> {
  let files = await listDayFiles(dataDir, true);
  const anchored = await readHead(dataDir);
  let recovered: Recovery | undefined;
  let newest = files.at(-1) && (await readNewest(files.at(-1)!));
  // Empty, or only an unfinished line (a crash right after the day's file was created): the file
  // goes, and the day before is the newest (so the next write closes it with its day.closed).
  if (newest && newest.events.length === 0) {
    recovered = await recover(dataDir, newest, anchored?.seq ?? 0, () => sweepEdges(files.slice(0, -1)).nextSeq - 1);
    files = files.slice(0, -1);
    newest = files.at(-1) && (await readNewest(files.at(-1)!));
  }
  if (!newest) return { tail: undefined, position: { nextSeq: 1, prev: GENESIS_HASH }, recovered };
  const before = sweepEdges(files.slice(0, -1));
  const bad = checkDayEvents(newest.events, newest.ref.day, before, siteKey);
  if (bad) throw new JournalDamagedError(newest.ref.file, `seq ${bad.seq}: ${bad.problem}`, bad.seq, bad.index + 1);
  const last = newest.events.at(-1);
  const position = last ? { nextSeq: last.seq + 1, prev: last.hash } : before;
  let size = newest.size;
  if (newest.torn) {
    recovered = await recover(dataDir, newest, anchored?.seq ?? 0, () => position.nextSeq - 1);
    size = newest.torn.offset;
  }
  const headProblem = anchored && checkAgainstHead(anchored, position, newest.events);
  if (headProblem) throw new JournalDamagedError(newest.ref.file, headProblem);
  return { tail: { day: newest.ref.day, file: newest.ref.file, events: newest.events, size }, position, recovered };
}

interface Newest {
  ref: DayFileRef;
  events: JournalEvent[];
  size: number;
  torn: TornTail | undefined;
}

async function readNewest(ref: DayFileRef): Promise<Newest> {
  if (ref.format !== 'lines') throw new JournalDamagedError(ref.file, 'is in the format of an earlier version and was not converted');
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(ref.file, MAX_DAY_FILE_BYTES);
  } catch (err) {
    throw new JournalDamagedError(ref.file, `cannot be read (${(err as Error).message})`);
  }
  const { events, torn } = parseDayLines(bytes, ref.file, true);
  return { ref, events, size: bytes.length, torn };
}

/** Links every file's ends to the file before it; returns where the chain stands after the last. */
function sweepEdges(files: readonly DayFileRef[]): ChainPosition {
  let at: ChainPosition = { nextSeq: 1, prev: GENESIS_HASH };
  for (const ref of files) {
    const { first, last, tornBytes, size } = readDayEdges(ref);
    const fail = (problem: string, seq: number, line?: number): never => {
      throw new JournalDamagedError(ref.file, problem, seq, line);
    };
    if (!first || !last) fail(size === 0 ? 'is empty (0 bytes)' : 'holds no complete line', at.nextSeq);
    if (tornBytes > 0) fail(`its last ${tornBytes} bytes have no line end: cut short, and only the newest day file may end so`, last!.seq + 1);
    if (first!.seq !== at.nextSeq) fail(`seq ${at.nextSeq} is missing (found seq ${first!.seq} in its place)`, at.nextSeq, 1);
    if (first!.prev !== at.prev) fail(`seq ${first!.seq}: prev does not match the hash of seq ${first!.seq - 1}`, first!.seq, 1);
    for (const [event, line] of [[first!, 1], [last!, undefined]] as const) {
      if (dayOfAt(event.at) !== ref.day) fail(`seq ${event.seq}: time ${event.at} does not belong in the file of ${ref.day}`, event.seq, line);
    }
    if (last!.seq < first!.seq) fail(`its last event (seq ${last!.seq}) comes before its first (seq ${first!.seq})`, first!.seq);
    at = { nextSeq: last!.seq + 1, prev: last!.hash };
  }
  return at;
}

/**
 * Cuts the unfinished last line off the newest file (or removes a file that holds nothing else)
 * and makes the cut durable. Refused when the head note shows those seqs were acknowledged.
 */
async function recover(dataDir: string, newest: Newest, anchoredSeq: number, lastComplete: () => number): Promise<Recovery> {
  const torn = newest.torn ?? { offset: 0, bytes: 0, line: 1 };
  const reached = lastComplete();
  if (anchoredSeq > reached) {
    throw new JournalDamagedError(
      newest.ref.file,
      `${newest.size === 0 ? 'it is empty' : `its last line (${torn.bytes} bytes at byte ${torn.offset}) is cut short`}, and journal/head.json says the journal had reached seq ${anchoredSeq}: ` +
        `seq ${reached + 1} to ${anchoredSeq} were recorded and are lost`,
      reached + 1,
      torn.line,
    );
  }
  const removed = torn.offset === 0;
  if (removed) {
    await unlink(newest.ref.file);
    await fsyncDir(dirname(newest.ref.file));
  } else {
    const handle = await open(newest.ref.file, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      await handle.truncate(torn.offset);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  return { file: relative(dataDir, newest.ref.file), offset: torn.offset, bytes: torn.bytes, line: torn.line, removed };
}

