import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Journal } from '../../src/register/journal.js';
import { FakeClock } from '../../src/time/clock.js';
import { startDaemon } from '../helpers/daemon.js';
import { makeSite, runCli } from '../helpers/site.js';

/** A busy gate: 130,000 door events in one day (every open and close is one). */
const EVENTS = 130_000;
const BATCH = 1_000;

describe('a day of 130,000 events (issue 17, item 10)', () => {
  it('start, status, register and verify all work on it: no spread of a whole day as arguments', async () => {
    const { configFile, config } = makeSite();
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const { layout } = await import('../../src/register/layout.js');
    mkdirSync(config.dataDir, { recursive: true });
    const siteKey = randomBytes(32);
    writeFileSync(layout.siteKey(config.dataDir), `${siteKey.toString('hex')}\n`, { mode: 0o600 });
    const journal = await Journal.open({ dataDir: config.dataDir, timezone: config.site.timezone, clock: new FakeClock('2026-11-29T08:00:00+08:00'), siteKey });
    for (let b = 0; b < EVENTS / BATCH; b++) {
      await journal.append(
        Array.from({ length: BATCH }, (_, i) => ({ kind: 'door.changed', actor: 'panel', data: { state: i % 2 ? 'CLOSED' : 'OPEN', station: 'G01', frame: `DOOR,${i},G01,OPEN`, panelSeq: i } })),
      );
    }
    await journal.close();

    const verify = await runCli(['verify', '--config', configFile]);
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(new RegExp(`journal intact: ${EVENTS} events in 1 day files`));
    const status = await runCli(['status', '--config', configFile, '--json']);
    expect(status.stderr).toBe('');
    expect(JSON.parse(status.stdout)).toMatchObject({ journal: { lastSeq: EVENTS, days: 1 } });
    const register = await runCli(['register', '--config', configFile, '--date', '2026-11-29']);
    expect(register.stderr).toBe('');
    expect(register.code).toBe(0);
    const daemon = await startDaemon(configFile);
    expect(daemon.output()).toContain('register ready');
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  }, 180_000);
});
