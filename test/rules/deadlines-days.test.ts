import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layout } from '../../src/register/layout.js';
import { readDay } from '../../src/register/reader.js';
import { readSiteKey } from '../../src/register/site-key.js';
import { verifyJournal } from '../../src/register/verify.js';
import { engineAt, restart } from '../helpers/engine.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';

const COMPLAINT = { channel: 'phone', category: 'complaint', address: '嘉园2栋1单元601室', resident: '赵敏', phone: '13800000601', content: '楼上装修噪音' };

describe('F1: every complaint gets a clear answer within 3 days', () => {
  it('F1: a complaint carries a deadline exactly 3 days after it was received, and is overdue after it', async () => {
    const { engine, clock } = await engineAt('2026-11-30T22:40:00+08:00');
    const c = await engine.recordEntry(COMPLAINT, OPERATOR);
    expect(c.deadline).toBe('2026-12-03T22:40:00.000+08:00');
    clock.set('2026-12-03T22:40:00+08:00');
    expect(engine.entry(c.id)!.overdue).toBe(false);
    clock.set('2026-12-03T22:40:00.001+08:00');
    expect(engine.entry(c.id)!.overdue).toBe(true);
  });

  it('F1: an appointment does not move a complaint\'s deadline', async () => {
    const { engine } = await engineAt('2026-11-30T10:00:00+08:00');
    const c = await engine.recordEntry({ ...COMPLAINT, appointmentAt: '2026-12-10 10:00' }, OPERATOR);
    expect(c.deadline).toBe('2026-12-03T10:00:00.000+08:00');
  });

  it('F1: a complaint answered in time is never overdue', async () => {
    const { engine, clock } = await engineAt('2026-11-30T10:00:00+08:00');
    const c = await engine.recordEntry(COMPLAINT, OPERATOR);
    clock.set('2026-12-02T10:00:00+08:00');
    await engine.closeEntry(c.id, '已协调楼上住户,装修时间调整', OPERATOR);
    clock.set('2026-12-10T10:00:00+08:00');
    expect(engine.entry(c.id)!.overdue).toBe(false);
  });

  it('F1: configuring a complaint deadline longer than 3 days is a configuration error', async () => {
    await expect(engineAt('2026-11-30T10:00:00+08:00', { deadlineHours: { complaint: 96 } })).rejects.toThrow(/deadlineHours.complaint is 96, expected at most 72 \(F1/);
  });
});

describe('R1: time-zone edges: an event lands in the file of its local day', () => {
  it('R1: 23:59:59.999 local goes into that day, 00:00:00 local into the next (Asia/Shanghai, UTC 15:59/16:00)', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T23:59:59.999+08:00');
    const late = await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-30T16:00:00.000Z'); // = 2026-12-01 00:00:00 +08:00
    const early = await engine.recordEntry(REPAIR, OPERATOR);
    expect(late).toMatchObject({ id: '20261130-001', receivedAt: '2026-11-30T23:59:59.999+08:00' });
    expect(early).toMatchObject({ id: '20261201-001', receivedAt: '2026-12-01T00:00:00.000+08:00' });
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => e.at)).toEqual(['2026-11-30T23:59:59.999+08:00']);
    const dec1 = await readDay(config.dataDir, '2026-12-01');
    expect(dec1.map((e) => [e.kind, e.at])).toEqual([
      ['day.closed', '2026-12-01T00:00:00.000+08:00'],
      ['entry.created', '2026-12-01T00:00:00.000+08:00'],
    ]);
  });

  it('R1: a site west of UTC files by its own midnight (America/New_York, across the DST change)', async () => {
    const { engine, clock, config } = await engineAt('2026-11-01T01:30:00-04:00', { site: { id: 'NY01', name: 'NY', timezone: 'America/New_York' } });
    await engine.recordEntry(REPAIR, OPERATOR); // EDT
    clock.set('2026-11-01T23:59:59-05:00'); // EST, same local day
    await engine.recordEntry(REPAIR, OPERATOR);
    const day = await readDay(config.dataDir, '2026-11-01');
    expect(day.map((e) => e.at)).toEqual(['2026-11-01T01:30:00.000-04:00', '2026-11-01T23:59:59.000-05:00']);
  });

  it('a changed site.timezone is refused at start rather than filing events under the wrong days', async () => {
    const { engine, config, configFile } = await engineAt('2026-11-30T23:30:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    await engine.stop();
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('Asia/Shanghai', 'UTC'));
    const { loadConfig } = await import('../../src/config/load.js');
    const { Engine } = await import('../../src/engine/engine.js');
    await expect(Engine.start(loadConfig(configFile))).rejects.toThrow(
      /site\.timezone is UTC, but the journal was kept in another time zone: its last event \(seq 1\) is at 2026-11-30T23:30:00\.000\+08:00.*Set site\.timezone back .*offset \+08:00/,
    );
    expect((await readDay(config.dataDir, '2026-11-30')).length).toBe(1);
  });

  it('a clock stepping backwards never sends an event into an earlier day file', async () => {
    const { engine, clock, config } = await engineAt('2026-12-01T00:00:05+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-30T23:59:50+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    expect(existsSync(layout.dayFile(config.dataDir, '2026-11-30'))).toBe(false);
    expect((await readDay(config.dataDir, '2026-12-01')).map((e) => e.at)).toEqual(['2026-12-01T00:00:05.000+08:00', '2026-12-01T00:00:05.000+08:00']);
  });
});

