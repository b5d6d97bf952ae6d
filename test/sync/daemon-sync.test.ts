import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { writeSyncRecord } from '../../src/sync/sync-files.js';
import { deskEvents, deskStore, journalEvents, SECRET } from '../helpers/desk.js';
import { startDaemon, type Daemon } from '../helpers/daemon.js';
import { faultyDesk } from '../helpers/faulty-desk.js';
import { fillJournal } from '../helpers/journal.js';
import { waitFor } from '../helpers/panel-site.js';
import { CLI, makeSite, runCli } from '../helpers/site.js';
import { siteDateTime, siteNow } from '../helpers/site-time.js';

const running: Daemon[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) {
    if (d.child.exitCode === null && d.child.signalCode === null) {
      d.child.kill('SIGKILL');
      await d.exited;
    }
  }
});

/** Sync times 6 and 12 hours from now, so that no scheduled sync falls inside the test by chance. */
function timesAwayFromNow(): string[] {
  const now = siteDateTime();
  return [6, 12].map((h) => now.plus({ hours: h }).toFormat('HH:mm')).sort();
}

/** A site with a day of register behind it (recorded now), syncing over HTTP to a desk the test controls. */
async function site(times = timesAwayFromNow()) {
  const { store } = await deskStore('folder');
  const desk = await faultyDesk(store);
  const s = makeSite({ panel: undefined, sync: { times, target: desk.url, secret: SECRET } });
  await fillJournal(s.config, new Date(siteNow()).toISOString(), 1, 6);
  // The times as configured: computed again later, a minute boundary passed meanwhile would change them.
  return { ...s, store, desk, times };
}

async function daemon(configFile: string): Promise<Daemon> {
  const d = await startDaemon(configFile);
  running.push(d);
  if (!d.output().includes('register ready')) throw new Error(`daemon did not start:\n${d.output()}`);
  return d;
}

describe('R8: sync with the daemon running', () => {
  it('R8: `control-room sync` asks the running daemon through its socket; `status --json` shows last success, next due and the backlog', async () => {
    const s = await site();
    const before = JSON.parse((await runCli(['status', '--config', s.configFile, '--json'])).stdout) as { sync: Record<string, unknown> };
    expect(before.sync).toMatchObject({ last: null, overdue: false, acknowledgedSeq: 0, backlog: 6 });

    const d = await daemon(s.configFile);
    const asked = siteNow();
    const r = await runCli(['sync', '--config', s.configFile, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const journal = await journalEvents(s.config);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, sent: journal.length, acknowledgedSeq: journal.length, backlog: 0, target: `desk ${s.desk.url}` });
    await waitFor('the daemon to log the sync', () => d.output().includes('"synced to the service desk"'));
    expect(await deskEvents(s.store, 'JY01')).toEqual(journal);

    const status = JSON.parse((await runCli(['status', '--config', s.configFile, '--json'])).stdout) as { daemon: { running: boolean }; sync: Record<string, unknown> };
    expect(status.daemon.running).toBe(true);
    expect(status.sync).toMatchObject({ overdue: false, acknowledgedSeq: journal.length, headSeq: journal.length, backlog: 0, lastError: null });
    const last = Date.parse(status.sync.last as string);
    expect(last >= asked - 1 && last <= siteNow()).toBe(true); // the sync this test asked for
    expect(status.sync.next).toMatch(new RegExp(`T(${s.times.join('|')}):00\\.000\\+08:00$`));
    const text = await runCli(['status', '--config', s.configFile]);
    expect(text.stdout).toMatch(/sync: {5}last 20\d\d-.*, next .*, backlog 0 events \(the desk acknowledged up to seq \d+\) -> desk http:\/\/127\.0\.0\.1:\d+/);
  });

  it('the daemon killed in the middle of a sync (before and after the desk took the batch): nothing lost, nothing doubled', async () => {
    const s = await site();
    for (const mode of ['hang', 'lose-answer'] as const) {
      await s.desk.setMode(mode);
      const posts = s.desk.requests.filter((q) => q.startsWith('POST')).length;
      const d = await daemon(s.configFile);
      const pending = runCli(['sync', '--config', s.configFile]);
      await waitFor('the batch to reach the desk', () => s.desk.requests.filter((q) => q.startsWith('POST')).length > posts);
      d.child.kill('SIGKILL');
      await d.exited;
      const cut = await pending;
      expect(cut.code).toBe(1);
      expect(cut.stderr).toContain('the daemon closed the control socket without answering (it stopped or was killed meanwhile)');
    }
    await s.desk.setMode('up');
    await daemon(s.configFile);
    const r = await runCli(['sync', '--config', s.configFile, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, backlog: 0 });
    const journal = await journalEvents(s.config);
    expect(await deskEvents(s.store, 'JY01')).toEqual(journal);
    const batches = await s.store.batches('JY01');
    expect(batches.reduce((n, b) => n + b.taken, 0)).toBe(journal.length);
  });

  it('R8: a scheduled sync missed while the daemon was down is caught up at start, without being asked', async () => {
    const s = await site();
    // The daemon last ran two days ago and never synced since: today's scheduled syncs were missed.
    const twoDaysAgo = siteNow() - 48 * 3600_000;
    await writeSyncRecord(s.config.dataDir, { target: `desk ${s.desk.url}`, since: twoDaysAgo, lastAttemptAt: null, lastSuccessAt: twoDaysAgo, lastError: null, failures: 0, deliveredSeq: 0 });
    const d = await daemon(s.configFile);
    expect(d.output()).toContain('a scheduled sync was missed while the daemon was down; syncing now');
    await waitFor('the catch-up sync', () => d.output().includes('"synced to the service desk"'));
    expect(await deskEvents(s.store, 'JY01')).toEqual(await journalEvents(s.config));
  });
});

describe('R8: sync with no daemon running', () => {
  it('runs directly and holds the data directory meanwhile (a daemon cannot start); killed, the next sync delivers once', async () => {
    const s = await site();
    await s.desk.setMode('hang');
    const direct = spawn(process.execPath, [CLI, 'sync', '--config', s.configFile], { stdio: 'ignore' });
    const ended = new Promise((done) => direct.on('exit', done));
    await waitFor('the batch to reach the desk', () => s.desk.requests.some((q) => q.startsWith('POST')));
    const refused = await runCli(['start', '--config', s.configFile, '--headless']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/data directory .* is in use by control-room \(pid \d+/);
    direct.kill('SIGKILL');
    await ended;

    await s.desk.setMode('up');
    const r = await runCli(['sync', '--config', s.configFile]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^synced to desk http:\/\/127\.0\.0\.1:\d+: \d+ events in 1 batch; the desk has acknowledged up to seq \d+ \(backlog 0\)\n$/);
    expect(await deskEvents(s.store, 'JY01')).toEqual(await journalEvents(s.config));
    const again = await runCli(['sync', '--config', s.configFile]);
    expect(again.stdout).toContain('nothing new to send');
  });

  it('a failed sync exits 1 with the reason, and status shows it', async () => {
    const s = await site();
    await s.desk.setMode('503');
    const r = await runCli(['sync', '--config', s.configFile]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^sync to desk http:\/\/127\.0\.0\.1:\d+ failed: the desk at .* answered 503 Service Unavailable/);
    const status = JSON.parse((await runCli(['status', '--config', s.configFile, '--json'])).stdout) as { sync: Record<string, unknown> };
    expect(status.sync).toMatchObject({ failures: 1, last: null, backlog: 6 });
    expect(status.sync.lastError).toMatch(/answered 503/);
  });
});
