import { dirname, resolve } from 'node:path';
import type { SiteConfig } from '../config/types.js';
import { DirTarget } from './dir-target.js';
import { HttpTarget } from './http-target.js';
import { PgTarget } from './pg-target.js';
import type { DeskTarget } from './target.js';

/** The configured `sync.target`; a `dir:` path is relative to the configuration file, like every path in it. */
export function makeTarget(config: SiteConfig, options: { httpTimeoutMs?: number; now: () => string }): DeskTarget {
  const target = config.sync.target;
  if (target.startsWith('dir:')) return new DirTarget(resolve(dirname(config.file), target.slice(4)));
  if (/^https?:\/\//.test(target)) return new HttpTarget(target, config.sync.secret, options.httpTimeoutMs);
  return new PgTarget(target, config.sync.secret, options.now);
}
