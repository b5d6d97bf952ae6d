import { readFileSync } from 'node:fs';
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
  const text = readText(file, 'the configuration file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${name}: is not valid JSON (${(err as Error).message})`]);
  }
  const parsed = configFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => describeIssue(name, i)));
  const cfg = parsed.data;

  const dir = dirname(file);
  const problems: string[] = [];
  const roster = parseRoster(cfg.roster, readText(resolve(dir, cfg.roster), `the roster (${name}: roster)`), problems);
  const units = parseUnits(cfg.units, readText(resolve(dir, cfg.units), `the unit directory (${name}: units)`), problems);
  const fees = parseFees(cfg.fees, readText(resolve(dir, cfg.fees), `the fee schedule (${name}: fees)`), problems);
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
    sync: cfg.sync,
  };
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`;
    throw new ConfigError([`${file}: ${what} ${why}; check the path (relative paths are relative to the configuration file)`]);
  }
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling against DESIGN.md`;
  // Echo what was found, except a secret, which must not end up in a terminal or a log.
  const secret = issue.path.some((p) => String(p).toLowerCase().includes('secret'));
  const found = 'input' in issue && issue.code !== 'unrecognized_keys' && !secret ? `, found ${JSON.stringify(issue.input) ?? 'nothing'}` : '';
  return `${file}: ${where}: ${message}${found}`;
}
