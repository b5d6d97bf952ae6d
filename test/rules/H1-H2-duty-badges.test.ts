import { describe, expect, it } from 'vitest';
import { FakeBadgeReader } from '../../devices/badge/reader.js';
import { readDay } from '../../src/register/reader.js';
import { engineAt } from '../helpers/engine.js';
import { REPAIR } from '../helpers/journal.js';

async function withReader(at = '2026-11-30T07:55:00+08:00') {
  const site = await engineAt(at);
  const reader = new FakeBadgeReader('serial:/dev/ttyACM0');
  site.engine.attachBadgeReader(reader);
  reader.start();
  // Waits until everything the scans caused is on disk (the engine's writes are queued in order).
  const settle = async () => {
    await new Promise((r) => setImmediate(r));
    await site.engine.record([]);
  };
  return { ...site, reader, settle };
}

describe('H1/H2: a badge is a signature, and one accountable person is on duty', () => {
  it('H2: an unknown badge signs nothing; it is refused and recorded as scanned', async () => {
    const { engine, reader, settle, config } = await withReader();
    reader.scan('EMP-999999');
    await settle();
    expect(engine.onDuty()).toBeNull();
    const events = (await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind !== 'device.link');
    expect(events).toMatchObject([{ kind: 'badge.refused', actor: 'system', data: { scanned: 'EMP-999999', reader: 'serial:/dev/ttyACM0', reason: 'not on the roster' } }]);
  });

  it('H2: an inactive badge (a former employee) signs nothing', async () => {
    const { engine, reader, settle, config } = await withReader();
    reader.scan('EMP-000105');
    await settle();
    expect(engine.onDuty()).toBeNull();
    expect((await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'badge.refused')!.data).toMatchObject({ reason: 'marked inactive on the roster' });
    await expect(engine.signOn('EMP-000105')).rejects.toThrow(/marked inactive on the roster/);
  });

  it('H2: a scan longer than a badge is recorded masked, never in full', async () => {
    const { reader, settle, config } = await withReader();
    reader.scan('THIS-IS-NOT-A-BADGE-BUT-A-LONG-STRING');
    await settle();
    const refused = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'badge.refused')!;
    expect(refused.data.scanned).not.toContain('NOT-A-BADGE-BUT');
    expect(String(refused.data.scanned)).toMatch(/^THIS\*+NG$/);
  });

  it('H1: with nobody on duty, an operator\'s scan signs them on; the event\'s actor is their badge', async () => {
    const { engine, reader, settle, config } = await withReader();
    reader.scan('EMP-000101');
    await settle();
    expect(engine.onDuty()).toMatchObject({ badge: 'EMP-000101', since: '2026-11-30T07:55:00.000+08:00' });
    const on = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'duty.signed-on')!;
    expect(on).toMatchObject({ actor: 'EMP-000101', data: { badge: 'EMP-000101', role: 'operator' } });
  });

  it('H1: a technician\'s scan does not put them on duty; a second person cannot sign on over the one on duty', async () => {
    const { engine, reader, settle } = await withReader();
    reader.scan('EMP-000401');
    await settle();
    expect(engine.onDuty()).toBeNull();
    await expect(engine.signOn('EMP-000401')).rejects.toThrow(/is a technician; only an operator or a supervisor and above can be on duty/);
    await engine.signOn('EMP-000101');
    await expect(engine.signOn('EMP-000102')).rejects.toThrow(/is on duty since .*; a change of shift is a handover/);
    reader.scan('EMP-000102');
    await settle();
    expect(engine.onDuty()!.badge).toBe('EMP-000101');
  });

  it('H1: only the person on duty signs off, and only with a supervisor\'s badge and a reason; then nobody is on duty', async () => {
    const { engine } = await withReader();
    await engine.signOn('EMP-000101');
    // H1: the room is never left by a sign-off alone: a supervisor approves it with a reason.
    await expect(engine.signOff('EMP-000101')).rejects.toThrow(/staffed around the clock \(H1\)/);
    await expect(engine.signOff('EMP-000101', { supervisor: 'EMP-000102', reason: '检修' })).rejects.toThrow(/needs a supervisor or above/);
    await expect(engine.signOff('EMP-000101', { supervisor: 'EMP-000201', reason: ' ' })).rejects.toThrow(/needs the reason/);
    await expect(engine.signOff('EMP-000102', { supervisor: 'EMP-000201', reason: '测试：中控室停用检修' })).rejects.toThrow(/only .* \(EMP-000101\), who is on duty, can sign off/);
    expect(engine.onDuty()!.badge).toBe('EMP-000101');
    await engine.signOff('EMP-000101', { supervisor: 'EMP-000201', reason: '测试：中控室停用检修' });
    expect(engine.onDuty()).toBeNull();
    await expect(engine.signOff('EMP-000101', { supervisor: 'EMP-000201', reason: '测试：中控室停用检修' })).rejects.toThrow(/nobody is on duty/);
  });

  it('H1: two operators scanning at the same instant: exactly one is on duty, the other is not signed on', async () => {
    const { engine, reader, settle, config } = await withReader();
    const second = new FakeBadgeReader('hid:0c2e:0b61');
    engine.attachBadgeReader(second);
    reader.scan('EMP-000101');
    second.scan('EMP-000102');
    reader.scan('EMP-000101'); // a double read
    await settle();
    await new Promise((r) => setTimeout(r, 50));
    await settle();
    const ons = (await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind === 'duty.signed-on');
    expect(ons).toHaveLength(1);
    expect(engine.onDuty()!.badge).toBe(ons[0]!.actor);
  });

  it('H1: the person on duty made inactive on the roster: at the next start their duty ends, recorded by the system', async () => {
    const { engine, clock, configFile } = await withReader();
    await engine.signOn('EMP-000101');
    await engine.stop();
    const { readFileSync, writeFileSync } = await import('node:fs');
    const roster = configFile.replace('config.json', 'roster.csv');
    writeFileSync(roster, readFileSync(roster, 'utf8').replace('EMP-000101,王建国,operator,1,', 'EMP-000101,王建国,operator,0,'));
    const { loadConfig } = await import('../../src/config/load.js');
    const { Engine } = await import('../../src/engine/engine.js');
    const again = await Engine.start(loadConfig(configFile), { clock });
    try {
      expect(again.onDuty()).toBeNull();
      await again.signOn('EMP-000102');
      const day = await readDay(again.config.dataDir, '2026-11-30');
      expect(day.filter((e) => e.kind.startsWith('duty.')).map((e) => [e.kind, e.actor, e.data.reason ?? null])).toEqual([
        ['duty.signed-on', 'EMP-000101', null],
        ['duty.signed-off', 'system', 'marked inactive on the roster'],
        ['duty.signed-on', 'EMP-000102', null],
      ]);
    } finally {
      await again.stop();
    }
  });

  it('H1: who is on duty is still known after a quiet fortnight (day.closed carries it)', async () => {
    const { engine, clock } = await withReader();
    await engine.signOn('EMP-000101');
    const { restart } = await import('../helpers/engine.js');
    let e = engine;
    for (const day of ['2026-12-01', '2026-12-09', '2026-12-16']) {
      clock.set(`${day}T09:00:00+08:00`);
      e = await restart(e, clock);
    }
    expect(e.onDuty()).toMatchObject({ badge: 'EMP-000101' });
  });

  it('H2: a badge scanned on a reader signs with that badge: the sign-on\'s actor is the badge read', async () => {
    const { engine, reader, settle, config } = await withReader();
    const signed: string[] = [];
    engine.bus.on('badge', (person) => signed.push(person.badge));
    reader.scan('EMP-000201');
    await settle();
    expect(signed).toEqual(['EMP-000201']);
    const on = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'duty.signed-on')!;
    expect(on.actor).toBe('EMP-000201');
    expect(engine.onDuty()!.badge).toBe('EMP-000201');
  });

  it('H2: every signed event\'s actor is the badge that signed it', async () => {
    const { engine, config } = await withReader();
    await engine.signOn('EMP-000101');
    const e = await engine.recordEntry(REPAIR, 'EMP-000101');
    await engine.amendEntry(e.id, { content: '补充' }, '住户来电', 'EMP-000201');
    await engine.closeEntry(e.id, '已修好', 'EMP-000202', '首问人已下班, 主管代为办结');
    await engine.signOff('EMP-000101', { supervisor: 'EMP-000201', reason: '测试：中控室停用检修' });
    const signed = (await readDay(config.dataDir, '2026-11-30')).filter((x) => x.kind.startsWith('entry.') || x.kind.startsWith('duty.'));
    expect(signed.map((x) => [x.kind, x.actor])).toEqual([
      ['duty.signed-on', 'EMP-000101'],
      ['entry.created', 'EMP-000101'],
      ['entry.amended', 'EMP-000201'],
      ['entry.closed', 'EMP-000202'],
      ['duty.signed-off', 'EMP-000101'],
    ]);
  });

  it('H1: who is on duty survives a restart', async () => {
    const { engine, clock } = await withReader();
    await engine.signOn('EMP-000101');
    const { restart } = await import('../helpers/engine.js');
    const again = await restart(engine, clock);
    expect(again.onDuty()).toMatchObject({ badge: 'EMP-000101' });
  });
});
