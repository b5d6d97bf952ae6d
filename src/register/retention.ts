import { eventLine } from './day-lines.js';
import { writeFileDurably } from './durable-write.js';
import { listDayFiles } from './layout.js';
import { readDayFile } from './reader.js';

export interface PurgeResult {
  files: number;
  events: number;
  /** Days older than this (exclusive) were purged. */
  before: string;
}

/**
 * P1: removes personal data from every event of the days before `beforeDay`.
 *
 * The journal only appends, yet this replaces whole day files: allowed because (1) the chain
 * covers each event's `piiDigest`, never its `pii`, so every hash and link stays as it was and
 * `verify` still passes, and (2) only closed days are touched (never the newest file, which the
 * journal may be appending to), so no append can race the replacement. Each file is replaced
 * atomically (a temp file created exclusively and without following links, fsynced, renamed over
 * the day, the directory fsynced): a reader sees the day before or after, never half of it. A
 * crash part-way leaves some days purged and the rest untouched; a re-run finishes the job.
 * The data directory must be in JSON Lines (the journal converts it when it opens).
 */
export async function purgePiiBefore(dataDir: string, beforeDay: string, dryRun = false): Promise<PurgeResult> {
  let files = 0;
  let events = 0;
  for (const ref of (await listDayFiles(dataDir)).slice(0, -1)) {
    if (ref.day >= beforeDay) break;
    if (ref.format !== 'lines') throw new Error(`${ref.file} is in the format of an earlier version; open the journal (start the daemon) to convert it before purging`);
    const day = (await readDayFile(ref, false)).events;
    let touched = 0;
    const purged = day.map((event) => {
      if (event.pii === undefined) return event;
      touched += 1;
      const { pii: _pii, ...rest } = event;
      return rest;
    });
    if (touched === 0) continue;
    if (!dryRun) await writeFileDurably(ref.file, purged.map(eventLine).join(''));
    files += 1;
    events += touched;
  }
  return { files, events, before: beforeDay };
}
