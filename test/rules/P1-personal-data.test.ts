import { readFileSync, statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, maskPhone } from '../../src/log.js';
import { layout } from '../../src/register/layout.js';
import { readDay } from '../../src/register/reader.js';
import { startDaemon } from '../helpers/daemon.js';
import { engineAt } from '../helpers/engine.js';
import { OPERATOR, REPAIR, fillJournal } from '../helpers/journal.js';
import { makeSite, runCli } from '../helpers/site.js';

describe('P1: personal data is kept apart, masked in logs, and only as long as configured', () => {
  it('P1: the site key is created at first start, readable by its owner only', async () => {
    const { config } = await engineAt('2026-11-30T09:00:00+08:00');
    const mode = statSync(layout.siteKey(config.dataDir)).mode & 0o777;
    expect(mode).toBe(0o600);
    expect(readFileSync(layout.siteKey(config.dataDir), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });

  it('P1: a phone number cannot be found in the chained part of an event nor in its digest', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    const [e] = await readDay(config.dataDir, '2026-11-30');
    const { pii: _pii, ...chained } = e!;
    expect(JSON.stringify(chained)).not.toMatch(/13900001202|陈丽/);
  });

  it('P1: purge removes personal data older than retentionDays and verify still passes', async () => {
    const { configFile, config } = makeSite({ retentionDays: 2 });
    await fillJournal(config, '2026-11-20T09:00:00+08:00', 5, 2); // 11-20 .. 11-24
    // Purge as of today (the real date, far later than the history): everything is past retention.
    const purge = await runCli(['purge', '--config', configFile]);
    expect(purge.stderr).toBe('');
    expect(purge.stdout).toMatch(/personal data purged from 10 events in 5 day files/);
    for (const day of ['2026-11-20', '2026-11-24']) {
      const events = await readDay(config.dataDir, day);
      expect(events.every((e) => e.pii === undefined)).toBe(true);
      expect(events.filter((e) => e.kind === 'entry.created').every((e) => /^[0-9a-f]{64}$/.test(e.piiDigest ?? ''))).toBe(true);
    }
    const verify = await runCli(['verify', '--config', configFile]);
    expect(verify.code).toBe(0);
    const register = JSON.parse((await runCli(['register', '--config', configFile, '--date', '2026-11-22', '--json'])).stdout) as Record<string, unknown>[];
    expect(register).toHaveLength(2);
    expect(register[0]).toMatchObject({ resident: null, phone: null, address: '嘉园3栋1单元1202室', unclear: [] });
    // The purge itself is on the record.
    const log = (await runCli(['log', '--config', configFile, '--json'])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; data: Record<string, unknown> });
    expect(log.at(-1)).toMatchObject({ kind: 'pii.purged', data: { events: 10, files: 5, retentionDays: 2 } });
  });

  it('P1: the daemon purges expired personal data by itself, right after start-up', async () => {
    const { configFile, config } = makeSite({ retentionDays: 2 });
    await fillJournal(config, '2026-11-20T09:00:00+08:00', 2, 2);
    const daemon = await startDaemon(configFile);
    for (let i = 0; i < 100 && !daemon.output().includes('purged'); i++) await new Promise((r) => setTimeout(r, 50));
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(daemon.output()).toMatch(/"files":2,"events":4.*personal data past its retention purged/);
    expect((await readDay(config.dataDir, '2026-11-21')).every((e) => e.pii === undefined)).toBe(true);
  });

  it('P1: purge keeps what is still within retention', async () => {
    const { engine, clock, config } = await engineAt('2026-11-20T09:00:00+08:00', { retentionDays: 3 });
    await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-22T09:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-24T09:00:00+08:00');
    const result = await engine.purgeExpiredPii(); // before 11-21
    expect(result).toEqual({ files: 1, events: 1, before: '2026-11-21' });
    expect((await readDay(config.dataDir, '2026-11-20'))[0]!.pii).toBeUndefined();
    expect((await readDay(config.dataDir, '2026-11-22')).find((e) => e.kind === 'entry.created')!.pii).toEqual({ resident: '陈丽', phone: '13900001202' });
    expect((await engine.purgeExpiredPii()).events).toBe(0);
  });

  it('P1: a purge neither makes a clear entry unclear nor an unclear one clear (R6), and leaves no personal data in memory', async () => {
    const { engine, clock } = await engineAt('2026-11-20T09:00:00+08:00', { retentionDays: 3 });
    const fixed = await engine.recordEntry({ ...REPAIR, phone: null }, OPERATOR);
    await engine.amendEntry(fixed.id, { phone: '13900001203' }, '回拨确认号码', OPERATOR);
    const phoneOnly = await engine.recordEntry({ ...REPAIR, resident: null }, OPERATOR);
    const cleared = await engine.recordEntry(REPAIR, OPERATOR);
    await engine.amendEntry(cleared.id, { phone: null }, '号码有误,待核实', OPERATOR);
    expect([fixed, phoneOnly, cleared].map((e) => engine.entry(e.id)!.unclear)).toEqual([[], ['resident'], ['phone']]);
    clock.set('2026-11-24T09:00:00+08:00'); // purges before 11-21; 11-20 is still in the engine's week
    expect((await engine.purgeExpiredPii()).events).toBeGreaterThan(0);
    const after = [fixed, phoneOnly, cleared].map((e) => engine.entry(e.id)!);
    expect(after.map((e) => e.unclear)).toEqual([[], ['resident'], ['phone']]);
    expect(after.map((e) => [e.resident, e.phone, e.piiPurged])).toEqual([
      [null, null, true],
      [null, null, true],
      [null, null, true],
    ]);
    expect(JSON.stringify(await engine.entriesOfDay('2026-11-20'))).not.toMatch(/陈丽|1390000120/);
    expect(JSON.stringify(engine.callbacksOwed())).not.toMatch(/陈丽|1390000120/);
  });

  it('P1: logs never print personal data; phone numbers are masked', () => {
    let out = '';
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((out += chunk.toString()), done()) });
    const log = createLogger({ level: 'info' }, sink);
    log.info({ pii: { resident: '陈丽', phone: '13900001202' }, entry: { phone: '13900001202', resident: '陈丽' } }, 'call from 13900001202');
    expect(out).not.toMatch(/13900001202|陈丽/);
    expect(out).toContain('139****1202');
    expect(maskPhone('13800000000')).toBe('138****0000');
  });
});
