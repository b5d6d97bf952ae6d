import { rename } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { eventLine, parseDayLines } from './day-lines.js';
import { fsyncDir, makeDirsDurably, writeFileDurably } from './durable-write.js';
import { JournalDamagedError } from './errors.js';
import type { JournalEvent } from './event.js';
import { layout, listLegacyDayFiles, type DayFileRef } from './layout.js';
import { parseLegacyDayDoc } from './legacy-day-doc.js';
import { readDayBytes } from './reader.js';
import { verifyJournal, type VerifyResult } from './verify.js';

export interface Conversion {
  days: number;
  events: number;
  /** Where the old files now are; the operator removes them once satisfied. */
  copies: string;
}

/**
 * Converts the day files of earlier versions (one JSON document per day, see legacy-day-doc.ts)
 * to JSON Lines, on the first start of this version and before anything is appended. The whole
 * journal is verified first (nothing is converted over damage); then day by day, oldest first,
 * the new file is written durably (temp file, fsync, rename), read back and compared event by
 * event with the old one, and only then is the old file moved to `DATA/journal-before-jsonl/`,
 * where it stays until the operator removes it. The chain's hashes do not change: they are over
 * each event's canonical form, not over the file. A crash part-way leaves some days converted and
 * the rest not; the next start finishes (a day found in both formats must hold the same events).
 * The journal is verified again at the end.
 */
export async function convertLegacyDays(dataDir: string, siteKey: Buffer | undefined): Promise<Conversion | undefined> {
  const legacy = await listLegacyDayFiles(dataDir);
  if (legacy.length === 0) return undefined;
  refuseDamage(await verifyJournal(dataDir, siteKey), 'before converting it to JSON Lines; nothing was converted');
  let events = 0;
  for (const ref of legacy) events += await convertDay(dataDir, ref);
  refuseDamage(await verifyJournal(dataDir, siteKey), 'after converting it to JSON Lines; the old files are in ' + layout.legacyCopies(dataDir));
  return { days: legacy.length, events, copies: layout.legacyCopies(dataDir) };
}

async function convertDay(dataDir: string, ref: DayFileRef): Promise<number> {
  const old = parseLegacyDayDoc(await mustRead(ref), ref.file, ref.day);
  const target: DayFileRef = { day: ref.day, file: layout.dayFile(dataDir, ref.day), format: 'lines' };
  if (!(await readDayBytes(target))) await writeFileDurably(target.file, old.map(eventLine).join(''));
  const converted = parseDayLines(await mustRead(target), target.file, false).events;
  if (!sameEvents(old, converted)) {
    throw new JournalDamagedError(
      target.file,
      `does not hold the same events as ${ref.file}, the same day in the old format (a conversion was cut short and one of them changed since): ` +
        `compare the two, remove the wrong one, and start again`,
    );
  }
  const copy = join(layout.legacyCopies(dataDir), relative(layout.journalDir(dataDir), ref.file));
  await makeDirsDurably(dirname(copy));
  await rename(ref.file, copy);
  await fsyncDir(dirname(copy));
  await fsyncDir(dirname(ref.file));
  return old.length;
}

function sameEvents(a: readonly JournalEvent[], b: readonly JournalEvent[]): boolean {
  return a.length === b.length && a.every((e, i) => eventLine(e) === eventLine(b[i]!));
}

async function mustRead(ref: DayFileRef): Promise<Buffer> {
  const bytes = await readDayBytes(ref);
  if (!bytes) throw new JournalDamagedError(ref.file, 'disappeared while the journal was being converted to JSON Lines');
  return bytes;
}

function refuseDamage(result: VerifyResult, when: string): void {
  if (result.ok) return;
  throw new JournalDamagedError(result.file, `${result.seq !== undefined ? `seq ${result.seq}: ` : ''}${result.problem} (found ${when})`, result.seq, result.line);
}
