import { JournalDamagedError } from './errors.js';
import type { JournalEvent } from './event.js';
import { eventShapeProblem } from './day-lines.js';

/**
 * The day files of earlier versions (`YYYY-MM-DD.json`): one JSON document per day,
 * `{"format":1,"site":…,"day":…,"events":[…]}`, rewritten whole on every append. Read only: to
 * convert them (migrate.ts), and so that `verify` and the read-only commands read a data
 * directory the new version has not opened yet.
 */
export function parseLegacyDayDoc(bytes: Buffer, file: string, day: string): JournalEvent[] {
  if (bytes.length === 0) throw new JournalDamagedError(file, 'is empty (0 bytes)');
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw new JournalDamagedError(file, `contains NUL bytes (first at byte ${nul})`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new JournalDamagedError(file, `is not valid JSON (${(err as Error).message}); it may be truncated`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new JournalDamagedError(file, 'is not a day document (expected an object)');
  const d = doc as Record<string, unknown>;
  if (d.format !== 1) throw new JournalDamagedError(file, `has format ${JSON.stringify(d.format)}, expected 1`);
  if (d.day !== day) throw new JournalDamagedError(file, `says it holds ${JSON.stringify(d.day)}`);
  if (!Array.isArray(d.events)) throw new JournalDamagedError(file, 'has no "events" array');
  for (const [i, e] of d.events.entries()) {
    const problem = eventShapeProblem(e);
    if (problem) throw new JournalDamagedError(file, `event #${i + 1} ${problem}`);
  }
  return d.events as JournalEvent[];
}
