import { describe, expect, it } from 'vitest';
import { FakeBadgeReader } from '../../devices/badge/reader.js';
import { dutySite, IN, OUT, RELIEF, SUPERVISOR, TECHNICIAN, UNKNOWN, refusalCode } from '../helpers/duty.js';

const code = refusalCode;

/** Settles what reader scans caused (the engine's writes are queued in order). */
async function settle(engine: { record: (d: never[]) => Promise<unknown> }) {
  await new Promise((r) => setImmediate(r));
  await engine.record([]);
}

describe('H3: stepping away needs a relief who badges in first; leaving without one is an absence', () => {
  it('H3: a relief badges in and covers; H1: they are the one accountable until the person on duty scans back in', async () => {
    const { engine, clock, events, config } = await dutySite('2026-11-30T07:55:00+08:00');
    const reader = new FakeBadgeReader('serial:/dev/ttyACM0');
    engine.attachBadgeReader(reader);
    clock.set('2026-11-30T10:00:00+08:00');
    await engine.shift.stepAway(OUT, RELIEF);
    expect(engine.onDuty()).toMatchObject({ badge: OUT, relief: { badge: RELIEF, name: '张伟', since: '2026-11-30T10:00:00.000+08:00' } });
    expect(engine.shift.accountable()).toEqual({ badge: RELIEF, name: '张伟' });
    clock.set('2026-11-30T10:20:00+08:00');
    reader.scan(OUT);
    await settle(engine);
    expect(engine.onDuty()!.relief).toBeUndefined();
    expect(engine.shift.accountable()).toEqual({ badge: OUT, name: '王建国' });
    expect((await events('duty.')).map((e) => [e.kind, e.actor, e.at.slice(11, 16)])).toEqual([
      ['duty.signed-on', OUT, '07:55'],
      ['duty.stepped-away', RELIEF, '10:00'],
      ['duty.returned', OUT, '10:20'],
    ]);
    expect((await events('duty.returned'))[0]!.data).toMatchObject({ badge: OUT, awayFrom: '2026-11-30T10:00:00.000+08:00', minutes: 20, relief: { badge: RELIEF } });
    const [shift] = (await engine.shift.log('2026-11-30')).shifts;
    expect(shift!.reliefs).toEqual([{ badge: RELIEF, name: '张伟', for: { badge: OUT, name: '王建国' }, from: '2026-11-30T10:00:00.000+08:00', to: '2026-11-30T10:20:00.000+08:00' }]);
    expect(shift!.absences).toEqual([]);
    expect(config.shifts[0]).toBe('08:00');
  });

  it('H3: stepping away with no relief is recorded as an absence (擅自离岗) with its times', async () => {
    const { engine, clock, events } = await dutySite('2026-11-30T07:55:00+08:00');
    clock.set('2026-11-30T14:00:00+08:00');
    await engine.shift.stepAway(OUT);
    expect(engine.onDuty()).toMatchObject({ badge: OUT, absentSince: '2026-11-30T14:00:00.000+08:00' });
    // Still answerable: that is what makes it an absence.
    expect(engine.shift.accountable()).toEqual({ badge: OUT, name: '王建国' });
    clock.set('2026-11-30T14:25:30+08:00');
    await engine.shift.returnToDuty(OUT);
    expect((await events('duty.')).map((e) => e.kind)).toEqual(['duty.signed-on', 'duty.absent', 'duty.returned']);
    expect((await events('duty.returned'))[0]!.data).toMatchObject({ absent: true, awayFrom: '2026-11-30T14:00:00.000+08:00', minutes: 26 });
    const [shift] = (await engine.shift.log('2026-11-30')).shifts;
    expect(shift!.absences).toEqual([{ badge: OUT, name: '王建国', from: '2026-11-30T14:00:00.000+08:00', to: '2026-11-30T14:25:30.000+08:00', minutes: 26 }]);
  });

  it('H3: an absence still open shows without an end; it stays recorded across a restart', async () => {
    const { engine, clock, restart } = await dutySite('2026-11-30T07:55:00+08:00');
    clock.set('2026-11-30T14:00:00+08:00');
    await engine.shift.stepAway(OUT);
    clock.set('2026-12-01T09:00:00+08:00');
    const again = await restart();
    expect(again.onDuty()).toMatchObject({ badge: OUT, absentSince: '2026-11-30T14:00:00.000+08:00' });
    const [, night] = (await again.shift.log('2026-11-30')).shifts;
    expect(night!.absences).toEqual([{ badge: OUT, name: '王建国', from: '2026-11-30T14:00:00.000+08:00', to: null, minutes: null }]);
  });

  it('H3: only the person on duty steps away; the relief is someone else who may be on duty; unknown badges sign nothing', async () => {
    const { engine, events } = await dutySite('2026-11-30T07:55:00+08:00');
    expect(await code(engine.shift.stepAway(IN, RELIEF))).toBe('not-on-duty');
    expect(await code(engine.shift.stepAway(OUT, OUT))).toBe('same-badge');
    expect(await code(engine.shift.stepAway(OUT, TECHNICIAN))).toBe('not-duty-role');
    expect(await code(engine.shift.stepAway(OUT, UNKNOWN))).toBe('unknown-badge');
    expect(await code(engine.shift.returnToDuty(IN))).toBe('not-on-duty');
    expect((await events('duty.')).map((e) => e.kind)).toEqual(['duty.signed-on']);
  });

  it('H3: while away, the person on duty cannot step away again, sign off or hand over; back, they can', async () => {
    const { engine } = await dutySite('2026-11-30T07:55:00+08:00');
    await engine.shift.stepAway(OUT, RELIEF);
    expect(await code(engine.shift.stepAway(OUT, IN))).toBe('away');
    await expect(engine.signOff(OUT, { supervisor: SUPERVISOR, reason: '临时关闭' })).rejects.toThrow(/recorded as away; scan your badge to return first/);
    expect(() => engine.handover.begin(OUT)).toThrow(/recorded as away/);
    await engine.shift.returnToDuty(OUT);
    // A second return records nothing more.
    await engine.shift.returnToDuty(OUT);
    expect(engine.handover.begin(OUT).open).toBe(true);
  });

  it('H1: a relief covering is still known after a quiet fortnight (day.closed carries it)', async () => {
    const { engine, clock, restart } = await dutySite('2026-11-30T07:55:00+08:00');
    await engine.shift.stepAway(OUT, RELIEF);
    let e = engine;
    for (const day of ['2026-12-01', '2026-12-09', '2026-12-16']) {
      clock.set(`${day}T09:00:00+08:00`);
      e = await restart();
    }
    expect(e.onDuty()).toMatchObject({ badge: OUT, relief: { badge: RELIEF } });
    expect(e.shift.accountable()!.badge).toBe(RELIEF);
  });

  it('H1: signed on later in a day whose file began with a day.closed, then three quiet weeks: still on duty after a restart', async () => {
    const { engine, clock, restart } = await dutySite('2026-09-30T09:00:00+08:00', { onDuty: null });
    await engine.recordEntry({ channel: 'phone', category: 'consultation', content: '停车费标准' }, IN);
    clock.set('2026-10-01T09:00:00+08:00');
    await engine.signOn(OUT);
    await engine.shift.stepAway(OUT, RELIEF);
    clock.set('2026-10-20T09:00:00+08:00');
    const again = await restart();
    expect(again.onDuty()).toMatchObject({ badge: OUT, relief: { badge: RELIEF } });
  });

  it('H1: the duty log shows who held the duty, and when nobody did', async () => {
    const { engine, clock } = await dutySite('2026-11-30T07:55:00+08:00');
    clock.set('2026-11-30T12:00:00+08:00');
    await engine.signOff(OUT, { supervisor: SUPERVISOR, reason: '交接前临时关闭' });
    clock.set('2026-11-30T12:30:00+08:00');
    await engine.signOn(IN);
    clock.set('2026-11-30T13:00:00+08:00');
    const [shift] = (await engine.shift.log('2026-11-30')).shifts;
    expect(shift!.running).toBe(true);
    expect(shift!.onDuty.map((x) => [x.badge, x.from.slice(11, 16), x.to?.slice(11, 16) ?? null])).toEqual([
      [OUT, '07:55', '12:00'],
      [IN, '12:30', null],
    ]);
    expect(shift!.unattended).toEqual([{ from: '2026-11-30T12:00:00.000+08:00', to: '2026-11-30T12:30:00.000+08:00' }]);
  });
});
