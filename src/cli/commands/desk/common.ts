import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DeskInputError, loadSite } from '../../../desk/desk-site.js';
import type { SecretFor } from '../../../desk/import.js';
import { StoreSpecError } from '../../../desk/folder-store.js';
import { openStore } from '../../../desk/open-store.js';
import { describeJsonError } from '../../../text/json-error.js';
import type { DeskStore } from '../../../desk/store.js';
import { todayIn } from '../../../domain/followups.js';
import { isDay } from '../../../time/zone.js';
import { CliFailure } from '../../fail.js';
import { deskLang, said } from './language.js';
import { systemClock } from '../../../time/clock.js';
import { loadDeskConfig } from '../../../desk/config/load.js';
import type { DeskConfig } from '../../../desk/config/types.js';

export const STORE_HELP = 'the desk store: a folder (created on the first import) or a postgres:// URL';

/**
 * The shared secrets: `--secrets FILE` (JSON: {"JY01": "…"}), one per site, the default. One secret
 * for every site (CONTROL_ROOM_DESK_SECRET) is taken only with a warning: any control room, or
 * anyone who learns that one secret, can then sign batches for every other site.
 */
export function secretsFrom(opts: { secrets?: string }, warn: (message: string) => void = (m) => process.stderr.write(`control-room: warning: ${m}\n`)): SecretFor {
  if (opts.secrets) {
    let text: string;
    try {
      text = readFileSync(resolve(opts.secrets), 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read: no permission (run as the desk\'s user)' : `cannot be read (${code ?? (err as Error).message})`;
      throw new CliFailure(`--secrets ${opts.secrets}: ${why}; expected a JSON file {"JY01": "the site's sync.secret", ...}`, 2);
    }
    let map: unknown;
    try {
      map = JSON.parse(text);
    } catch (err) {
      throw new CliFailure(`--secrets ${opts.secrets} ${describeJsonError(text, err)}: not valid JSON; expected {"JY01": "the site's sync.secret", ...}`, 2);
    }
    if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'string')) {
      throw new CliFailure(`--secrets ${opts.secrets}: expected a JSON object of site id to secret, e.g. {"JY01": "…"}`, 2);
    }
    const secrets = map as Record<string, string>;
    // Only the file's own entries: a batch naming a site like "constructor" finds no secret, and a
    // site missing from the file is not let in with a secret from the environment.
    return (site) => (Object.hasOwn(secrets, site) ? secrets[site] : undefined);
  }
  const one = process.env.CONTROL_ROOM_DESK_SECRET;
  if (!one) {
    throw new CliFailure('the desk checks each batch with its site\'s own shared secret (sync.secret): give --secrets FILE (JSON {"JY01": "…", "JY02": "…"})', 2);
  }
  warn(
    'CONTROL_ROOM_DESK_SECRET gives every site the same secret: any one control room (or anyone who learns it) can sign batches as any other site. ' +
      'Give each site its own sync.secret and the desk a --secrets FILE ({"JY01": "…", "JY02": "…"})',
  );
  return () => one;
}

export async function withStore<T>(spec: string, create: boolean, fn: (store: DeskStore) => Promise<T>): Promise<T> {
  let store: DeskStore;
  try {
    store = await openStore(spec, { create });
  } catch (err) {
    throw new CliFailure((err as Error).message, err instanceof StoreSpecError || !create ? 2 : 1);
  }
  try {
    return await fn(store);
  } catch (err) {
    if (err instanceof DeskInputError) throw new CliFailure(err.message, 2);
    throw err;
  } finally {
    await store.close();
  }
}

export function siteFrom(opts: { site?: string }): string {
  if (!opts.site || !/^[A-Za-z0-9_-]{2,16}$/.test(opts.site)) throw new CliFailure(said().notSite(opts.site ?? ''), 2);
  return opts.site;
}

/** --date D, defaulting to today in the site's time zone. */
export async function deskDay(store: DeskStore, site: string, date: string | undefined): Promise<string> {
  if (date !== undefined) {
    if (!isDay(date)) throw new CliFailure(said().notDate(date), 2);
    return date;
  }
  return todayIn((await loadSite(store, site)).profile.timezone, systemClock.now());
}

export const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

export const CONFIG_HELP = 'desk.json: the store, the sites and their secrets, the roster, the listen address';

/** desk.json when --config is given (the old flags still work without it, for scripts). */
export function deskConfigFrom(opts: { config?: string }): DeskConfig | undefined {
  return opts.config ? loadDeskConfig(opts.config) : undefined;
}

/**
 * The flags a command needs that neither the command line nor desk.json gave, named all at once
 * (not one error at a time), with what each is for.
 */
export function need(flags: [flag: string, given: unknown][]): void {
  const missing = flags.filter(([, given]) => given === undefined || given === '').map(([flag]) => flag);
  if (missing.length === 0) return;
  throw new CliFailure(said().missing(missing, deskLang()), 2);
}

/** --port N as a port number. */
export function portFrom(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliFailure(said().notPort(text), 2);
  return port;
}

/** --store, or desk.json's store. */
export function storeOf(opts: { store?: string }, cfg: DeskConfig | undefined): string | undefined {
  return opts.store ?? cfg?.store;
}

/** --site, or the one site desk.json names. */
export function siteOf(opts: { site?: string }, cfg: DeskConfig | undefined): string | undefined {
  return opts.site ?? (cfg?.sites.length === 1 ? cfg.sites[0] : undefined);
}
