import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/load.js';
import type { SiteConfig } from '../config/types.js';

/** The example estate shipped with the project (examples/ beside dist/). */
const EXAMPLE_CONFIG = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/config.json');

/**
 * The demo's site: the example estate with its register in `dataDir`, and its desk inbox beside
 * the register rather than in the project's examples folder. `control-room demo --data DIR` runs
 * on it, and the commands that read a register take `--data DIR` for it.
 */
export function demoConfig(dataDir: string, { makeInbox = false } = {}): SiteConfig {
  const example = loadConfig(EXAMPLE_CONFIG);
  const inbox = join(resolve(dataDir), 'desk-inbox');
  if (makeInbox) mkdirSync(inbox, { recursive: true });
  return { ...example, dataDir: resolve(dataDir), sync: { ...example.sync, target: `dir:${inbox}` } };
}
