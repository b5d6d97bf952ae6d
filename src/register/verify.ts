import { checkDayEvents, type ChainPosition } from './chain-check.js';
import { scanDayLines, type ParsedDay, type TornTail } from './day-lines.js';
import { JournalDamagedError } from './errors.js';
import { GENESIS_HASH, type JournalEvent } from './event.js';
import { checkAgainstHead, readHead } from './head.js';
import { layout, listDayFiles, type DayFileRef } from './layout.js';
import { parseLegacyDayDoc } from './legacy-day-doc.js';
import { readDayBytes } from './reader.js';

export type VerifyResult =
  | {
      ok: true;
      files: number;
      events: number;
      lastSeq: number;
      lastHash: string;
      /** The newest file ends in an unfinished line: an append never acknowledged (see day-lines.ts). */
      tornTail?: TornTail & { file: string };
    }
  | { ok: false; file: string; seq?: number; line?: number; problem: string; events: number };

/**
 * Recomputes the whole chain, file by file, oldest first, and names the first bad record (file,
 * line, seq). Reads both day-file formats, so a data directory the new version has not converted
 * yet verifies too. Personal data is checked against its digest when the site key is at hand.
 */
export async function verifyJournal(dataDir: string, siteKey: Buffer | undefined): Promise<VerifyResult> {
  const files = await listDayFiles(dataDir);
  const head = await readHead(dataDir);
  let atHead: JournalEvent | undefined;
  let pos: ChainPosition = { nextSeq: 1, prev: GENESIS_HASH };
  let events = 0;
  let tornTail: (TornTail & { file: string }) | undefined;
  for (const [i, ref] of files.entries()) {
    const { file, day } = ref;
    let parsed: ParsedDay & { damage?: JournalDamagedError };
    try {
      parsed = await readForVerify(ref, i === files.length - 1);
    } catch (err) {
      if (!(err instanceof JournalDamagedError)) throw err;
      return { ok: false, file, seq: pos.nextSeq, line: err.line, problem: err.problem, events };
    }
    const bad = checkDayEvents(parsed.events, day, pos, siteKey);
    if (bad) {
      const line = ref.format === 'lines' ? bad.index + 1 : undefined;
      return { ok: false, file, seq: bad.seq, line, problem: bad.problem, events: events + bad.index };
    }
    const last = parsed.events.at(-1);
    if (parsed.damage) {
      const seq = last ? last.seq + 1 : pos.nextSeq;
      return { ok: false, file, seq, line: parsed.damage.line, problem: parsed.damage.problem, events: events + parsed.events.length };
    }
    if (last) pos = { nextSeq: last.seq + 1, prev: last.hash };
    atHead ??= parsed.events.find((e) => e.seq === head?.seq);
    events += parsed.events.length;
    if (parsed.torn) tornTail = { ...parsed.torn, file };
  }
  const cut = head && checkAgainstHead(head, pos, atHead ? [atHead] : []);
  if (cut) {
    const file = files.at(-1)?.file ?? layout.journalDir(dataDir);
    return { ok: false, file, seq: Math.min(pos.nextSeq, head.seq), line: tornTail?.line, problem: cut, events };
  }
  return { ok: true, files: files.length, events, lastSeq: pos.nextSeq - 1, lastHash: pos.prev, ...(tornTail ? { tornTail } : {}) };
}

/** A day file's events up to its first damage, which is returned rather than thrown. */
async function readForVerify(ref: DayFileRef, newest: boolean): Promise<ParsedDay & { damage?: JournalDamagedError }> {
  const bytes = await readDayBytes(ref);
  if (!bytes) throw new JournalDamagedError(ref.file, 'disappeared while it was being verified');
  if (ref.format === 'legacy') return { events: parseLegacyDayDoc(bytes, ref.file, ref.day) };
  return scanDayLines(bytes, ref.file, newest);
}
