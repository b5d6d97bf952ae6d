import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Where things live inside a data directory. */
export const layout = {
  journalDir: (dataDir: string) => join(dataDir, 'journal'),
  /** A day of the journal: JSON Lines, appended to (day-lines.ts). */
  dayFile: (dataDir: string, day: string) => join(dataDir, 'journal', day.slice(0, 4), day.slice(5, 7), `${day}.jsonl`),
  /** The same day in the format of earlier versions: one JSON document (legacy-day-doc.ts). */
  legacyDayFile: (dataDir: string, day: string) => join(dataDir, 'journal', day.slice(0, 4), day.slice(5, 7), `${day}.json`),
  /** Where the conversion to JSON Lines keeps the old day files until the operator removes them. */
  legacyCopies: (dataDir: string) => join(dataDir, 'journal-before-jsonl'),
  siteKey: (dataDir: string) => join(dataDir, 'site.key'),
  lock: (dataDir: string) => join(dataDir, 'daemon.lock'),
  status: (dataDir: string) => join(dataDir, 'status.json'),
  /** Orders printed with no printer command configured (W8): one PDF per order, the latest print. */
  printed: (dataDir: string) => join(dataDir, 'printed'),
};

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.(jsonl|json)$/;

export interface DayFileRef {
  day: string;
  file: string;
  /** `lines`: the journal's JSON Lines; `legacy`: an earlier version's JSON document. */
  format: 'lines' | 'legacy';
}

interface Scan {
  /** One file per day, oldest first: the JSON Lines file when a day has both. */
  days: DayFileRef[];
  /** Every legacy file, also those whose day already has its JSON Lines file (a conversion cut short). */
  legacy: DayFileRef[];
}

async function scan(dataDir: string, sweepTemp: boolean): Promise<Scan> {
  const root = layout.journalDir(dataDir);
  const byDay = new Map<string, DayFileRef>();
  const legacy: DayFileRef[] = [];
  if (sweepTemp) await sweep(root);
  for (const year of await dirNames(root, /^\d{4}$/)) {
    for (const month of await dirNames(join(root, year), /^\d{2}$/)) {
      const dir = join(root, year, month);
      if (sweepTemp) await sweep(dir);
      for (const name of await readdir(dir)) {
        const m = DAY_FILE.exec(name);
        if (!m) continue;
        const ref: DayFileRef = { day: m[1]!, file: join(dir, name), format: m[2] === 'jsonl' ? 'lines' : 'legacy' };
        if (ref.format === 'legacy') legacy.push(ref);
        if (ref.format === 'lines' || !byDay.has(ref.day)) byDay.set(ref.day, ref);
      }
    }
  }
  const oldestFirst = (a: DayFileRef, b: DayFileRef) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);
  return { days: [...byDay.values()].sort(oldestFirst), legacy: legacy.sort(oldestFirst) };
}

/**
 * Every day file in the data directory, oldest first. Leftover temp files of an interrupted write
 * are removed when `sweepTemp` is set (only the lock holder may do that).
 */
export async function listDayFiles(dataDir: string, sweepTemp = false): Promise<DayFileRef[]> {
  return (await scan(dataDir, sweepTemp)).days;
}

/** Every day file in an earlier version's format, oldest first (see migrate.ts). */
export async function listLegacyDayFiles(dataDir: string): Promise<DayFileRef[]> {
  return (await scan(dataDir, false)).legacy;
}

async function sweep(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const name of names) {
    if (!name.startsWith('.') || !name.endsWith('.tmp')) continue;
    await unlink(join(dir, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}

async function dirNames(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() && pattern.test(e.name)).map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
