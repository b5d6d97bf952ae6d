import { readFile } from 'node:fs/promises';
import { parseDayDoc, serializeDayDoc } from './day-file.js';
import { writeFileDurably } from './durable-write.js';
import { listDayFiles } from './layout.js';

export interface PurgeResult {
  files: number;
  events: number;
  /** Days older than this (exclusive) were purged. */
  before: string;
}

/**
 * P1: removes personal data from every event of the days before `beforeDay`. The chain covers
 * only `piiDigest`, never `pii`, so the journal still verifies afterwards. Each file is replaced
 * durably; a crash in the middle leaves some days purged and the rest untouched, and a re-run
 * finishes the job.
 */
export async function purgePiiBefore(dataDir: string, beforeDay: string, dryRun = false): Promise<PurgeResult> {
  let files = 0;
  let events = 0;
  for (const ref of await listDayFiles(dataDir)) {
    if (ref.day >= beforeDay) break;
    const doc = parseDayDoc(await readFile(ref.file), ref.file);
    let touched = 0;
    for (const event of doc.events) {
      if (event.pii === undefined) continue;
      delete event.pii;
      touched += 1;
    }
    if (touched === 0) continue;
    if (!dryRun) await writeFileDurably(ref.file, serializeDayDoc(doc));
    files += 1;
    events += touched;
  }
  return { files, events, before: beforeDay };
}
