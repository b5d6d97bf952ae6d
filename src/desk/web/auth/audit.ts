import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localIso } from '../../../time/zone.js';
import { appendPrivateLine } from '../private-file.js';

export type AuditAction = 'signin' | 'signin-failed' | 'locked' | 'signout' | 'view' | 'download' | 'followup' | 'refused';

/** Why a sign-in was refused. */
export type SignInRefusal = 'locked' | 'unknown-badge' | 'inactive' | 'no-password' | 'wrong-password';

/**
 * What a record is about, as data: the director's page says it in the reader's language (and
 * names the site), where a sentence written at the time would stay in the language of the code.
 */
export type AuditSubject =
  | { kind: 'signed-in' }
  | { kind: 'signed-out' }
  | { kind: 'signin-refused'; reason: SignInRefusal }
  | { kind: 'lockout'; minutes: number; attempts: number }
  | { kind: 'register'; site: string; day: string; as?: 'xlsx' | 'print' }
  | { kind: 'register-search'; site: string; from: string; to: string }
  | { kind: 'entry'; site: string; entry: string }
  | { kind: 'followups'; site: string; day: string }
  | { kind: 'followup'; site: string; id: string; rule: string; item: string; result: string }
  | { kind: 'quality'; site?: string; from: string; to: string }
  | { kind: 'csrf'; method: string; path: string }
  | { kind: 'site-refused'; site: string };

/** One line of the desk's audit log (P1): who did what, when; never the personal data itself. */
export interface AuditRecord {
  at: string;
  /** The badge signed in, or the badge tried at a failed sign-in. */
  badge: string;
  action: AuditAction;
  /**
   * What was seen or done, for people reading the file itself: "register JY01 2026-11-30",
   * "entry JY01 20261130-004"; it never names a resident. Lines written before `subject` existed
   * carry only this.
   */
  what: string;
  /** The same as data, which the director's page words in its own language. */
  subject?: AuditSubject;
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

  async add(at: number, record: { badge: string; action: AuditAction; subject: AuditSubject; site?: string }): Promise<AuditRecord> {
    const { badge, action, subject, site } = record;
    const full: AuditRecord = { at: localIso(at, this.zone), badge, action, what: auditWhat(subject), subject, ...(site ? { site } : {}) };
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

/** The words these refusals were written with before `subject` existed, kept for readers of the file. */
const SIGNIN_REFUSAL_WHAT: Record<SignInRefusal, string> = {
  locked: 'account locked',
  'unknown-badge': 'unknown badge',
  inactive: 'inactive badge',
  'no-password': 'no password set',
  'wrong-password': 'wrong password',
};

/** The file's own plain words for a subject (the page words it from `subject`). */
export function auditWhat(s: AuditSubject): string {
  switch (s.kind) {
    case 'signed-in':
      return 'signed in';
    case 'signed-out':
      return 'signed out';
    case 'signin-refused':
      return SIGNIN_REFUSAL_WHAT[s.reason];
    case 'lockout':
      return `locked for ${s.minutes} min after ${s.attempts} failed sign-ins`;
    case 'register':
      return `register ${s.site} ${s.day}${s.as ? ` (${s.as})` : ''}`;
    case 'register-search':
      return `register ${s.site} ${s.from}..${s.to} (search)`;
    case 'entry':
      return `entry ${s.site} ${s.entry}`;
    case 'followups':
      return `follow-ups ${s.site} ${s.day}`;
    case 'followup':
      return `${s.id} ${s.rule} ${s.site} ${s.item} ${s.result}`;
    case 'quality':
      return `quality ${s.site ?? 'all sites'} ${s.from}..${s.to}`;
    case 'csrf':
      return `${s.method} ${s.path}: CSRF token missing or wrong`;
    case 'site-refused':
      return `site ${s.site}`;
  }
}
