import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localIso } from '../../../time/zone.js';
import { appendPrivateLine } from '../private-file.js';

export type AuditAction = 'signin' | 'signin-failed' | 'locked' | 'signout' | 'view' | 'download' | 'followup' | 'refused';

/** One line of the desk's audit log (P1): who did what, when; never the personal data itself. */
export interface AuditRecord {
  at: string;
  /** The badge signed in, or the badge tried at a failed sign-in. */
  badge: string;
  action: AuditAction;
  /** What was seen or done, in words that name no resident: "register JY01 2026-11-30", "entry JY01 20261130-004". */
  what: string;
  site?: string;
}

/**
 * The desk's audit log: one JSON line per record, a file per month in DATA/audit/ (0600), appended
 * and fsynced before the page that shows personal data is sent.
 */
export class AuditLog {
  readonly dir: string;

  constructor(
    dataDir: string,
    private readonly zone: string,
  ) {
    this.dir = join(dataDir, 'audit');
  }

  async add(at: number, record: Omit<AuditRecord, 'at'>): Promise<AuditRecord> {
    const full: AuditRecord = { at: localIso(at, this.zone), ...record };
    await appendPrivateLine(join(this.dir, `${full.at.slice(0, 7)}.jsonl`), JSON.stringify(full));
    return full;
  }

  /** The months on file, newest first (YYYY-MM). */
  async months(): Promise<string[]> {
    try {
      return (await readdir(this.dir))
        .filter((n) => /^\d{4}-\d{2}\.jsonl$/.test(n))
        .map((n) => n.slice(0, 7))
        .sort()
        .reverse();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** A month's records, oldest first. */
  async ofMonth(month: string): Promise<AuditRecord[]> {
    if (!/^\d{4}-\d{2}$/.test(month)) return [];
    try {
      const text = await readFile(join(this.dir, `${month}.jsonl`), 'utf8');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as AuditRecord);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }
}
