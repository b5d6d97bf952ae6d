import { readFileSync } from 'node:fs';
import { describeJsonError } from '../text/json-error.js';
import { decodeUtf8, NonUtf8Error } from '../text/utf8.js';
import { basename, dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { parseFees, parseRoster, parseUnits } from './csv-lists.js';
import { ConfigError } from './error.js';
import { configFileSchema } from './schema.js';
import { CATEGORIES, type Category, type SiteConfig } from './types.js';

/** Default hours before an open entry is overdue (R5). Complaints: 3 days, fixed by F1. */
export const DEFAULT_DEADLINE_HOURS: Record<Category, number> = {
  repair: 24,
  request: 24,
  complaint: 72,
  consultation: 24,
  feedback: 72,
  other: 72,
};

/** W3: the work standard of a job with no labour line, per order kind, unless configured. */
export const DEFAULT_WORK_STANDARD_MINUTES = { repair: 120, cleaning: 240 };

/**
 * Reads and checks the configuration file and its CSV lists. Every problem is collected and thrown
 * together as a ConfigError; nothing starts on a configuration that does not hold.
 */
export function loadConfig(configPath: string): SiteConfig {
  const file = resolve(configPath);
  const name = basename(file);
  const text = readText(file, 'the configuration file', name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${name} ${describeJsonError(text, err)}; it is not valid JSON`]);
  }
  const parsed = configFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => describeIssue(name, i)));
  const cfg = parsed.data;

  const dir = dirname(file);
  const problems: string[] = [];
  const list = (file: string, what: string) => {
    try {
      return readText(resolve(dir, file), what, file);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const rosterText = list(cfg.roster, `the roster (${name}: roster)`);
  const unitsText = list(cfg.units, `the unit directory (${name}: units)`);
  const feesText = list(cfg.fees, `the fee schedule (${name}: fees)`);
  const roster = rosterText === undefined ? [] : parseRoster(cfg.roster, rosterText, problems);
  const units = unitsText === undefined ? [] : parseUnits(cfg.units, unitsText, problems);
  const fees = feesText === undefined ? [] : parseFees(cfg.fees, feesText, problems);
  if (roster.length > 0 && !roster.some((p) => p.active && p.role === 'operator')) {
    problems.push(`${cfg.roster}: no active operator; H1 needs someone who can be on duty`);
  }
  const deadlines = { ...DEFAULT_DEADLINE_HOURS, ...(cfg.deadlineHours as Partial<Record<Category, number>>) };
  if (deadlines.complaint > 72) {
    problems.push(`${name}: deadlineHours.complaint is ${deadlines.complaint}, expected at most 72 (F1: an answer within 3 days)`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    file,
    site: cfg.site,
    dataDir: resolve(dir, cfg.dataDir),
    ...(cfg.panel ? { panel: cfg.panel } : {}),
    badgeReaders: cfg.badgeReaders,
    roster,
    units,
    fees,
    shifts: [...cfg.shifts].sort(),
    holidays: cfg.holidays,
    inventory: cfg.inventory,
    retentionDays: cfg.retentionDays,
    deadlineHours: Object.fromEntries(CATEGORIES.map((c) => [c, deadlines[c]])) as Record<Category, number>,
    callbackMinutes: cfg.callbackMinutes,
    console: cfg.console,
    workStandardMinutes: { ...DEFAULT_WORK_STANDARD_MINUTES, ...cfg.workStandardMinutes },
    print: { command: cfg.print.command ?? null, paper: cfg.print.paper },
    sync: cfg.sync,
  };
}

/**
 * A file of the configuration as text. Only UTF-8 is taken: names and addresses read from a GBK
 * list would be garbled, then sealed into the append-only journal.
 */
function readText(file: string, what: string, shownAs: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist; check the path (relative paths are relative to the configuration file)'
        : code === 'EACCES'
          ? 'cannot be read: no permission (run as the user the daemon runs as, or give that user read access)'
          : code === 'EISDIR'
            ? 'is a folder, not a file; check the path'
            : `cannot be read (${code ?? (err as Error).message})`;
    throw new ConfigError([`${file}: ${what} ${why}`]);
  }
  try {
    return decodeUtf8(bytes);
  } catch (err) {
    if (!(err instanceof NonUtf8Error)) throw err;
    throw new ConfigError([
      `${shownAs} line ${err.line}: is not UTF-8 text (saved as GBK by a spreadsheet?); nothing was read from it. ` +
        `Convert it and check the names: iconv -f gbk -t utf-8 ${shownAs} > ${shownAs}.utf8, then use ${shownAs}.utf8 (or save it from the spreadsheet as "CSV UTF-8")`,
    ]);
  }
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling (the README's configuration section lists the fields)`;
  // Echo what was found, except a secret, which must not end up in a terminal or a log.
  const secret = issue.path.some((p) => String(p).toLowerCase().includes('secret'));
  const found = 'input' in issue && issue.code !== 'unrecognized_keys' && !secret ? `, found ${JSON.stringify(issue.input) ?? 'nothing'}` : '';
  return `${file}: ${where}: ${message}${found}`;
}
