import { describe, expect, it } from 'vitest';
import { FakePanel } from '../../devices/intercom/fake-panel.js';
import { Engine } from '../../src/engine/engine.js';
import type { DutyLog } from '../../src/projections/shift-log.js';
import { FakeClock } from '../../src/time/clock.js';
import { allClear, CLEAR_REPAIR, IN, OUT, RELIEF, SUPERVISOR, UNCLEAR_REPAIR } from '../helpers/duty.js';
import { makeSite, runCli } from '../helpers/site.js';

/**
 * 2026-11-27, a day in the past: 王建国 on the day shift (a relief at 10:00, an absence at 14:00,
 * an entry marked major and closed), a handover refused for an unclear entry and a missing item, then
 * accepted once the entry is completed and the item found (damaged, explained); 李秀英's night shift hands back
 * over a supervisor's override.
 */
async function siteWithShifts() {
  const site = makeSite();
  const clock = new FakeClock('2026-11-27T07:55:00+08:00');
  const engine = await Engine.start(site.config, { clock });
  await engine.signOn(OUT);
  clock.set('2026-11-27T09:00:00+08:00');
  const clear = await engine.recordEntry(CLEAR_REPAIR, OUT);
  const unclear = await engine.recordEntry(UNCLEAR_REPAIR, OUT);
  clock.set('2026-11-27T10:00:00+08:00');
  await engine.shift.stepAway(OUT, RELIEF);
  clock.set('2026-11-27T10:20:00+08:00');
  await engine.shift.returnToDuty(OUT);
  clock.set('2026-11-27T14:00:00+08:00');
  await engine.shift.stepAway(OUT);
  clock.set('2026-11-27T14:30:00+08:00');
  await engine.shift.returnToDuty(OUT);
  await engine.escalations.markMajor(clear.id, '整栋停水', OUT);
  // The major repair is finished before the handover (H4 d would refuse it otherwise).
  clock.set('2026-11-27T19:00:00+08:00');
  await engine.closeEntry(clear.id, '已恢复供水', OUT);

  clock.set('2026-11-27T19:50:00+08:00');
  const evening = engine.handover.begin(OUT);
  allClear(evening);
  evening.checkItem('对讲机', 'missing');
  evening.setPending(['1202 室明早维修, 住户电话 13900001202']);
  clock.set('2026-11-27T19:56:00+08:00');
  await evening.sign(IN);
  await engine.amendEntry(unclear.id, { resident: '刘芳', phone: '13900000301', appointmentAt: '2026-11-28 09:00' }, '回电补全', OUT);
  // Found, its aerial broken: damage explained may be accepted (H4 c).
  evening.checkItem('对讲机', 'damaged', '天线折断, 周一送修');
  clock.set('2026-11-27T20:01:00+08:00');
  await evening.sign(IN);

  clock.set('2026-11-28T07:47:00+08:00');
  const morning = engine.handover.begin(IN);
  allClear(morning);
  morning.confirmRoomClean(false);
  clock.set('2026-11-28T07:55:00+08:00');
  await morning.sign(OUT);
  await morning.override(SUPERVISOR, '保洁员 8 点到岗打扫');
  await engine.stop();
  return site;
}

