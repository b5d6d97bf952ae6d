import { afterEach, describe, expect, it } from 'vitest';
import { startDaemon } from '../helpers/daemon.js';
import { allEvents, waitFor } from '../helpers/panel-site.js';
import { createPtyPair, destroyPtyPairs } from '../helpers/pty.js';
import { makeSite, runCli } from '../helpers/site.js';

afterEach(destroyPtyPairs);

describe('badges through the daemon, from a serial scanner on a socat pty', () => {
  it('H1/H2: an unknown badge is refused; an operator\'s badge signs on; status shows who is on duty and the reader', async () => {
    const pair = await createPtyPair();
    const { configFile, config } = makeSite({ panel: undefined, badgeReaders: [{ type: 'serial', path: pair.host, baudRate: 9600 }] });
    const daemon = await startDaemon(configFile);
    await waitFor('the daemon asking for a badge first', () => daemon.output().includes('nobody is on duty: the first thing to do is to scan an operator badge'));
    await waitFor('the scanner port open', () => daemon.output().includes('"msg":"badge reader up"'));

    await runCli(['simulate', 'scanner', '--port', pair.panel, 'EMP-777777']);
    await waitFor('the refusal', () => daemon.output().includes('"msg":"badge refused"'));
    await runCli(['simulate', 'scanner', '--port', pair.panel, 'EMP-000102']);
    await waitFor('the sign-on', async () => (await allEvents(config.dataDir)).some((e) => e.kind === 'duty.signed-on'));

    type Status = { onDuty: { badge: string; name: string } | null; badgeReaders: { name: string; link: string }[] };
    let status: Status | undefined;
    await waitFor('status with the reader', async () => {
      status = JSON.parse((await runCli(['status', '--config', configFile, '--json'])).stdout) as Status;
      return status.badgeReaders[0]?.link === 'up';
    });
    expect(status!.onDuty).toMatchObject({ badge: 'EMP-000102' });
    expect(status!.badgeReaders).toMatchObject([{ name: `serial:${pair.host}`, link: 'up' }]);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);

    const events = (await allEvents(config.dataDir)).filter((e) => e.kind === 'badge.refused' || e.kind === 'duty.signed-on');
    expect(events.map((e) => [e.kind, e.actor, e.data.scanned ?? e.data.badge])).toEqual([
      ['badge.refused', 'system', 'EMP-777777'],
      ['duty.signed-on', 'EMP-000102', 'EMP-000102'],
    ]);
  }, 60_000);
});
