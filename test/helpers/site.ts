import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import type { SiteConfig } from '../../src/config/types.js';

import { afterAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The sites a test file made, removed when it is done (thousands would pile up in /tmp otherwise). */
const sites: string[] = [];
afterAll(() => {
  for (const dir of sites.splice(0)) rmSync(dir, { recursive: true, force: true });
});
export const CLI = join(ROOT, 'bin/control-room.js');

/** A throw-away site: the example estate's lists and a config whose data directory is fresh. */
export function makeSite(overrides: Record<string, unknown> = {}): { dir: string; configFile: string; config: SiteConfig } {
  const dir = mkdtempSync(join(tmpdir(), 'cr-site-'));
  sites.push(dir);
  for (const f of ['roster.csv', 'units.csv', 'fees.csv']) copyFileSync(join(ROOT, 'examples', f), join(dir, f));
  const base = JSON.parse(readFileSync(join(ROOT, 'examples/config.json'), 'utf8')) as Record<string, unknown>;
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ ...base, dataDir: './data', ...overrides }, null, 2));
  // Loaded on first use, so that a test can write a bad configuration and watch it be refused.
  let config: SiteConfig | undefined;
  return {
    dir,
    configFile,
    get config() {
      return (config ??= loadConfig(configFile));
    },
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI exactly as an operator or a service manager would. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}
