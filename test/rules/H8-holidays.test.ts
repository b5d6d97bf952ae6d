import { describe, expect, it } from 'vitest';
import { Refused } from '../../src/domain/refusal.js';
import { allClear, dutySite, IN, OUT, SUPERVISOR, SUPERVISOR_2, TECHNICIAN, refusalCode } from '../helpers/duty.js';
import { renderDutyLog } from '../../screens/text/shift-log.js';
import { runCli } from '../helpers/site.js';

/** 2026-10-01 is a configured holiday in the example; 王建国 has the night shift before it. */
async function holidayMorning() {
  const site = await dutySite('2026-09-30T19:55:00+08:00');
  site.clock.set('2026-10-01T07:45:00+08:00');
  return site;
}

const code = refusalCode;

describe('H8: on holidays a supervisor or above must be on duty', () => {
  it('H8: an operator-to-operator handover on a holiday is refused, with the reason, even with everything else in order', async () => {
    const { engine, events } = await holidayMorning();
    const session = engine.handover.begin(OUT);
    allClear(session);
    expect(session.view().incomingShift.holidays).toEqual(['2026-10-01']);
    const result = await session.sign(IN);
    expect(result.outcome === 'refused' && result.refusals).toEqual([
      {
        code: 'holiday-supervisor',
        rule: 'H8',
        holidays: ['2026-10-01'],
        text: 'the shift falls on a holiday (2026-10-01): a supervisor or above must be on duty, as the incoming operator or signed on beside them',
      },
    ]);
    expect(engine.onDuty()!.badge).toBe(OUT);
    expect((await events('handover.')).map((e) => e.kind)).toEqual(['handover.refused']);
  });

  it('H8: a supervisor override cannot stand in for a supervisor on duty; nothing more is recorded', async () => {
    const { engine, events } = await holidayMorning();
    const session = engine.handover.begin(OUT);
    allClear(session);
    await session.sign(IN);
    const err = await session.override(SUPERVISOR, '人手不足').catch((e: Refused) => e);
    expect(err).toMatchObject({ code: 'holiday-supervisor' });
    expect((err as Error).message).toMatch(/can sign on as the supervisor on duty \(F6\)/);
    expect((await events('handover.')).map((e) => e.kind)).toEqual(['handover.refused']);
  });

  it('H8: a supervisor as the incoming side is accepted', async () => {
    const { engine, events } = await holidayMorning();
    const session = engine.handover.begin(OUT);
    allClear(session);
    expect((await session.sign(SUPERVISOR)).outcome).toBe('accepted');
    expect(engine.onDuty()).toMatchObject({ badge: SUPERVISOR, role: 'supervisor' });
    expect((await events('handover.accepted'))[0]!.data).toMatchObject({ holidays: ['2026-10-01'], supervisorOnDuty: { badge: SUPERVISOR, role: 'supervisor' } });
  });

  it('H8: an operator incoming with a supervisor signed on beside them (the second person, by their badge on F6) is accepted', async () => {
    const { engine, events, clock } = await holidayMorning();
    const second = await engine.shift.signOnSecond(SUPERVISOR_2);
    expect(second).toMatchObject({ badge: SUPERVISOR_2, name: '孙明', role: 'supervisor', since: '2026-10-01T07:45:00.000+08:00' });
    const session = engine.handover.begin(OUT);
    allClear(session);
    expect(session.view().refusals).toEqual([]);
    expect((await session.sign(IN)).outcome).toBe('accepted');
    expect((await events('handover.accepted'))[0]!.data.supervisorOnDuty).toMatchObject({ badge: SUPERVISOR_2 });
    expect((await events('duty.second-on'))[0]).toMatchObject({ actor: SUPERVISOR_2, data: { badge: SUPERVISOR_2, role: 'supervisor' } });
    clock.set('2026-10-01T09:00:00+08:00');
    const [morning] = (await engine.shift.log('2026-10-01')).shifts;
    expect(morning!.secondOnDuty).toMatchObject([{ badge: SUPERVISOR_2, to: null }]);
    expect(morning!.holidays).toEqual(['2026-10-01']);
  });

  it('H8: the night shift before a holiday touches it; the first ordinary day does not need a supervisor', async () => {
    const { engine, clock } = await dutySite('2026-09-30T07:55:00+08:00');
    clock.set('2026-09-30T19:45:00+08:00');
    const evening = engine.handover.begin(OUT);
    allClear(evening);
    expect(await evening.sign(IN)).toMatchObject({ outcome: 'refused', refusals: [{ code: 'holiday-supervisor', holidays: ['2026-10-01'] }] });
    evening.cancel();

    const after = await dutySite('2026-10-04T07:45:00+08:00');
    const ordinary = after.engine.handover.begin(OUT);
    allClear(ordinary);
    expect((await ordinary.sign(IN)).outcome).toBe('accepted');
  });

  it('H8: only a supervisor or above signs on as the second person, one at a time, and not the person on duty; it survives a restart', async () => {
    const { engine, clock, restart } = await holidayMorning();
    expect(await code(engine.shift.signOnSecond(IN))).toBe('not-supervisor');
    expect(await code(engine.shift.signOnSecond(TECHNICIAN))).toBe('not-supervisor');
    await engine.shift.signOnSecond(SUPERVISOR);
    expect(await code(engine.shift.signOnSecond(SUPERVISOR_2))).toBe('second-on-duty');
    expect(await code(engine.shift.signOffSecond(SUPERVISOR_2))).toBe('not-on-duty');
    clock.set('2026-10-20T09:00:00+08:00');
    const again = await restart();
    expect(again.shift.secondOnDuty()).toMatchObject({ badge: SUPERVISOR });
    await again.shift.signOffSecond(SUPERVISOR);
    expect(again.shift.secondOnDuty()).toBeNull();

    const other = await dutySite('2026-10-01T07:45:00+08:00', { onDuty: SUPERVISOR });
    expect(await code(other.engine.shift.signOnSecond(SUPERVISOR))).toBe('same-badge');
  });

  it('H8: an operator signing on alone on a holiday is not refused but recorded as an H8 breach, on the duty log and shown until a supervisor signs on', async () => {
    const { engine, clock, events, configFile } = await dutySite('2026-10-01T09:00:00+08:00', { onDuty: null });
    await engine.signOn(IN);
    expect(engine.onDuty()).toMatchObject({ badge: IN });
    const [breach] = await events('duty.breach');
    expect(breach).toMatchObject({ actor: IN, at: '2026-10-01T09:00:00.000+08:00', data: { rule: 'H8', reason: 'operator-alone', holidays: ['2026-10-01'], onDuty: { badge: IN, name: '李秀英' } } });
    expect(engine.shift.holidayBreach()).toMatchObject({ reason: 'operator-alone', since: '2026-10-01T09:00:00.000+08:00' });
    const status = JSON.parse((await runCli(['status', '--config', configFile, '--json'])).stdout) as { holidayBreach: unknown };
    expect(status.holidayBreach).toMatchObject({ rule: 'H8', reason: 'operator-alone', since: '2026-10-01T09:00:00.000+08:00' });
    clock.set('2026-10-01T10:30:00+08:00');
    await engine.shift.signOnSecond(SUPERVISOR);
    expect(engine.shift.holidayBreach()).toBeNull();
    const [morning] = (await engine.shift.log('2026-10-01')).shifts;
    expect(morning!.breaches).toEqual([
      { at: '2026-10-01T09:00:00.000+08:00', rule: 'H8', reason: 'operator-alone', onDuty: { badge: IN, name: '李秀英' }, holidays: ['2026-10-01'], resolved: { at: '2026-10-01T10:30:00.000+08:00', by: { badge: SUPERVISOR, name: '赵丽娟' } } },
    ]);
    expect(renderDutyLog(await engine.shift.log('2026-10-01'), 'zh')).toContain('节假日无主管值班 (H8): 09:00 值班员单独上岗, 李秀英 (EMP-000102); 10:30 赵丽娟 上岗');
  });

  it('H8: the supervisor on duty signing off in the middle of a holiday, leaving an operator alone, is recorded as a breach', async () => {
    const { engine, clock, events } = await dutySite('2026-10-01T08:30:00+08:00', { onDuty: null });
    await engine.shift.signOnSecond(SUPERVISOR_2);
    await engine.signOn(IN);
    expect(await events('duty.breach')).toEqual([]);
    clock.set('2026-10-01T12:00:00+08:00');
    await engine.shift.signOffSecond(SUPERVISOR_2);
    expect((await events('duty.breach')).map((e) => [e.actor, e.data.reason])).toEqual([[SUPERVISOR_2, 'supervisor-left']]);
    expect(engine.shift.holidayBreach()).toMatchObject({ reason: 'supervisor-left' });
    // Not on an ordinary day.
    const ordinary = await dutySite('2026-10-08T08:30:00+08:00', { onDuty: null });
    await ordinary.engine.shift.signOnSecond(SUPERVISOR_2);
    await ordinary.engine.signOn(IN);
    await ordinary.engine.shift.signOffSecond(SUPERVISOR_2);
    expect(await ordinary.events('duty.breach')).toEqual([]);
    expect(ordinary.engine.shift.holidayBreach()).toBeNull();
  });
});
