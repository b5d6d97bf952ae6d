import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A null-modem cable in software: socat joins two pseudo-terminals, reachable under stable names
 * `DIR/panel` and `DIR/host`, so that the panel side can be unplugged (kill) and plugged back
 * (recreate) under the same path, as a USB adapter would be.
 */
export interface PtyPair {
  dir: string;
  panel: string;
  host: string;
  /** Destroys the pair: both ends see the port vanish, and the links disappear. */
  kill(): Promise<void>;
  /** A new pair under the same names. */
  recreate(): Promise<void>;
}

const live = new Set<PtyPair>();

async function until(what: () => string, ok: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`pty pair: ${what()} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function createPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-pty-'));
  const panel = join(dir, 'panel');
  const host = join(dir, 'host');
  let socat: ChildProcess | undefined;
  let stderr = '';

  const start = async () => {
    stderr = '';
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${panel}`, `pty,raw,echo=0,link=${host}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    socat = child;
    await until(() => `no links from socat (${stderr.trim() || 'no output'})`, () => (existsSync(panel) && existsSync(host)) || child.exitCode !== null);
    if (child.exitCode !== null) throw new Error(`pty pair: socat exited with ${child.exitCode}: ${stderr.trim()}`);
  };

  const kill = async () => {
    const child = socat;
    socat = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    await until(() => 'links still there after socat exited', () => !existsSync(panel) && !existsSync(host));
  };

  const recreate = async () => {
    await kill();
    await start();
  };

  const pair: PtyPair = { dir, panel, host, kill, recreate };
  await start();
  live.add(pair);
  return pair;
}

/** For afterEach: ends every pair the test made and removes their directories. */
export async function destroyPtyPairs(): Promise<void> {
  for (const pair of live) {
    await pair.kill();
    rmSync(pair.dir, { recursive: true, force: true });
  }
  live.clear();
}
