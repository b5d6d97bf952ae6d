import { lstatSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layout } from '../../src/register/layout.js';
import { startDaemon } from '../helpers/daemon.js';
import { fillJournal } from '../helpers/journal.js';
import { waitFor } from '../helpers/panel-site.js';
import { makeSite } from '../helpers/site.js';

describe('the daemon never writes through a symbolic link (issue 17, item 9)', () => {
  it('links planted at head.json and its temp file, status.json and its temp file, and daemon.lock leave their targets untouched (a linked lock refuses the start)', async () => {
    const { configFile, config, dir } = makeSite();
    await fillJournal(config, '2026-11-27T09:00:00+08:00', 1, 1);
    const journal = layout.journalDir(config.dataDir);
    // Where the previous version wrote: fixed temp names beside the files, and the lock note itself.
    const planted = {
      headTemp: join(journal, 'head.json.tmp'),
      head: join(journal, 'head.json'),
      statusTemp: `${layout.status(config.dataDir)}.tmp`,
      status: layout.status(config.dataDir),
      lock: layout.lock(config.dataDir),
    };
    const victims: Record<string, string> = {};
    for (const [name, link] of Object.entries(planted)) {
      victims[name] = join(dir, `victim-${name}`);
      writeFileSync(victims[name], `precious ${name}\n`, { mode: 0o600 });
      rmSync(link, { force: true });
      symlinkSync(victims[name], link);
    }
    // A link at the lock's name is refused outright, naming it (the daemon makes its own lock file).
    const refused = await startDaemon(configFile);
    expect(await refused.exited).not.toBe(0);
    expect(refused.output()).toContain('daemon.lock: it is a symbolic link; remove it');
    expect(readFileSync(victims.lock!, 'utf8')).toBe('precious lock\n');
    rmSync(planted.lock);
    const daemon = await startDaemon(configFile);
    expect(daemon.output()).toContain('register ready');
    // The start records the panel's link (no device here), then notes the head; status is written at once.
    await waitFor('status.json to be written', () => lstatSync(planted.status).isFile());
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    for (const [name, victim] of Object.entries(victims)) expect.soft(readFileSync(victim, 'utf8'), name).toBe(`precious ${name}\n`);
    expect(lstatSync(planted.head).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(planted.head, 'utf8'))).toMatchObject({ seq: expect.any(Number) });
  });
});