describe('R8: each finished day is closed with its count and last hash', () => {
  it('R8: after midnight the engine appends day.closed for the previous day, once', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T20:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    await engine.recordEntry(REPAIR, OPERATOR);
    const nov30 = await readDay(config.dataDir, '2026-11-30');
    clock.set('2026-12-01T00:00:05+08:00');
    expect(await engine.closeFinishedDays()).toEqual(['2026-11-30']);
    expect(await engine.closeFinishedDays()).toEqual([]);
    const [closed, ...rest] = await readDay(config.dataDir, '2026-12-01');
    expect(rest).toEqual([]);
    expect(closed).toMatchObject({ seq: 3, kind: 'day.closed', actor: 'system', data: { day: '2026-11-30', count: 2, lastHash: nov30[1]!.hash } });
  });

  it('R8: a day finished while the daemon was down is closed at the next start', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T20:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-12-03T08:00:00+08:00');
    await restart(engine, clock);
    const events = await readDay(config.dataDir, '2026-12-03');
    expect(events.map((e) => [e.kind, e.data.day])).toEqual([['day.closed', '2026-11-30']]);
    expect((await verifyJournal(config.dataDir, await readSiteKey(config.dataDir))).ok).toBe(true);
  });

  it('R8: a restart the same day closes nothing twice', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T20:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-12-01T08:00:00+08:00');
    const second = await restart(engine, clock);
    await second.recordEntry(REPAIR, OPERATOR);
    await restart(second, clock);
    expect((await readDay(config.dataDir, '2026-12-01')).map((e) => e.kind)).toEqual(['day.closed', 'entry.created']);
  });
});

describe('a clock behind the journal', () => {
  it('is reported at start: events would keep the last event\'s time until the clock catches up', async () => {
    const { Writable } = await import('node:stream');
    const { createLogger } = await import('../../src/log.js');
    const { Engine } = await import('../../src/engine/engine.js');
    const { FakeClock } = await import('../../src/time/clock.js');
    const { engine, clock } = await engineAt('2036-02-07T10:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    await engine.stop();
    let out = '';
    const sink = new Writable({ write: (c: Buffer, _e, done) => ((out += c.toString()), done()) });
    clock.set('2026-11-30T10:00:00+08:00');
    const again = await Engine.start(engine.config, { clock: new FakeClock('2026-11-30T10:00:00+08:00'), logger: createLogger({}, sink) });
    await again.stop();
    expect(out).toMatch(/"level":50.*the system clock is \d+ minutes behind the journal's last event.*Check the clock \(NTP\)/);
  });
});
