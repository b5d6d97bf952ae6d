import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { layout } from '../src/register/layout.js';

/**
 * The project root, found by walking up to the directory that holds examples/config.json, so the
 * bench works both compiled (dist/bench/run.js) and from source (npx tsx bench/run.ts).
 */
export const ROOT = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples', 'config.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the project root above ${from}`);
  }
}

/** One temp directory under os.tmpdir() for the whole run; every case gets a sub-directory of it. */
export class Workspace {
  readonly root = mkdtempSync(join(tmpdir(), 'cr-bench-'));

  /** A fresh, empty sub-directory. */
  dir(name: string): string {
    const dir = join(this.root, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Removes everything the run wrote; called from a finally so a failed run cleans up too. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Writes the site key the way the engine stores it (site-key.ts): 64 hex digits, newline, mode 0600. */
export function writeSiteKey(dataDir: string, key: Buffer): void {
  const file = layout.siteKey(dataDir);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${key.toString('hex')}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode option is filtered by the umask; the engine would tighten it anyway
}
