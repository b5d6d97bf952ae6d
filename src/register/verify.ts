import { readFile } from 'node:fs/promises';
import { GENESIS_HASH, type JournalEvent } from './event.js';
import { checkDayEvents, type ChainPosition } from './chain-check.js';
import { parseDayDoc } from './day-file.js';
import { JournalDamagedError } from './errors.js';
import { checkAgainstHead, readHead } from './head.js';
import { layout, listDayFiles } from './layout.js';

export type VerifyResult =
  | { ok: true; files: number; events: number; lastSeq: number; lastHash: string }
  | { ok: false; file: string; seq?: number; problem: string; events: number };

/**
 * Recomputes the whole chain, file by file, oldest first, and names the first bad record. Personal
 * data is checked against its digest when the site key is at hand.
 */
export async function verifyJournal(dataDir: string, siteKey: Buffer | undefined): Promise<VerifyResult> {
  const files = await listDayFiles(dataDir);
  const head = await readHead(dataDir);
  let atHead: JournalEvent | undefined;
  let pos: ChainPosition = { nextSeq: 1, prev: GENESIS_HASH };
  let events = 0;
  for (const { day, file } of files) {
    let doc;
    try {
      doc = parseDayDoc(await readFile(file), file);
    } catch (err) {
      const problem = err instanceof JournalDamagedError ? err.problem : (err as Error).message;
      return { ok: false, file, seq: pos.nextSeq, problem, events };
    }
    if (doc.day !== day) return { ok: false, file, seq: pos.nextSeq, problem: `says it holds ${doc.day}`, events };
    const bad = checkDayEvents(doc.events, day, pos, siteKey);
    if (bad) return { ok: false, file, seq: bad.seq, problem: bad.problem, events };
    const last = doc.events.at(-1);
    if (last) pos = { nextSeq: last.seq + 1, prev: last.hash };
    atHead ??= doc.events.find((e) => e.seq === head?.seq);
    events += doc.events.length;
  }
  const cut = head && checkAgainstHead(head, pos, atHead ? [atHead] : []);
  if (cut) {
    const file = files.at(-1)?.file ?? layout.journalDir(dataDir);
    return { ok: false, file, seq: Math.min(pos.nextSeq, head.seq), problem: cut, events };
  }
  return { ok: true, files: files.length, events, lastSeq: pos.nextSeq - 1, lastHash: pos.prev };
}
