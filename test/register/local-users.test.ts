import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLock } from '../../src/os/file-lock.js';
import { controlSocket } from '../../src/control/control-socket.js';
import { layout } from '../../src/register/layout.js';
import { startDaemon } from '../helpers/daemon.js';
import { inboxDir } from '../helpers/desk.js';
import { waitFor } from '../helpers/panel-site.js';
import { CLI, ROOT, makeSite, type CliResult } from '../helpers/site.js';

/**
 * Issue 17 item 8: another local user (here `nobody`, through setpriv; the tests run as root)
 * must neither drive the daemon nor keep it from starting.
 */
const AS_NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

function asNobody(args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile('setpriv', [...AS_NOBODY, process.execPath, ...args], (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** A site another user can see into (the temp folder made 0755), syncing to a shared folder. */
function visibleSite() {
  const inbox = inboxDir();
  const site = makeSite({ panel: undefined, sync: { times: ['08:30', '17:30'], target: `dir:${inbox}`, secret: 'a-secret-of-this-site-0123456789' } });
  chmodSync(site.dir, 0o755);
  return { ...site, inbox };
}

describe('local users cannot drive or block the daemon (issue 17 item 8)', () => {
  it('the lock module loads from a clean install (no install script: its binary ships in the package) and its lock is the kernel\'s', async () => {
    const loaded = await new Promise<string>((done) =>
      execFile(process.execPath, ['--input-type=module', '-e', "import fsx from 'fs-native-extensions'; console.log(typeof fsx.tryLock)"], { cwd: ROOT }, (_e, out) => done(out.trim())),
    );
    expect(loaded).toBe('function');
    const { dir } = makeSite();
    const file = join(dir, 'test.lock');
    const first = FileLock.tryAcquire(file)!;
    expect(first).toBeDefined();
    expect(FileLock.tryAcquire(file)).toBeUndefined(); // a second open file, even in this process
    expect(statSync(file).mode & 0o777).toBe(0o600);
    first.release();
    FileLock.tryAcquire(file)!.release();
  });

  it('nobody cannot make root\'s daemon sync: the control socket is a 0600 file, and a command needs the 0600 token', async () => {
    const s = visibleSite();
    const daemon = await startDaemon(s.configFile);
    children.push(daemon.child);
    expect(daemon.output()).toContain('register ready');
    // Made 0600 just after it is bound; until then the 0700 folder is what keeps others out.
    await waitFor('the control socket, 0600', () => existsSync(controlSocket(s.config.dataDir)) && (statSync(controlSocket(s.config.dataDir)).mode & 0o777) === 0o600);
    expect(statSync(join(s.config.dataDir, 'control')).mode & 0o777).toBe(0o700);
    const r = await asNobody([CLI, 'sync', '--config', s.configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no permission: run as the user the daemon runs as \(or root\)|only the user the daemon runs as \(or root\) may send it commands/);
    // Nothing was delivered: the daemon did not sync for nobody.
    expect(readdirSync(s.inbox).filter((n) => n.endsWith('.batch'))).toEqual([]);
    // Root may.
    const mine = await new Promise<CliResult>((done) => execFile(process.execPath, [CLI, 'sync', '--config', s.configFile], (err, stdout, stderr) => done({ code: err ? 1 : 0, stdout, stderr })));
    expect(mine.stdout).toMatch(/^synced to folder /);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });

  it('nobody holding the old lock\'s socket names, and trying the lock file, does not keep root\'s daemon from starting', async () => {
    const s = visibleSite();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(s.config.dataDir, { mode: 0o755 });
    // The names the lock and the control socket had in Linux's abstract namespace, taken first.
    const digest = createHash('sha256').update(realpathSync(s.config.dataDir)).digest('hex').slice(0, 32);
    const squat = spawn(
      'setpriv',
      [
        ...AS_NOBODY,
        process.execPath,
        '-e',
        `const net = require('net'); const fs = require('fs');
         for (const n of ['\\0control-room-${digest}', '\\0control-room-${digest}-control']) net.createServer().listen(n);
         try { fs.openSync(${JSON.stringify(layout.lock(s.config.dataDir))}, 'a'); console.log('opened') } catch (e) { console.log(e.code) }`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(squat);
    let said = '';
    squat.stdout!.on('data', (b: Buffer) => (said += b.toString()));
    await waitFor('nobody to take the names', () => said.length > 0);
    expect(said.trim()).toBe('EACCES'); // nobody may not even create the lock file
    const daemon = await startDaemon(s.configFile);
    children.push(daemon.child);
    expect(daemon.output()).toContain('register ready');
    expect(existsSync(layout.lock(s.config.dataDir))).toBe(true);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });
});
