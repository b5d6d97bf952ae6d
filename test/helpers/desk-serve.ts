import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { waitFor } from './panel-site.js';
import { CLI } from './site.js';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const c of running.splice(0)) c.kill('SIGKILL');
});

/** `desk serve` on 127.0.0.1 with a secrets file, as a process of its own; `rss()` reads its resident memory. */
export async function deskServe(secrets: Record<string, string>, store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store')) {
  const file = join(mkdtempSync(join(tmpdir(), 'cr-secrets-')), 'secrets.json');
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'desk', 'serve', '--port', '0', '--host', '127.0.0.1', '--store', store, '--secrets', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let log = '';
  child.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (log += b.toString()));
  await waitFor('desk serve to listen', () => log.includes('desk listening for batches') || child.exitCode !== null);
  const listening = log.split('\n').find((l) => l.includes('desk listening for batches'));
  if (!listening) throw new Error(`desk serve did not start:\n${log}`);
  const port = (JSON.parse(listening) as { port: number }).port;
  return {
    child,
    store,
    url: `http://127.0.0.1:${port}`,
    port,
    log: () => log,
    rss: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]) * 1024,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    },
  };
}
