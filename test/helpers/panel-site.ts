import type { JournalEvent } from '../../src/register/event.js';
import { readSince } from '../../src/register/reader.js';
import { startDaemon, type Daemon } from './daemon.js';
import { createPtyPair, type PtyPair } from './pty.js';
import { makeSite } from './site.js';

/** A site whose panel is one end of a socat pty pair; the test plays the panel on the other end. */
export async function panelSite() {
  const pair: PtyPair = await createPtyPair();
  const site = makeSite({ panel: { path: pair.host, baudRate: 9600 } });
  return { ...site, pair };
}

/** The daemon, started and waited for; `stop` sends SIGTERM and expects a clean exit. */
export async function runDaemon(configFile: string): Promise<Daemon & { stop: () => Promise<number | string> }> {
  const d = await startDaemon(configFile);
  if (!d.output().includes('register ready')) throw new Error(`daemon did not start:\n${d.output()}`);
  // Bytes sent before the daemon opens its port are discarded by the open (the serial binding
  // flushes): a test plays the panel only once the port is open, as it would find a real panel.
  await waitFor('the daemon to open the panel port', () => d.output().includes('panel port open'));
  return {
    ...d,
    stop: async () => {
      d.child.kill('SIGTERM');
      return d.exited;
    },
  };
}

export async function allEvents(dataDir: string): Promise<JournalEvent[]> {
  return readSince(dataDir, '0000-00-00');
}

/** The daemon's JSON log lines. */
export function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
