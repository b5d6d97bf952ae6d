import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../../config/error.js';
import { isPgUrl } from '../open-store.js';
import { parseDeskRoster } from './roster.js';
import { deskFileSchema } from './schema.js';
import type { DeskConfig } from './types.js';

const LOOPBACK = '127.0.0.1';

/**
 * Reads desk.json, its secrets file and its roster. Every problem is collected and thrown together
 * (ConfigError, exit 2), each naming the file and the field or line.
 */
export function loadDeskConfig(path: string): DeskConfig {
  const file = resolve(path);
  const name = basename(file);
  const dir = dirname(file);
  const text = readText(file, 'the desk configuration').toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${name}: is not valid JSON (${(err as Error).message})`]);
  }
  const parsed = deskFileSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => describeIssue(name, i)));
  const cfg = parsed.data;
  const problems: string[] = [];

  const secretsFile = resolve(dir, cfg.secrets);
  const secrets = readSecrets(name, secretsFile, cfg.sites, problems);
  const rosterFile = resolve(dir, cfg.roster);
  const roster = parseDeskRoster(basename(rosterFile), readText(rosterFile, `the desk roster (${name}: roster)`), cfg.sites, problems);
  const tls = cfg.tls ? { cert: resolve(dir, cfg.tls.cert), key: resolve(dir, cfg.tls.key) } : undefined;
  if (tls) for (const [k, f] of Object.entries(tls)) if (!statSync(f, { throwIfNoEntry: false })?.isFile()) problems.push(`${name}: tls.${k}: ${f} does not exist`);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    file,
    store: isPgUrl(cfg.store) ? cfg.store : resolve(dir, cfg.store),
    sites: cfg.sites,
    secrets,
    roster,
    rosterFile,
    dataDir: resolve(dir, cfg.dataDir),
    timezone: cfg.timezone,
    ...(cfg.inbox ? { inbox: resolve(dir, cfg.inbox) } : {}),
    listen: { host: cfg.listen.host ?? (tls ? '0.0.0.0' : LOOPBACK), port: cfg.listen.port, behindHttpsProxy: cfg.listen.behindHttpsProxy },
    ...(tls ? { tls } : {}),
    session: cfg.session,
    lockout: cfg.lockout,
  };
}

/** The secrets file: {"JY01": "…"}, readable by the desk's user only (it signs every batch). */
function readSecrets(name: string, file: string, sites: readonly string[], problems: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const label = `${name}: secrets (${file})`;
  const st = statSync(file, { throwIfNoEntry: false });
  if (!st) {
    problems.push(`${label} does not exist; write {"${sites[0] ?? 'JY01'}": "the site's sync.secret"} there and chmod 600 it`);
    return out;
  }
  if ((st.mode & 0o077) !== 0) {
    problems.push(`${label} is readable by others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 ${file}`);
    return out;
  }
  let map: unknown;
  try {
    map = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    problems.push(`${label} is not valid JSON (${(err as Error).message})`);
    return out;
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    problems.push(`${label}: expected a JSON object of site id to secret, e.g. {"JY01": "…"}`);
    return out;
  }
  for (const site of sites) {
    const secret = Object.hasOwn(map, site) ? (map as Record<string, unknown>)[site] : undefined;
    if (typeof secret !== 'string' || secret.length < 16) problems.push(`${label}: ${site} has no secret of at least 16 characters (the site's sync.secret)`);
    else out.set(site, secret);
  }
  return out;
}

function readText(file: string, what: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (err as Error).message})`;
    throw new ConfigError([`${file}: ${what} ${why}; check the path (relative paths are relative to desk.json)`]);
  }
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling against the README's desk.json`;
  const found = 'input' in issue && issue.code !== 'unrecognized_keys' ? `, found ${JSON.stringify(issue.input) ?? 'nothing'}` : '';
  return `${file}: ${where}: ${message}${found}`;
}
