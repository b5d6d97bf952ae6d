import { describe, expect, it } from 'vitest';
import { holidaysTouched, lateness, nearestChange, shiftAt, shiftsOfDay } from '../../src/domain/shifts.js';
import { allClear, dutySite, IN, OUT } from '../helpers/duty.js';

const SH = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);

describe('H5: shift changes from the configuration, in the site\'s zone', () => {
  it('H5: a handover is for the nearest change, on whichever side of midnight', () => {
    expect(nearestChange(at('2026-11-30T19:40:00+08:00'), ['08:00', '20:00'], SH)).toBe(at('2026-11-30T20:00:00+08:00'));
    expect(nearestChange(at('2026-12-01T08:25:00+08:00'), ['08:00', '20:00'], SH)).toBe(at('2026-12-01T08:00:00+08:00'));
    expect(nearestChange(at('2026-11-30T23:50:00+08:00'), ['00:00', '12:00'], SH)).toBe(at('2026-12-01T00:00:00+08:00'));
    expect(nearestChange(at('2026-12-01T00:10:00+08:00'), ['12:00', '00:00'], SH)).toBe(at('2026-12-01T00:00:00+08:00'));
  });

  it('H5: the night shift runs from 20:00 to 08:00 the next day; a day\'s shifts are those that start on it', () => {
    expect(shiftsOfDay('2026-11-30', ['20:00', '08:00'], SH)).toEqual([
      { start: '08:00', day: '2026-11-30', from: at('2026-11-30T08:00:00+08:00'), to: at('2026-11-30T20:00:00+08:00') },
      { start: '20:00', day: '2026-11-30', from: at('2026-11-30T20:00:00+08:00'), to: at('2026-12-01T08:00:00+08:00') },
    ]);
    expect(shiftAt(at('2026-12-01T03:00:00+08:00'), ['08:00', '20:00'], SH)).toMatchObject({ start: '20:00', day: '2026-11-30' });
    expect(shiftsOfDay('2026-11-30', ['08:00'], SH)).toEqual([{ start: '08:00', day: '2026-11-30', from: at('2026-11-30T08:00:00+08:00'), to: at('2026-12-01T08:00:00+08:00') }]);
  });

  it('H5: lateness across midnight: ready 23:50 for a 00:00 change is 5 minutes late, arriving 00:03 is 8 minutes late', () => {
    const change = at('2026-12-01T00:00:00+08:00');
    expect(lateness(change, at('2026-11-30T23:50:00+08:00'), at('2026-12-01T00:03:00+08:00'), SH)).toEqual({
      change: '2026-12-01T00:00:00.000+08:00',
      outgoingDue: '2026-11-30T23:45:00.000+08:00',
      outgoingReadyAt: '2026-11-30T23:50:00.000+08:00',
      outgoingLateMinutes: 5,
      incomingDue: '2026-11-30T23:55:00.000+08:00',
      incomingArrivedAt: '2026-12-01T00:03:00.000+08:00',
      incomingLateMinutes: 8,
    });
    // On time on both sides; a part minute counts as a minute late.
    expect(lateness(change, at('2026-11-30T23:45:00+08:00'), at('2026-11-30T23:55:00+08:00'), SH)).toMatchObject({ outgoingLateMinutes: 0, incomingLateMinutes: 0 });
    expect(lateness(change, at('2026-11-30T23:45:01+08:00'), null, SH)).toMatchObject({ outgoingLateMinutes: 1, incomingArrivedAt: null, incomingLateMinutes: null });
  });

  it('H5: a site west of UTC across the spring daylight-saving change: the night shift is 11 hours, lateness counted in real minutes', () => {
    const NY = 'America/New_York';
    const [, night] = shiftsOfDay('2026-03-07', ['08:00', '20:00'], NY);
    expect((night!.to - night!.from) / 3600_000).toBe(11);
    expect(nearestChange(at('2026-03-08T07:40:00-04:00'), ['08:00', '20:00'], NY)).toBe(at('2026-03-08T08:00:00-04:00'));
    expect(lateness(night!.to, at('2026-03-08T07:40:00-04:00'), at('2026-03-08T08:02:00-04:00'), NY)).toMatchObject({
      outgoingDue: '2026-03-08T07:45:00.000-04:00',
      outgoingLateMinutes: 0,
      incomingDue: '2026-03-08T07:55:00.000-04:00',
      incomingLateMinutes: 7,
    });
  });

  it('H8: a night shift touches the next day\'s holiday', () => {
    const [day, night] = shiftsOfDay('2026-09-30', ['08:00', '20:00'], SH);
    expect(holidaysTouched(day!, ['2026-10-01'], SH)).toEqual([]);
    expect(holidaysTouched(night!, ['2026-10-01'], SH)).toEqual(['2026-10-01']);
  });
});

