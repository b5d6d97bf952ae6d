import { describe, expect, it } from 'vitest';
import { FakePanel } from '../../devices/intercom/fake-panel.js';
import { readDay } from '../../src/register/reader.js';
import { engineAt } from '../helpers/engine.js';
import { OPERATOR } from '../helpers/journal.js';

async function withPanel(at = '2026-11-30T21:00:00+08:00', overrides: Record<string, unknown> = {}) {
  const site = await engineAt(at, overrides);
  const panel = new FakePanel((m) => site.engine.recordPanelMessage(m));
  site.engine.attachPanel(panel);
  return { ...site, panel };
}

describe('calls from the intercom into the register', () => {
  it('R1: a call is received with the address and resident from the unit directory; personal data apart', async () => {
    const { engine, panel, config } = await withPanel();
    await panel.deliver('CALL,C1,B03-U1-1202');
    expect(engine.ringingCalls()).toMatchObject([{ callId: 'C1', station: 'B03-U1-1202', address: '嘉园3栋1单元1202室', unknownStation: false }]);
    const [e] = await readDay(config.dataDir, '2026-11-30');
    expect(e).toMatchObject({ kind: 'call.received', actor: 'panel', data: { callId: 'C1', station: 'B03-U1-1202', address: '嘉园3栋1单元1202室' } });
    expect(JSON.stringify(e!.data)).not.toMatch(/1[3-9]\d{9}/);
    expect(Object.keys(e!.pii ?? {})).toEqual(expect.arrayContaining(['resident']));
  });

  it('the engine tells the console: a call ringing, the calls pane changed, an alarm, a link change', async () => {
    const { engine, panel } = await withPanel();
    const heard: string[] = [];
    engine.bus.on('call-ringing', (c) => heard.push(`ringing ${c.callId} ${c.address}`));
    engine.bus.on('calls-changed', () => heard.push('calls-changed'));
    engine.bus.on('alarm', (a) => heard.push(`alarm ${a.kind} ${a.station}`));
    engine.bus.on('link', (l) => heard.push(`link ${l.up ? 'up' : 'down'}`));
    await panel.deliver('CALL,C1,B03-U1-1202');
    await panel.deliver('ALARM,G01,FIRE');
    panel.setLink(false, 'test');
    expect(heard).toEqual(['ringing C1 嘉园3栋1单元1202室', 'calls-changed', 'alarm FIRE G01', 'calls-changed', 'link down']);
  });

  it('R1: a station missing from the directory is still logged, and flagged', async () => {
    const { engine, panel, config } = await withPanel();
    await panel.deliver('CALL,C9,B09-U9-999');
    const [e] = await readDay(config.dataDir, '2026-11-30');
    expect(e!.data).toMatchObject({ station: 'B09-U9-999', unknownStation: true });
    expect(e!.data.address).toBeUndefined();
    expect(engine.ringingCalls()[0]).toMatchObject({ unknownStation: true, address: null });
  });

  it('R1: answered and ended calls leave the ringing list; the duration is recorded', async () => {
    const { engine, panel, config } = await withPanel();
    await panel.deliver('CALL,C1,B03-U1-1202');
    await engine.answerCall('C1');
    expect(panel.commands).toEqual([{ type: 'ANSWER', callId: 'C1' }]);
    await panel.deliver('TALK,C1');
    expect(engine.ringingCalls()).toEqual([]);
    await panel.deliver('END,C1,95');
    await expect(engine.answerCall('C1')).rejects.toThrow(/call C1 is not ringing/);
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => e.kind)).toEqual(['call.received', 'call.answered', 'call.ended']);
  });

  it('R5: a call cancelled before answer is a callback owed, overdue after callbackMinutes, until someone calls back (R4)', async () => {
    const { engine, panel, clock, config } = await withPanel('2026-11-30T21:00:00+08:00', { callbackMinutes: 15 });
    await panel.deliver('CALL,C1,B01-U1-301');
    await panel.deliver('CANCEL,C1');
    const [owed] = engine.callbacksOwed();
    expect(owed).toMatchObject({ callId: 'C1', station: 'B01-U1-301', address: '嘉园1栋1单元301室', reason: 'missed', dueAt: '2026-11-30T21:15:00.000+08:00', overdue: false });
    clock.set('2026-11-30T21:15:01+08:00');
    expect(engine.callbacksOwed()[0]!.overdue).toBe(true);
    await expect(engine.recordCallback(owed!.key, '  ', OPERATOR)).rejects.toThrow(/needs its result/);
    await engine.recordCallback(owed!.key, '已回电,住户报修厨房水管', OPERATOR);
    expect(engine.callbacksOwed()).toEqual([]);
    await expect(engine.recordCallback(owed!.key, 'again', OPERATOR)).rejects.toThrow(/no callback is owed/);
    const events = await readDay(config.dataDir, '2026-11-30');
    expect(events.at(-1)).toMatchObject({ kind: 'call.called-back', actor: OPERATOR, data: { call: owed!.key } });
    expect(events.find((e) => e.kind === 'call.missed')!.data).toMatchObject({ station: 'B01-U1-301' });
  });

  it('R5: a CANCEL right behind its CALL (both still on their way to disk) still finds the station', async () => {
    const { engine, panel } = await withPanel();
    await Promise.all([panel.deliver('CALL,C1,B01-U1-301'), panel.deliver('CANCEL,C1')]);
    expect(engine.callbacksOwed()).toMatchObject([{ callId: 'C1', station: 'B01-U1-301' }]);
  });

  it('R5: a CANCEL recorded before its CALL (the CALL\'s first copy lost): the callback is owed once the CALL gives its station, nothing rings for ever', async () => {
    const { engine, panel } = await withPanel();
    await panel.deliver('CANCEL,C1');
    // No callback without a station: the CANCEL is recorded, flagged, and waits for its CALL.
    expect(engine.callbacksOwed()).toEqual([]);
    await panel.deliver('CALL,C1,B01-U1-301');
    expect(engine.ringingCalls()).toEqual([]);
    expect(engine.callbacksOwed()).toMatchObject([{ callId: 'C1', station: 'B01-U1-301', address: '嘉园1栋1单元301室', reason: 'missed' }]);
  });

  it('R1: an END of a day or more is recorded flagged, its duration not believed', async () => {
    const { panel, config } = await withPanel();
    await panel.deliver('CALL,C1,B03-U1-1202');
    await panel.deliver('END,C1,95');
    await panel.deliver('CALL,C2,B03-U1-1202');
    await panel.deliver('END,C2,86401');
    const ended = (await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind === 'call.ended').map((e) => e.data);
    expect(ended[0]).toMatchObject({ callId: 'C1', durationSeconds: 95 });
    expect(ended[1]).toMatchObject({ callId: 'C2', reportedDuration: '86401', implausibleDuration: true });
    expect(ended[1]!.durationSeconds).toBeUndefined();
  });

  it('R1: a TALK or END recorded before its CALL does not leave the call ringing', async () => {
    const { engine, panel } = await withPanel();
    await panel.deliver('END,C1,30');
    await panel.deliver('CALL,C1,B01-U1-301');
    await panel.deliver('TALK,C2');
    await panel.deliver('CALL,C2,G01');
    expect(engine.ringingCalls()).toEqual([]);
    expect(engine.callbacksOwed()).toEqual([]);
  });

  it('a call of the new run, moved to "owed" by a late BOOT, is taken back when it is answered', async () => {
    const { engine, panel } = await withPanel();
    await panel.deliver('CALL,C1,B01-U1-301');
    await panel.deliver('BOOT,FW2');
    await panel.deliver('TALK,C1');
    expect(engine.callbacksOwed()).toEqual([]);
  });

  it('a console listener that throws neither undoes nor repeats what is already recorded', async () => {
    const { engine, panel, config } = await withPanel();
    const problems: string[] = [];
    engine.bus.on('problem', (e) => problems.push(e.message));
    engine.bus.on('call-ringing', () => {
      throw new Error('screen broke');
    });
    await panel.deliver('CALL,C1,B01-U1-301');
    expect(problems).toEqual(['screen broke']);
    expect((await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind === 'call.received')).toHaveLength(1);
  });

  it('R5: a callback owed for weeks is still owed after a restart (day.closed carries the oldest open day)', async () => {
    const { engine, panel, clock } = await withPanel('2026-11-01T21:00:00+08:00');
    await panel.deliver('CALL,C1,G01');
    await panel.deliver('CANCEL,C1');
    await panel.deliver('ALARM,G02,FIRE');
    const { restart } = await import('../helpers/engine.js');
    let e = engine;
    for (const day of ['2026-11-02', '2026-11-10', '2026-11-20', '2026-11-30']) {
      clock.set(`${day}T09:00:00+08:00`);
      e = await restart(e, clock);
      await e.closeFinishedDays();
    }
    expect(e.callbacksOwed()).toMatchObject([{ callId: 'C1', station: 'G01', overdue: true }]);
    expect(e.openAlarms()).toMatchObject([{ kind: 'FIRE', station: 'G02' }]);
    await expect(e.recordCallback(999, 'x', OPERATOR)).rejects.toThrow(/no callback is owed for call 999 \(it was called back already, or it is not a missed call\)/);
  });

  it('R5: calls still ringing when the panel restarts are owed a callback, not forgotten', async () => {
    const { engine, panel } = await withPanel();
    await panel.deliver('CALL,C1,B01-U1-301');
    await panel.deliver('BOOT,FW2');
    expect(engine.ringingCalls()).toEqual([]);
    expect(engine.callbacksOwed()).toMatchObject([{ callId: 'C1', reason: 'panel-restart' }]);
  });

  it('R5: callbacks owed survive a daemon restart (they are in the journal)', async () => {
    const { engine, panel, clock } = await withPanel();
    await panel.deliver('CALL,C1,G01');
    await panel.deliver('CANCEL,C1');
    const { restart } = await import('../helpers/engine.js');
    const again = await restart(engine, clock);
    expect(again.callbacksOwed()).toMatchObject([{ callId: 'C1', station: 'G01', address: '嘉园南门岗' }]);
  });

  it('H9: an alarm is recorded for the director at once and holds the screen until an operator takes it on with their badge', async () => {
    const { engine, panel, config } = await withPanel();
    await panel.deliver('ALARM,G01,SOS');
    const [alarm] = engine.openAlarms();
    expect(alarm).toMatchObject({ kind: 'SOS', station: 'G01', address: '嘉园南门岗' });
    const raised = (await readDay(config.dataDir, '2026-11-30'))[0]!;
    expect(raised.data).toMatchObject({ kind: 'SOS', reportTo: 'director' });
    await expect(engine.takeOnAlarm(alarm!.seq, 'EMP-999999')).rejects.toThrow(/not on the roster/);
    await engine.takeOnAlarm(alarm!.seq, OPERATOR);
    expect(engine.openAlarms()).toEqual([]);
    await expect(engine.takeOnAlarm(alarm!.seq, OPERATOR)).rejects.toThrow(/alarm \d+ is not on the screen/);
  });

  it('door and fault messages, door releases and link changes are recorded', async () => {
    const { engine, panel, config } = await withPanel();
    await panel.deliver('DOOR,G01,HELD');
    await panel.deliver('FAULT,L01,OFFLINE');
    await engine.unlockDoor('G02', OPERATOR);
    expect(panel.commands).toEqual([{ type: 'UNLOCK', station: 'G02' }]);
    panel.setLink(false, 'cable pulled');
    await new Promise((r) => setTimeout(r, 20));
    const events = await readDay(config.dataDir, '2026-11-30');
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ['door.changed', 'panel'],
      ['device.fault', 'panel'],
      ['door.unlocked', OPERATOR],
      ['device.link', 'system'],
    ]);
    expect(events[3]!.data).toEqual({ device: 'panel', up: false, reason: 'cable pulled' });
  });
});