describe('control-room shift', () => {
  it('--json: each shift with who was on duty, handovers accepted and refused with why, absences, reliefs, escalations and entry counts', async () => {
    const { configFile } = await siteWithShifts();
    const r = await runCli(['shift', '--config', configFile, '--date', '2026-11-27', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as DutyLog;
    expect(log.day).toBe('2026-11-27');
    expect(log.shifts.map((s) => [s.start, s.from, s.to, s.running])).toEqual([
      ['08:00', '2026-11-27T08:00:00.000+08:00', '2026-11-27T20:00:00.000+08:00', false],
      ['20:00', '2026-11-27T20:00:00.000+08:00', '2026-11-28T08:00:00.000+08:00', false],
    ]);
    const [day, night] = log.shifts;
    // Each with their real start and end; a late handover puts the outgoing operator into the next shift.
    expect(day!.onDuty.map((x) => [x.badge, x.from, x.to])).toEqual([[OUT, '2026-11-27T07:55:00.000+08:00', '2026-11-27T20:01:00.000+08:00']]);
    expect(night!.onDuty.map((x) => [x.badge, x.from, x.to])).toEqual([
      [OUT, '2026-11-27T07:55:00.000+08:00', '2026-11-27T20:01:00.000+08:00'],
      [IN, '2026-11-27T20:01:00.000+08:00', '2026-11-28T07:55:00.000+08:00'],
      [OUT, '2026-11-28T07:55:00.000+08:00', null],
    ]);
    expect(day!.handovers.map((h) => [h.result, h.at, h.incoming.badge, h.reasons.map((x) => x.code)])).toEqual([
      ['refused', '2026-11-27T19:56:00.000+08:00', IN, ['unclear-entries', 'items']],
      ['accepted', '2026-11-27T20:01:00.000+08:00', IN, []],
    ]);
    expect(day!.handovers[1]).toMatchObject({
      timing: { outgoingLateMinutes: 5, incomingLateMinutes: 1, incomingArrivedAt: '2026-11-27T19:56:00.000+08:00' },
      checklist: expect.arrayContaining([{ item: '对讲机', state: 'damaged', explanation: '天线折断, 周一送修' }]),
      override: null,
    });
    expect(day!.absences).toEqual([{ badge: OUT, name: '王建国', from: '2026-11-27T14:00:00.000+08:00', to: '2026-11-27T14:30:00.000+08:00', minutes: 30 }]);
    expect(day!.reliefs).toMatchObject([{ badge: RELIEF, for: { badge: OUT }, from: '2026-11-27T10:00:00.000+08:00', to: '2026-11-27T10:20:00.000+08:00' }]);
    expect(day!.escalations).toMatchObject([{ source: 'entry', entryId: '20261127-001', acknowledged: null }]);
    expect(day!.entries).toEqual({ total: 2, open: 1, closed: 1, unclear: 0, major: 1 });
    expect(night!.handovers).toMatchObject([
      { result: 'refused', incoming: { badge: OUT }, reasons: [{ code: 'room-not-clean' }] },
      { result: 'accepted', incoming: { badge: OUT }, override: { badge: SUPERVISOR, reason: '保洁员 8 点到岗打扫' }, reasons: [{ code: 'room-not-clean' }] },
    ]);
    // Free text is masked like `log` masks it.
    expect(r.stdout).toContain('139****1202');
    expect(r.stdout).not.toContain('13900001202');
  });

  it('prints the duty log in Chinese by default and in English with --lang en', async () => {
    const { configFile } = await siteWithShifts();
    const zh = await runCli(['shift', '--config', configFile, '--date', '2026-11-27']);
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain('嘉园管理处 值班记录 2026-11-27');
    expect(zh.stdout).toContain('19:56 拒绝接班 李秀英 (EMP-000102): 登记不清 20261127-002(住户,电话,预约); 物品 对讲机缺失未说明');
    expect(zh.stdout).toContain('20:01 接班 李秀英 (EMP-000102), 交班 王建国 (EMP-000101); 交班迟到 5 分钟, 接班迟到 1 分钟');
    expect(zh.stdout).toContain('擅自离岗: 王建国 (EMP-000101) 14:00 – 14:30 (30 分钟)');
    expect(zh.stdout).toContain('主管放行: 赵丽娟 (EMP-000201), 理由: 保洁员 8 点到岗打扫 (放行: 卫生不合格)');
    expect(zh.stdout).toContain('上报主任: 14:30 重大事项 20261127-001 (整栋停水), 未确认');
    // H7: the night shift's handover carried the evening's pending matter again.
    expect(zh.stdout).toContain('上次交接的待办: 续交 1202 室明早维修, 住户电话 139****1202');
    expect((await runCli(['shift', '--config', configFile, '--date', '2026-11-27', '--lang', 'en'])).stdout).toContain('from the last handover: carried again 1202');
    const en = await runCli(['shift', '--config', configFile, '--date', '2026-11-27', '--lang', 'en']);
    expect(en.stdout).toContain('duty log 2026-11-27');
    expect(en.stdout).toContain('absent without relief: 王建国 (EMP-000101) 14:00 – 14:30 (30 min)');
    expect(en.stdout).toMatch(/refused by 李秀英 \(EMP-000102\): the register has 1 unclear entry this shift/);
    expect(en.stdout).toContain('entries 2: 1 open, 1 closed, 0 unclear, 1 major');
    expect(en.stdout).toContain('accepted by 李秀英 (EMP-000102), from 王建国 (EMP-000101); outgoing ready 5 min late, incoming arrived 1 min late');
  });

  it('shifts as they happened: a sign-on mid-shift, then a handover not counted late, under the shift it closes; the seconds before the first sign-on are not a zero-length gap; alarm kinds in words; the text says what --json says', async () => {
    const site = makeSite();
    const clock = new FakeClock('2026-11-25T20:12:00+08:00');
    const engine = await Engine.start(site.config, { clock });
    const panel = new FakePanel((m) => engine.recordPanelMessage(m));
    engine.attachPanel(panel);
    panel.start();
    await engine.record([]);
    clock.set('2026-11-25T20:12:05+08:00');
    await engine.signOn(OUT);
    clock.set('2026-11-25T20:15:00+08:00');
    await panel.deliver('ALARM,G01,DOOR_FORCED');
    clock.set('2026-11-25T20:18:00+08:00');
    const session = engine.handover.begin(OUT);
    allClear(session);
    await session.sign(IN);
    await engine.stop();

    const json = JSON.parse((await runCli(['shift', '--config', site.configFile, '--date', '2026-11-25', '--json'])).stdout) as DutyLog;
    const [day, night] = json.shifts;
    expect(day).toMatchObject({ onDuty: [], unattended: [], handovers: [] });
    expect(night!.unattended).toEqual([{ from: '2026-11-25T20:12:00.000+08:00', to: '2026-11-25T20:12:05.000+08:00' }]);
    expect(night!.handovers).toMatchObject([{ result: 'accepted', change: '2026-11-26T08:00:00.000+08:00', timing: { outgoingLateMinutes: 0, incomingLateMinutes: 0 } }]);
    expect(night!.escalations).toMatchObject([{ source: 'alarm', alarm: { kind: 'DOOR_FORCED', station: 'G01' } }]);

    const text = (await runCli(['shift', '--config', site.configFile, '--date', '2026-11-25'])).stdout;
    const [dayText, nightText] = text.split(/(?=━ 20:00 班)/);
    expect(dayText).toContain('交接班: 无');
    expect(dayText).not.toMatch(/值班:|无人值班/);
    expect(nightText).toContain('值班: 王建国 (EMP-000101) 20:12 – 20:18; 李秀英 (EMP-000102) 20:18 – 至今');
    expect(nightText).toContain('无人值班: 20:12:00 – 20:12:05');
    expect(nightText).toContain('20:18 接班 李秀英 (EMP-000102), 交班 王建国 (EMP-000101); 均准时');
    expect(nightText).toMatch(/上报主任: 20:15 报警 门被强行打开 G01/);
    expect(text).not.toMatch(/迟到|DOOR_FORCED|20:12 – 20:12/);
  });

  it('a day with no shifts yet, a bad date and a bad language', async () => {
    const { configFile } = await siteWithShifts();
    const future = await runCli(['shift', '--config', configFile, '--date', '2099-01-01', '--json']);
    expect(JSON.parse(future.stdout)).toMatchObject({ day: '2099-01-01', shifts: [] });
    const bad = await runCli(['shift', '--config', configFile, '--date', '27/11/2026']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--date "27/11/2026" is not a date; use YYYY-MM-DD');
    const lang = await runCli(['shift', '--config', configFile, '--lang', 'fr']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toContain('--lang "fr" is not zh or en');
  });
});
