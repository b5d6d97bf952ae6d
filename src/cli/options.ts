import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { SiteConfig } from '../config/types.js';
import { isDay, localDay } from '../time/zone.js';
import { demoConfig } from './example.js';
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

/**
 * The site a reading command works on: `--config FILE`, or `--data DIR` for a register the demo
 * kept (`control-room demo --data DIR`: the example estate with that register).
 */
export function siteFrom(opts: { config?: string; data?: string }): SiteConfig {
  if (opts.config && opts.data) throw new CliFailure('give --config FILE or --data DIR (the demo\'s register), not both', 2);
  if (!opts.data) {
    if (!opts.config) throw new CliFailure('--config FILE is required (e.g. --config examples/config.json), or --data DIR for the register of `control-room demo --data DIR`', 2);
    return configFrom(opts);
  }
  const st = statSync(opts.data, { throwIfNoEntry: false });
  if (!st?.isDirectory()) throw new CliFailure(`--data ${opts.data} is not a folder; give the folder \`control-room demo --data DIR\` kept its register in`, 2);
  return demoConfig(opts.data);
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