describe('H5: lateness is recorded on the handover', () => {
  it('H5: the night shift\'s morning handover: outgoing 10 minutes late, incoming first badged 12 minutes late; a refusal in between keeps the first arrival', async () => {
    const { engine, clock, events, config } = await dutySite('2026-11-30T19:58:00+08:00');
    clock.set('2026-12-01T07:55:00+08:00');
    const session = engine.handover.begin(OUT);
    expect(session.view().change).toBe('2026-12-01T08:00:00.000+08:00');
    clock.set('2026-12-01T08:07:00+08:00');
    expect((await session.sign(IN)).outcome).toBe('refused');
    allClear(session);
    clock.set('2026-12-01T08:20:00+08:00');
    expect((await session.sign(IN)).outcome).toBe('accepted');
    const [refused, accepted] = await events('handover.');
    const timing = {
      change: '2026-12-01T08:00:00.000+08:00',
      outgoingDue: '2026-12-01T07:45:00.000+08:00',
      outgoingReadyAt: '2026-12-01T07:55:00.000+08:00',
      outgoingLateMinutes: 10,
      incomingDue: '2026-12-01T07:55:00.000+08:00',
      incomingArrivedAt: '2026-12-01T08:07:00.000+08:00',
      incomingLateMinutes: 12,
    };
    expect(refused!.data.timing).toEqual(timing);
    expect(accepted!.data.timing).toEqual(timing);
    expect(accepted!.at).toBe('2026-12-01T08:20:00.000+08:00');
    expect(accepted!.data.shift).toEqual({ from: '2026-11-30T20:00:00.000+08:00', to: '2026-12-01T08:00:00.000+08:00' });

    // The handover closes the night shift that began the day before, in that day's duty log.
    const log = await engine.shift.log('2026-11-30');
    const [dayShift, nightShift] = log.shifts;
    expect(dayShift!.handovers).toEqual([]);
    expect(nightShift!.handovers.map((h) => [h.result, h.timing.incomingLateMinutes])).toEqual([
      ['refused', 12],
      ['accepted', 12],
    ]);
    expect((await engine.shift.log('2026-12-01')).shifts[0]!.handovers).toEqual([]);
    expect(config.shifts).toEqual(['08:00', '20:00']);
  });

  it('H5: with a change at midnight, a handover begun at 23:50 is for the next day\'s 00:00 and closes the evening shift', async () => {
    const { engine, clock, events } = await dutySite('2026-11-30T11:58:00+08:00', { overrides: { shifts: ['00:00', '12:00'] } });
    clock.set('2026-11-30T23:50:00+08:00');
    const session = engine.handover.begin(OUT);
    allClear(session);
    clock.set('2026-12-01T00:03:00+08:00');
    expect(await session.sign(IN)).toMatchObject({ outcome: 'accepted' });
    const [accepted] = await events('handover.accepted');
    expect(accepted!.data.timing).toMatchObject({ change: '2026-12-01T00:00:00.000+08:00', outgoingLateMinutes: 5, incomingLateMinutes: 8 });
    const log = await engine.shift.log('2026-11-30');
    expect(log.shifts.map((s) => [s.start, s.handovers.length])).toEqual([
      ['00:00', 0],
      ['12:00', 1],
    ]);
  });

  it('H5: the incoming operator arrives with their first scan, not when the handover screen opens: badged 19:52, signed 20:12 after a handover begun 20:10, is on time; also across a restart', async () => {
    const { engine, clock, events, restart } = await dutySite('2026-11-30T07:50:00+08:00');
    clock.set('2026-11-30T19:52:00+08:00');
    await engine.badgeScanned(IN, 'serial:/dev/ttyACM0');
    clock.set('2026-11-30T19:56:00+08:00');
    await engine.badgeScanned(IN, 'serial:/dev/ttyACM0');
    expect((await events('duty.arrived')).map((e) => [e.at, e.actor, e.data.name])).toEqual([['2026-11-30T19:52:00.000+08:00', IN, '李秀英']]);
    clock.set('2026-11-30T20:00:00+08:00');
    const again = await restart();
    clock.set('2026-11-30T20:10:00+08:00');
    const session = again.handover.begin(OUT);
    allClear(session);
    clock.set('2026-11-30T20:12:00+08:00');
    expect((await session.sign(IN)).outcome).toBe('accepted');
    expect((await events('handover.accepted'))[0]!.data.timing).toMatchObject({
      outgoingLateMinutes: 25,
      incomingArrivedAt: '2026-11-30T19:52:00.000+08:00',
      incomingLateMinutes: 0,
    });
  });

  it('H5: someone who signed on mid-shift is not late for its start: signed on at 20:12 with nobody on duty, a handover at 20:18 closes the 20:00 shift they are on duty for, neither side late', async () => {
    const { engine, clock, events } = await dutySite('2026-11-30T20:12:00+08:00');
    clock.set('2026-11-30T20:18:00+08:00');
    const session = engine.handover.begin(OUT);
    expect(session.view().change).toBe('2026-12-01T08:00:00.000+08:00');
    expect(session.view().timing).toMatchObject({ outgoingLateMinutes: 0 });
    allClear(session);
    expect((await session.sign(IN)).outcome).toBe('accepted');
    const [accepted] = await events('handover.accepted');
    expect(accepted!.data.shift).toEqual({ from: '2026-11-30T20:00:00.000+08:00', to: '2026-12-01T08:00:00.000+08:00' });
    expect(accepted!.data.timing).toMatchObject({ outgoingLateMinutes: 0, incomingArrivedAt: '2026-11-30T20:18:00.000+08:00', incomingLateMinutes: 0 });
    // In the duty log it belongs to the 20:00 shift, where both were on duty; the 08:00 shift had nobody and no handover.
    const [day, night] = (await engine.shift.log('2026-11-30')).shifts;
    expect([day!.onDuty, day!.handovers]).toEqual([[], []]);
    expect(night!.handovers.map((h) => [h.result, h.outgoing.badge, h.incoming.badge])).toEqual([['accepted', OUT, IN]]);
    expect(night!.onDuty.map((x) => [x.badge, x.from, x.to])).toEqual([
      [OUT, '2026-11-30T20:12:00.000+08:00', '2026-11-30T20:18:00.000+08:00'],
      [IN, '2026-11-30T20:18:00.000+08:00', null],
    ]);
  });

  it('H5: the outgoing operator is due when they took duty, if that was after 15 minutes before the change: on duty from 19:58, ready at 20:03, 5 minutes late', async () => {
    const { engine, clock, events } = await dutySite('2026-11-30T19:58:00+08:00');
    clock.set('2026-11-30T20:03:00+08:00');
    const session = engine.handover.begin(OUT);
    allClear(session);
    await session.sign(IN);
    expect((await events('handover.accepted'))[0]!.data.timing).toMatchObject({
      change: '2026-11-30T20:00:00.000+08:00',
      outgoingDue: '2026-11-30T19:58:00.000+08:00',
      outgoingLateMinutes: 5,
      incomingLateMinutes: 8,
    });
  });

  it('H5: ready and arrived in time: no lateness', async () => {
    const { engine, clock, events } = await dutySite('2026-11-30T07:58:00+08:00');
    clock.set('2026-11-30T19:40:00+08:00');
    const session = engine.handover.begin(OUT);
    allClear(session);
    clock.set('2026-11-30T19:54:00+08:00');
    await session.sign(IN);
    expect((await events('handover.accepted'))[0]!.data.timing).toMatchObject({ outgoingLateMinutes: 0, incomingLateMinutes: 0, incomingArrivedAt: '2026-11-30T19:54:00.000+08:00' });
  });
});
