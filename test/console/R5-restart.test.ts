import { afterEach, describe, expect, it } from 'vitest';
import type { PanelSimulator } from '../../devices/intercom/simulator.js';
import { consoleSite } from '../helpers/console-site.js';
import { fortnightWithOpenEntries } from '../helpers/fortnight.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';
import { standAt } from '../helpers/site-time.js';
import { closeTerminals } from '../helpers/tmux.js';

const panels: PanelSimulator[] = [];
afterEach(async () => {
  while (panels.length) await panels.pop()!.stop();
  await closeTerminals();
  await destroyPtyPairs();
});

// The restart of issue 13: a fortnight after the entries were recorded.
standAt('2026-11-14T10:00:00.000+08:00');

describe('R5, F1 end to end: a daemon restarted after a fortnight of daily closings', () => {
  it('R5, F1: the open complaint from 11-02 is in status --json, in register --date 2026-11-02 and in the console\'s overdue count', async () => {
    let ids = { complaint: '', repair: '' };
    const site = await consoleSite({ beforeStart: async (configFile) => void (ids = await fortnightWithOpenEntries(configFile)) });
    panels.push(site.panel);
    const screen = await site.term.waitFor('逾期 2');
    expect(screen).toContain('请值班员刷卡上岗');

    const status = JSON.parse((await runCli(['status', '--config', site.configFile, '--json'])).stdout) as { daemon: { running: boolean }; openEntries: unknown };
    expect(status.daemon.running).toBe(true);
    expect(status.openEntries).toEqual({ count: 2, overdue: 2, overdueIds: [ids.complaint, ids.repair], oldestReceivedAt: '2026-11-02T10:00:00.000+08:00' });

    const register = JSON.parse((await runCli(['register', '--config', site.configFile, '--date', '2026-11-02', '--json'])).stdout) as { id: string; status: string; overdue: boolean }[];
    expect(register.find((e) => e.id === ids.complaint)).toMatchObject({ status: 'open', overdue: true });
  }, 60_000);
});
