import { describe, expect, it } from 'vitest';
import { FakePanel } from '../../devices/intercom/fake-panel.js';
import type { DutyLog } from '../../src/projections/shift-log.js';
import { allClear, CLEAR_REPAIR, dutySite, OUT, SUPERVISOR, TECHNICIAN } from '../helpers/duty.js';
import { runCli } from '../helpers/site.js';

/**
 * 2026-11-30, configured a holiday: 王建国 signs on alone at 07:55 (an H8 breach); over the day two
 * stations ring and hang up (one of them twice), a complaint and a repair are logged, the repair
 * gets an order that is dispatched and escalated, an intercom alarm is taken on but not
 * acknowledged, a consultation is answered and closed. At 19:45 he hands over to a supervisor.
 */
async function dayWithOpenWork() {
  const site = await dutySite('2026-11-30T07:55:00+08:00', { overrides: { holidays: ['2026-11-30'] } });
  const { engine, clock } = site;
  const panel = new FakePanel((m) => engine.recordPanelMessage(m));
  engine.attachPanel(panel);
  clock.set('2026-11-30T09:00:00+08:00');
  for (const station of ['B01-U1-301', 'B01-U1-302', 'B01-U1-301']) {
    const call = await panel.deliver(`CALL,C${station.slice(-3)}${clock.now() % 100},${station}`);
    await panel.deliver(`CANCEL,${(call as { callId: string }).callId}`);
    clock.advance(60_000);
  }
  clock.set('2026-11-30T10:00:00+08:00');
  const complaint = await engine.recordEntry({ channel: 'phone', category: 'complaint', address: '嘉园2栋1单元201室', resident: '何俊', phone: '13900000201', content: '楼上装修噪音', appointmentAt: '2026-11-30 18:00' }, OUT);
  const repair = await engine.recordEntry(CLEAR_REPAIR, OUT);
  const order = await engine.orders.create(repair.id, {}, OUT);
  await engine.orders.dispatch(order.orderNo, { technician: TECHNICIAN }, OUT);
  await engine.orders.escalate(order.orderNo, { to: 'EMP-000203', reason: '需更换立管', residentTold: true }, OUT);
  const question = await engine.recordEntry({ channel: 'phone', category: 'consultation', content: '咨询停车月卡' }, OUT);
  await engine.closeEntry(question.id, '已告知办理流程', OUT);
  clock.set('2026-11-30T14:00:00+08:00');
  await panel.deliver('ALARM,G01,DOOR_FORCED');
  const [alarm] = await site.events('alarm.raised');
  await engine.takeOnAlarm(alarm!.seq, OUT, '已派保安查看');
  clock.set('2026-11-30T19:45:00+08:00');
  return { ...site, complaint, repair, order, alarm: alarm! };
}

