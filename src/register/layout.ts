import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Where things live inside a data directory. */
export const layout = {
  journalDir: (dataDir: string) => join(dataDir, 'journal'),
  dayFile: (dataDir: string, day: string) => join(dataDir, 'journal', day.slice(0, 4), day.slice(5, 7), `${day}.json`),
  siteKey: (dataDir: string) => join(dataDir, 'site.key'),
  lock: (dataDir: string) => join(dataDir, 'daemon.lock'),
  status: (dataDir: string) => join(dataDir, 'status.json'),
};

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;

export interface DayFileRef {
  day: string;
  file: string;
}

/**
 * Every day file in the data directory, oldest first. Leftover temp files of an interrupted write
 * are removed when `sweepTemp` is set (only the lock holder may do that).
 */
export async function listDayFiles(dataDir: string, sweepTemp = false): Promise<DayFileRef[]> {
  const root = layout.journalDir(dataDir);
  const found: DayFileRef[] = [];
  for (const year of await dirNames(root, /^\d{4}$/)) {
    for (const month of await dirNames(join(root, year), /^\d{2}$/)) {
      const dir = join(root, year, month);
      for (const name of await readdir(dir)) {
        const m = DAY_FILE.exec(name);
        if (m) found.push({ day: m[1]!, file: join(dir, name) });
        else if (sweepTemp && name.endsWith('.tmp')) await unlink(join(dir, name));
      }
    }
  }
  return found.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
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
