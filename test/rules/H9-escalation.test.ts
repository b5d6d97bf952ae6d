import { describe, expect, it } from 'vitest';
import { FakePanel } from '../../devices/intercom/fake-panel.js';
import type { EscalationView } from '../../src/projections/escalations.js';
import { CLEAR_REPAIR, dutySite, IN, OUT, refusalCode, SUPERVISOR, UNKNOWN } from '../helpers/duty.js';

async function withPanel() {
  const site = await dutySite('2026-11-30T21:00:00+08:00');
  const panel = new FakePanel((m) => site.engine.recordPanelMessage(m));
  site.engine.attachPanel(panel);
  const heard: EscalationView[] = [];
  site.engine.bus.on('escalation', (e) => heard.push(e));
  return { ...site, panel, heard };
}

describe('H9: a major problem is reported to the service-desk director at once, and shown until acknowledged', () => {
  it('H9: an alarm is an escalation to the director by itself: on the bus and open until acknowledged', async () => {
    const { engine, panel, heard, events } = await withPanel();
    await panel.deliver('ALARM,G01,SOS');
    const [alarm] = await events('alarm.raised');
    expect(alarm!.data).toMatchObject({ reportTo: 'director' });
    const expected = { seq: alarm!.seq, source: 'alarm', reportTo: 'director', raisedBy: 'panel', summary: 'alarm SOS at G01 (嘉园南门岗)' };
    expect(heard).toMatchObject([expected]);
    expect(engine.escalations.open()).toMatchObject([expected]);
    await engine.escalations.acknowledge(alarm!.seq, SUPERVISOR, '已电话报告客服中心主任');
    expect(engine.escalations.open()).toEqual([]);
    expect(engine.openAlarms()).toEqual([]);
    expect((await events('alarm.acknowledged'))[0]).toMatchObject({ actor: SUPERVISOR, data: { alarm: alarm!.seq, note: '已电话报告客服中心主任' } });
  });

  it('H9: an entry the operator marks major records an escalation to the director in the same breath, open until acknowledged', async () => {
    const { engine, heard, events, clock } = await withPanel();
    const entry = await engine.recordEntry({ ...CLEAR_REPAIR, content: '楼上水管爆裂, 水从天花板漏下' }, OUT);
    clock.set('2026-11-30T21:05:00+08:00');
    const esc = await engine.escalations.markMajor(entry.id, '多户受影响, 需关总阀', OUT);
    expect(esc).toMatchObject({ source: 'entry', entryId: entry.id, reason: '多户受影响, 需关总阀', reportTo: 'director', raisedBy: OUT, raisedAt: '2026-11-30T21:05:00.000+08:00' });
    expect(heard).toEqual([esc]);
    expect(engine.escalations.isMajor(entry.id)).toBe(true);
    const [raised] = await events('escalation.raised');
    expect(raised).toMatchObject({ actor: OUT, data: { source: 'entry', entryId: entry.id, reportTo: 'director', summary: `entry ${entry.id} repair 嘉园3栋1单元1202室 楼上水管爆裂, 水从天花板漏下` } });
    // Personal data stays out of the escalation.
    expect(JSON.stringify(raised!.data)).not.toContain('陈丽');
    expect(JSON.stringify(raised!.data)).not.toContain('13900001202');
    expect(engine.escalations.open()).toEqual([esc]);
    await engine.escalations.acknowledge(esc.seq, SUPERVISOR, '主任已知悉, 工程部已派人');
    expect(engine.escalations.open()).toEqual([]);
    expect((await events('escalation.acknowledged'))[0]).toMatchObject({ actor: SUPERVISOR, data: { escalation: esc.seq, note: '主任已知悉, 工程部已派人' } });
    await expect(engine.escalations.acknowledge(esc.seq, SUPERVISOR, '再次确认')).rejects.toMatchObject({ code: 'not-open' });
  });

  it('H9: marking needs a known badge, an existing entry and a reason; an entry is escalated once', async () => {
    const { engine, events } = await withPanel();
    const entry = await engine.recordEntry(CLEAR_REPAIR, OUT);
    await expect(engine.escalations.markMajor(entry.id, '原因', UNKNOWN)).rejects.toMatchObject({ code: 'unknown-badge' });
    await expect(engine.escalations.markMajor('20261130-099', '原因', OUT)).rejects.toMatchObject({ code: 'unknown-entry' });
    await expect(engine.escalations.markMajor(entry.id, ' ', OUT)).rejects.toMatchObject({ code: 'no-reason' });
    await engine.escalations.markMajor(entry.id, '原因', OUT);
    await expect(engine.escalations.markMajor(entry.id, '再报', IN)).rejects.toMatchObject({ code: 'already-major' });
    expect(await events('escalation.')).toHaveLength(1);
  });

  it('H9: an escalation not acknowledged stays on screen across restarts and quiet weeks', async () => {
    const { engine, clock, restart } = await withPanel();
    const entry = await engine.recordEntry(CLEAR_REPAIR, OUT);
    const esc = await engine.escalations.markMajor(entry.id, '燃气味道', OUT);
    let e = engine;
    for (const day of ['2026-12-01', '2026-12-12', '2026-12-25']) {
      clock.set(`${day}T09:00:00+08:00`);
      e = await restart();
    }
    expect(e.escalations.open()).toEqual([esc]);
    await e.escalations.acknowledge(esc.seq, SUPERVISOR, '燃气公司已处理');
    expect(e.escalations.open()).toEqual([]);
  });

  it('H9: the duty log lists the shift\'s escalations and whether they were acknowledged; entries marked major are counted', async () => {
    const { engine, panel, clock } = await withPanel();
    const entry = await engine.recordEntry(CLEAR_REPAIR, OUT);
    await engine.escalations.markMajor(entry.id, '多户停水', OUT);
    clock.set('2026-11-30T22:00:00+08:00');
    await panel.deliver('ALARM,G02,FIRE');
    const alarm = engine.escalations.open().find((x) => x.source === 'alarm')!;
    clock.set('2026-11-30T22:03:00+08:00');
    await engine.escalations.acknowledge(alarm.seq, SUPERVISOR, '误报, 保安已核实');
    const [, night] = (await engine.shift.log('2026-11-30')).shifts;
    expect(night!.escalations).toMatchObject([
      { source: 'entry', entryId: entry.id, acknowledged: null },
      { source: 'alarm', summary: 'alarm FIRE at G02 (嘉园北门岗)', acknowledged: { at: '2026-11-30T22:03:00.000+08:00', by: SUPERVISOR, note: '误报, 保安已核实' } },
    ]);
    expect(night!.entries).toEqual({ total: 1, open: 1, closed: 0, unclear: 0, major: 1 });
  });

  it('H9: acknowledging takes a badge of supervisor rank or above and a note of what was done; the operator who raised it is refused with that reason', async () => {
    const { engine, panel, events } = await withPanel();
    const entry = await engine.recordEntry(CLEAR_REPAIR, OUT);
    const esc = await engine.escalations.markMajor(entry.id, '楼上水管爆裂', OUT);
    const refused = await engine.escalations.acknowledge(esc.seq, OUT, '已处理').catch((e: Error) => e);
    expect(refused).toMatchObject({ code: 'ack-needs-supervisor' });
    expect((refused as Error).message).toContain('王建国 (EMP-000101) is a operator; acknowledging a report to the director takes a supervisor or above, with a note of what was done (H9)');
    expect(await refusalCode(engine.escalations.acknowledge(esc.seq, SUPERVISOR, '  '))).toBe('no-note');
    expect(await events('escalation.acknowledged')).toEqual([]);
    expect(engine.escalations.open()).toEqual([esc]);
    // An alarm: the operator's badge takes it off the screen; the report stays open for a supervisor.
    await panel.deliver('ALARM,G01,GAS');
    const alarm = engine.openAlarms()[0]!;
    await engine.takeOnAlarm(alarm.seq, OUT);
    expect(engine.openAlarms()).toEqual([]);
    expect(engine.escalations.open().map((x) => x.seq)).toEqual([esc.seq, alarm.seq]);
    expect(await refusalCode(engine.escalations.acknowledge(alarm.seq, IN, '燃气公司已到场'))).toBe('ack-needs-supervisor');
    await engine.escalations.acknowledge(alarm.seq, SUPERVISOR, '燃气公司已到场, 已报告主任');
    expect(engine.escalations.open()).toEqual([esc]);
    expect((await events('alarm.')).map((e) => [e.kind, e.actor])).toEqual([
      ['alarm.raised', 'panel'],
      ['alarm.taken-on', OUT],
      ['alarm.acknowledged', SUPERVISOR],
    ]);
  });
});
