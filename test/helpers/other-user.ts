import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { CLI, ROOT, type CliResult } from './site.js';

/** setpriv's arguments for running as another local user, `nobody` (the tests run as root). */
export const AS_NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];

let copy: string | undefined;
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

/**
 * The CLI as `nobody` can run it. A clone under a private folder (root's home, mode 0700) cannot
 * be read by another user at all; then the built CLI and its modules are linked (or copied, across
 * file systems) into a folder everyone may read, once per test file.
 */
export function cliForNobody(): string {
  if (spawnSync('setpriv', [...AS_NOBODY, 'test', '-r', CLI]).status === 0) return CLI;
  if (!copy) {
    copy = mkdtempSync(join(tmpdir(), 'cr-cli-'));
    chmodSync(copy, 0o755);
    const parts = ['bin', 'dist', 'node_modules', 'package.json'].map((p) => join(ROOT, p));
    const linked = spawnSync('cp', ['-al', ...parts, copy]);
    if (linked.status !== 0) execFileSync('cp', ['-a', ...parts, copy]);
  }
  return join(copy, 'bin', 'control-room.js');
}

/** Runs the CLI as `nobody`. */
export function runCliAsNobody(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile('setpriv', [...AS_NOBODY, process.execPath, cliForNobody(), ...args], (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
