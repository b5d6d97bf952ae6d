import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { SiteConfig } from '../config/types.js';
import { isDay, localDay } from '../time/zone.js';
import { CliFailure } from './fail.js';
import { systemClock } from '../time/clock.js';

export function configFrom(opts: { config?: string }): SiteConfig {
  if (!opts.config) throw new CliFailure('--config FILE is required (e.g. --config examples/config.json)', 2);
  const config = loadConfig(opts.config);
  const st = statSync(config.dataDir, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) {
    throw new CliFailure(`${basename(config.file)}: dataDir ${config.dataDir} is a file, not a folder; point dataDir at the register's folder (it is made when missing)`, 2);
  }
  return config;
}

/** --date D, defaulting to today in the site's zone. */
export function dayFrom(opts: { date?: string }, config: SiteConfig): string {
  if (opts.date === undefined) return localDay(systemClock.now(), config.site.timezone);
  if (!isDay(opts.date)) throw new CliFailure(`--date "${opts.date}" is not a date; use YYYY-MM-DD`, 2);
  return opts.date;
}

export function langFrom(opts: { lang?: string }): 'zh' | 'en' {
  const lang = opts.lang ?? 'zh';
  if (lang !== 'zh' && lang !== 'en') throw new CliFailure(`--lang "${lang}" is not zh or en`, 2);
  return lang;
}
