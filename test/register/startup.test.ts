import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layout } from '../../src/register/layout.js';
import { DirLock } from '../../src/register/lock.js';
import { startDaemon } from '../helpers/daemon.js';
import { editDayFile, fillJournal } from '../helpers/journal.js';
import { makeSite, runCli } from '../helpers/site.js';

async function siteWithHistory() {
  const site = makeSite();
  await fillJournal(site.config, '2026-11-27T09:00:00+08:00', 3, 3);
  return site;
}

const damage: Record<string, (text: string) => string> = {
  'empty (0 bytes)': () => '',
  'all NUL bytes': (t) => '\0'.repeat(Buffer.byteLength(t)),
  'truncated': (t) => t.slice(0, Math.floor(t.length / 2)),
  'not JSON': () => 'this is not the journal\n',
};

describe('start-up refuses a damaged journal instead of starting empty', () => {
  for (const [what, edit] of Object.entries(damage)) {
    for (const day of ['2026-11-29', '2026-11-27']) {
      const which = day === '2026-11-29' ? 'the newest' : 'an old';
      it(`${which} day file ${what}: start exits 1 naming the file; nothing is written`, async () => {
        const { configFile, config } = await siteWithHistory();
        const file = editDayFile(config, day, edit);
        const d = await startDaemon(configFile);
        expect(await d.exited).toBe(1);
        expect(d.output()).toContain(`journal file ${file}:`);
        expect(d.output()).toMatch(/will not start over a damaged journal/);
        expect(d.output()).not.toContain('register ready');
        // No new day file appeared (a refusing daemon must not append a day.closed either).
        expect(existsSync(layout.dayFile(config.dataDir, '2026-11-30'))).toBe(false);
        expect(existsSync(layout.lock(config.dataDir))).toBe(false);
      });
    }
  }

  it('a chain broken in the tail is refused with the seq', async () => {
    const { configFile, config } = await siteWithHistory();
    editDayFile(config, '2026-11-29', (t) => t.replace('卫生间下水道堵塞 2-1', '卫生间下水道堵塞 2-9'));
    const d = await startDaemon(configFile);
    expect(await d.exited).toBe(1);
    expect(d.output()).toMatch(/2026-11-29\.jsonl: line 3: seq 10: hash does not match/);
  });

  it('a missing site key with a non-empty journal is refused, not replaced', async () => {
    const { configFile, config } = await siteWithHistory();
    const { rmSync } = await import('node:fs');
    rmSync(layout.siteKey(config.dataDir));
    const d = await startDaemon(configFile);
    expect(await d.exited).toBe(1);
    expect(d.output()).toMatch(/site\.key is missing but the journal holds events/);
    expect(existsSync(layout.siteKey(config.dataDir))).toBe(false);
  });
});

describe('one daemon per data directory', () => {
  it('a second daemon on the same data directory refuses to start; the first keeps running', async () => {
    const { configFile } = makeSite();
    const first = await startDaemon(configFile);
    expect(first.output()).toContain('register ready');
    const second = await startDaemon(configFile);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(new RegExp(`in use by control-room \\(pid ${first.child.pid} `));
    expect(first.child.exitCode).toBeNull();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('SIGTERM flushes and releases the lock, so the next start succeeds at once', async () => {
    const { configFile, config } = makeSite();
    const first = await startDaemon(configFile);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('"register closed"');
    expect(existsSync(layout.lock(config.dataDir))).toBe(false);
    const again = await startDaemon(configFile);
    expect(again.output()).toContain('register ready');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('a second SIGTERM while stopping (a whole process group signalled) does not cut the stop short', async () => {
    const { configFile } = makeSite();
    const d = await startDaemon(configFile);
    d.child.kill('SIGTERM');
    d.child.kill('SIGTERM');
    expect(await d.exited).toBe(0);
    expect(d.output()).toContain('"register closed"');
  });

  it('a lock left by a killed daemon is taken over', async () => {
    const { configFile, config } = makeSite();
    const first = await startDaemon(configFile);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(layout.lock(config.dataDir))).toBe(true);
    const again = await startDaemon(configFile);
    expect(again.output()).toContain('register ready');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('a lock held by another process is respected, whatever the note file says', async () => {
    const { configFile, config } = makeSite();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(config.dataDir, { recursive: true });
    const held = await DirLock.acquire(config.dataDir, layout.lock(config.dataDir));
    writeFileSync(layout.lock(config.dataDir), ''); // the note is only for people; the kernel holds the lock
    const r = await runCli(['start', '--config', configFile, '--headless']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is in use by control-room \(another process\)/);
    await expect(DirLock.acquire(config.dataDir, layout.lock(config.dataDir))).rejects.toThrow(/in use by control-room/);
    await held.release();
    await (await DirLock.acquire(config.dataDir, layout.lock(config.dataDir))).release();
  });

  it('four daemons started at the same instant: exactly one gets the data directory', async () => {
    const { configFile } = makeSite();
    const daemons = await Promise.all([1, 2, 3, 4].map(() => startDaemon(configFile)));
    const ready = daemons.filter((d) => d.output().includes('register ready'));
    expect(ready).toHaveLength(1);
    for (const d of daemons) if (!ready.includes(d)) expect(await d.exited).toBe(1);
    ready[0]!.child.kill('SIGTERM');
    expect(await ready[0]!.exited).toBe(0);
  });
});