describe('the handover shows and records the open work the incoming operator takes over (issue 16)', () => {
  it('callbacks owed by station, open entries (the complaint with its 72-hour clock), open orders, reports not acknowledged and the shift\'s H8 breach: on the session, and counts and ids on the record', async () => {
    const { engine, complaint, repair, order, alarm, events, configFile } = await dayWithOpenWork();
    const session = engine.handover.begin(OUT);
    const work = session.view().openWork;
    expect(work.callbacks.map((c) => [c.station, c.keys.length])).toEqual([
      ['B01-U1-301', 2],
      ['B01-U1-302', 1],
    ]);
    expect(work.entries.map((e) => [e.id, e.category, e.deadline])).toEqual([
      [complaint.id, 'complaint', '2026-12-03T10:00:00.000+08:00'],
      [repair.id, 'repair', '2026-12-02T10:00:00.000+08:00'],
    ]);
    expect(work.orders).toMatchObject([{ orderNo: order.orderNo, state: 'dispatched', escalated: true }]);
    // The alarm was taken on (off the screen), its report to the director is not acknowledged.
    expect(work.alarms).toEqual([]);
    expect(work.escalations).toMatchObject([{ seq: alarm.seq, source: 'alarm' }]);
    expect(work.breaches).toMatchObject([{ at: '2026-11-30T07:55:00.000+08:00', reason: 'operator-alone', resolvedAt: null }]);

    allClear(session);
    // H8: the holiday's night shift is taken by a supervisor.
    expect((await session.sign(SUPERVISOR)).outcome).toBe('accepted');
    const [accepted] = await events('handover.accepted');
    const handedOn = {
      callbacks: { count: 2, calls: 3, overdue: 2, stations: ['B01-U1-301', 'B01-U1-302'] },
      entries: {
        count: 2,
        overdue: 0,
        ids: [complaint.id, repair.id],
        overdueIds: [],
        byCategory: { complaint: 1, repair: 1 },
        complaints: [{ id: complaint.id, deadline: '2026-12-03T10:00:00.000+08:00', overdue: false }],
      },
      orders: { count: 1, late: 0, escalated: 1, major: 0, orderNos: [order.orderNo] },
      alarms: { count: 0, seqs: [] },
      escalations: { count: 1, seqs: [alarm.seq] },
      breaches: { count: 1, open: 1 },
    };
    expect(accepted!.data.openWork).toEqual(handedOn);
    await engine.stop();

    // `shift` says what was handed on, the text as the JSON has it.
    const json = JSON.parse((await runCli(['shift', '--config', configFile, '--date', '2026-11-30', '--json'])).stdout) as DutyLog;
    expect(json.shifts[0]!.handovers[0]!.openWork).toEqual(handedOn);
    const zh = (await runCli(['shift', '--config', configFile, '--date', '2026-11-30'])).stdout;
    expect(zh).toContain(
      `交出未完成: 回拨 2 户 3 次 (B01-U1-301, B01-U1-302; 逾期 2); 登记 2 条 (${complaint.id}, ${repair.id}); 投诉 ${complaint.id} 时限 12-03 10:00; ` +
        `服务单 1 张 (${order.orderNo}; 已升级 1); 上报主任未确认 1; 节假日无主管 1 次 (1 次未解决)`,
    );
    const en = (await runCli(['shift', '--config', configFile, '--date', '2026-11-30', '--lang', 'en'])).stdout;
    expect(en).toContain(`handed on open: 2 callbacks (3 calls) (B01-U1-301, B01-U1-302; 2 overdue); 2 entries (${complaint.id}, ${repair.id}); complaint ${complaint.id} due 12-03 10:00; 1 orders (${order.orderNo}; 1 escalated)`);
  });

  it('a refusal records the open work too; with nothing open the record says so in zeros and `shift` says none', async () => {
    const { engine, events, configFile, clock } = await dutySite('2026-11-30T07:55:00+08:00');
    clock.set('2026-11-30T19:45:00+08:00');
    const session = engine.handover.begin(OUT);
    expect((await session.sign('EMP-000102')).outcome).toBe('refused');
    allClear(session);
    expect((await session.sign('EMP-000102')).outcome).toBe('accepted');
    const [refused, accepted] = await events('handover.');
    const nothing = {
      callbacks: { count: 0, calls: 0, overdue: 0, stations: [] },
      entries: { count: 0, overdue: 0, ids: [], overdueIds: [], byCategory: {}, complaints: [] },
      orders: { count: 0, late: 0, escalated: 0, major: 0, orderNos: [] },
      alarms: { count: 0, seqs: [] },
      escalations: { count: 0, seqs: [] },
      breaches: { count: 0, open: 0 },
    };
    expect(refused!.data.openWork).toEqual(nothing);
    expect(accepted!.data.openWork).toEqual(nothing);
    await engine.stop();
    expect((await runCli(['shift', '--config', configFile, '--date', '2026-11-30'])).stdout).toContain('交出未完成: 无');
  });
});
