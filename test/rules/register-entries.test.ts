import { describe, expect, it } from 'vitest';
import { Refused } from '../../src/domain/refusal.js';
import { readDay } from '../../src/register/reader.js';
import { engineAt, restart } from '../helpers/engine.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';

describe('R1: requests are logged with address, resident, content, phone and appointment', () => {
  it('R1: an intercom repair request is recorded with every field, the appointment in site time', async () => {
    const { engine, config } = await engineAt('2026-11-30T21:15:00+08:00');
    const entry = await engine.recordEntry(REPAIR, OPERATOR);
    expect(entry).toMatchObject({
      id: '20261130-001',
      receivedAt: '2026-11-30T21:15:00.000+08:00',
      channel: 'intercom',
      station: 'B03-U1-1202',
      address: '嘉园3栋1单元1202室',
      resident: '陈丽',
      phone: '13900001202',
      category: 'repair',
      content: '卫生间下水道堵塞',
      appointmentAt: '2026-12-01T10:00:00.000+08:00',
      status: 'open',
      firstResponder: OPERATOR,
      unclear: [],
    });
    const [event] = await readDay(config.dataDir, '2026-11-30');
    expect(event).toMatchObject({ seq: 1, kind: 'entry.created', actor: OPERATOR });
    // Personal data is held apart from the chained data (P1).
    expect(event!.pii).toEqual({ resident: '陈丽', phone: '13900001202' });
    expect(JSON.stringify(event!.data)).not.toContain('13900001202');
    expect(event!.piiDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('R1: phone, radio and walk-in requests are logged the same way', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    for (const channel of ['phone', 'radio', 'walk-in'] as const) {
      const e = await engine.recordEntry({ ...REPAIR, channel, station: null }, OPERATOR);
      expect(e.channel).toBe(channel);
      expect(e.unclear).toEqual([]);
    }
    expect((await engine.entriesOfDay('2026-11-30')).map((e) => e.id)).toEqual(['20261130-001', '20261130-002', '20261130-003']);
  });

  it('R1: a wrong channel or category or an unreadable appointment is refused with what to enter', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    await expect(engine.recordEntry({ ...REPAIR, channel: 'fax' }, OPERATOR)).rejects.toThrow(/channel "fax" is not one of intercom, phone, radio, walk-in, desk/);
    await expect(engine.recordEntry({ ...REPAIR, category: 'noise' }, OPERATOR)).rejects.toThrow(/category "noise" is not one of repair/);
    await expect(engine.recordEntry({ ...REPAIR, appointmentAt: '明天上午' }, OPERATOR)).rejects.toThrow(/appointment "明天上午" is not a time; enter it as YYYY-MM-DD HH:MM/);
    await expect(engine.recordEntry({ ...REPAIR, phone: 'call me' }, OPERATOR)).rejects.toThrow(/phone "call me" is not a phone number/);
    expect(await readDay(config.dataDir, '2026-11-30')).toEqual([]);
  });
});

describe('R2: the service desk\'s walk-in and phone requests go in the same register', () => {
  it('R2: channel desk entries share the register and the numbering', async () => {
    const { engine } = await engineAt('2026-11-30T10:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    const desk = await engine.recordEntry({ ...REPAIR, channel: 'desk', category: 'consultation', content: '物业费缴纳方式' }, 'EMP-000601');
    expect(desk).toMatchObject({ id: '20261130-002', channel: 'desk', firstResponder: 'EMP-000601' });
    expect((await engine.entriesOfDay('2026-11-30')).map((e) => e.channel)).toEqual(['intercom', 'desk']);
  });
});

describe('R4: the first responder owns a request', () => {
  it('R4: only an active badge on the roster can record, amend or close, or be named first responder', async () => {
    const { engine } = await engineAt('2026-11-30T10:00:00+08:00');
    await expect(engine.recordEntry(REPAIR, 'EMP-999999')).rejects.toThrow(/actor "EMP-999999" is not on the roster \(17 badges\); scan your own badge/);
    await expect(engine.recordEntry(REPAIR, 'EMP-000105')).rejects.toThrow(/actor "EMP-000105" \(.+\) is marked inactive on the roster/);
    await expect(engine.recordEntry({ ...REPAIR, firstResponder: 'nobody' }, OPERATOR)).rejects.toThrow(/first responder "nobody" is not on the roster/);
    const e = await engine.recordEntry(REPAIR, OPERATOR);
    await expect(engine.amendEntry(e.id, { content: 'x' }, 'r', 'EMP-999999')).rejects.toThrow(/not on the roster/);
    await expect(engine.closeEntry(e.id, 'done', 'EMP-999999')).rejects.toThrow(/not on the roster/);
  });

  it('R4: a request typed in later keeps when it was received, in site time, and cannot be dated in the future', async () => {
    const { engine } = await engineAt('2026-12-01T00:10:00+08:00');
    const late = await engine.recordEntry({ ...REPAIR, channel: 'radio', receivedAt: '2026-11-30 23:55' }, OPERATOR);
    expect(late).toMatchObject({ id: '20261201-001', receivedAt: '2026-11-30T23:55:00.000+08:00' });
    // It stays in the register of the day it was recorded, where its id puts it.
    expect((await engine.entriesOfDay('2026-12-01')).map((e) => e.id)).toEqual([late.id]);
    const utc = await engine.recordEntry({ ...REPAIR, receivedAt: '2026-11-30T16:05:00Z' }, OPERATOR);
    expect(utc.receivedAt).toBe('2026-12-01T00:05:00.000+08:00');
    await expect(engine.recordEntry({ ...REPAIR, receivedAt: '2027-01-01 10:00' }, OPERATOR)).rejects.toThrow(/received time "2027-01-01 10:00" is in the future/);
    await expect(engine.recordEntry({ ...REPAIR, receivedAt: 'yesterday' }, OPERATOR)).rejects.toThrow(/received time "yesterday" is not a time/);
  });

  it('R4: the operator who took the request is recorded and stays first responder through amendments by others', async () => {
    const { engine } = await engineAt('2026-11-30T10:00:00+08:00');
    const e = await engine.recordEntry(REPAIR, OPERATOR);
    const amended = await engine.amendEntry(e.id, { content: '卫生间下水道堵塞,已溢水' }, '住户来电补充', 'EMP-000102');
    expect(amended.firstResponder).toBe(OPERATOR);
    expect(amended.history[0]).toMatchObject({ actor: 'EMP-000102' });
  });

  it('R4: a request taken by someone else and typed in by the operator names its real first responder', async () => {
    const { engine } = await engineAt('2026-11-30T10:00:00+08:00');
    const e = await engine.recordEntry({ ...REPAIR, channel: 'radio', firstResponder: 'EMP-000301' }, OPERATOR);
    expect(e.firstResponder).toBe('EMP-000301');
  });

  it('R4: the entry stays open until closed with a result, and closing twice is refused', async () => {
    const { engine } = await engineAt('2026-11-30T10:00:00+08:00');
    const e = await engine.recordEntry(REPAIR, OPERATOR);
    const closed = await engine.closeEntry(e.id, '已疏通,住户满意', OPERATOR);
    expect(closed).toMatchObject({ status: 'closed', result: '已疏通,住户满意', closedAt: '2026-11-30T10:00:00.000+08:00' });
    await expect(engine.closeEntry(e.id, 'again', OPERATOR)).rejects.toThrow(/already closed/);
    await expect(engine.closeEntry('20261130-099', 'x', OPERATOR)).rejects.toThrow(/there is no register entry 20261130-099/);
  });
});

describe('R4: closing takes the first responder, or a supervisor closing for them with a reason', () => {
  it('R4: a technician or another operator cannot close the first responder\'s entry; a supervisor can, with a reason, recorded as closing it for them', async () => {
    const { engine, config } = await engineAt('2026-11-30T10:00:00+08:00');
    const e = await engine.recordEntry(REPAIR, OPERATOR);
    const technician = await engine.closeEntry(e.id, '已修好', 'EMP-000401').catch((err: Refused) => err);
    expect(technician).toMatchObject({ code: 'not-first-responder' });
    expect((technician as Error).message).toContain(`entry ${e.id} belongs to its first responder 王建国 (EMP-000101); they close it, or a supervisor closes it for them with a reason (R4)`);
    await expect(engine.closeEntry(e.id, '已修好', 'EMP-000102')).rejects.toMatchObject({ code: 'not-first-responder' });
    await expect(engine.closeEntry(e.id, '已修好', 'EMP-000201')).rejects.toMatchObject({ code: 'no-reason' });
    expect(engine.entry(e.id)!.status).toBe('open');
    const closed = await engine.closeEntry(e.id, '已修好', 'EMP-000201', '王建国休假, 住户来电确认已修好');
    expect(closed).toMatchObject({ status: 'closed', result: '已修好', closedBy: 'EMP-000201', closeReason: '王建国休假, 住户来电确认已修好' });
    const event = (await readDay(config.dataDir, '2026-11-30')).find((x) => x.kind === 'entry.closed')!;
    expect(event).toMatchObject({ actor: 'EMP-000201', data: { id: e.id, result: '已修好', for: OPERATOR, reason: '王建国休假, 住户来电确认已修好' } });
    // The first responder closes their own without a reason.
    const own = await engine.recordEntry(REPAIR, OPERATOR);
    expect(await engine.closeEntry(own.id, '已修好', OPERATOR)).toMatchObject({ status: 'closed', closedBy: OPERATOR, closeReason: null });
  });
});

describe('R5: a request not handled within its deadline is flagged overdue, never dropped', () => {
  it('R5: a repair is overdue the configured hours after its appointment, and not before', async () => {
    const { engine, clock } = await engineAt('2026-11-30T09:00:00+08:00');
    const e = await engine.recordEntry(REPAIR, OPERATOR); // appointment 12-01 10:00, repair: 24 h
    expect(e.deadline).toBe('2026-12-02T10:00:00.000+08:00');
    clock.set('2026-12-02T10:00:00+08:00');
    expect(engine.entry(e.id)!.overdue).toBe(false);
    clock.set('2026-12-02T10:00:01+08:00');
    expect(engine.entry(e.id)!.overdue).toBe(true);
    expect(engine.entry(e.id)!.status).toBe('open');
  });

  it('R5: a request without appointment is overdue the configured hours after it was received', async () => {
    const { engine, clock } = await engineAt('2026-11-30T09:00:00+08:00', { deadlineHours: { consultation: 2 } });
    const e = await engine.recordEntry({ channel: 'phone', category: 'consultation', content: '停水通知' }, OPERATOR);
    clock.set('2026-11-30T11:00:01+08:00');
    expect(engine.entry(e.id)!.overdue).toBe(true);
  });

  it('R5: a closed entry is never overdue, and an overdue one survives a restart still flagged', async () => {
    const { engine, clock } = await engineAt('2026-11-30T09:00:00+08:00');
    const a = await engine.recordEntry(REPAIR, OPERATOR);
    const b = await engine.recordEntry(REPAIR, OPERATOR);
    await engine.closeEntry(a.id, '已修好', OPERATOR);
    clock.set('2026-12-03T09:00:00+08:00');
    const again = await restart(engine, clock);
    const [ea, eb] = await again.entriesOfDay('2026-11-30');
    expect(ea).toMatchObject({ id: a.id, overdue: false, status: 'closed' });
    expect(eb).toMatchObject({ id: b.id, overdue: true, status: 'open' });
  });
});

describe('R6: the duty log has no omissions; an entry missing a required field is unclear', () => {
  it('R6: a repair without phone and appointment is saved but unclear, naming the fields', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const e = await engine.recordEntry({ ...REPAIR, phone: '', appointmentAt: null }, OPERATOR);
    expect(e.unclear).toEqual(['phone', 'appointmentAt']);
  });

  it('R6: each category asks for its own fields', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const bare = { channel: 'phone', content: '' };
    const got = async (category: string) => (await engine.recordEntry({ ...bare, category }, OPERATOR)).unclear;
    expect(await got('repair')).toEqual(['address', 'resident', 'phone', 'content', 'appointmentAt']);
    expect(await got('request')).toEqual(['address', 'resident', 'phone', 'content', 'appointmentAt']);
    expect(await got('complaint')).toEqual(['address', 'resident', 'phone', 'content']);
    expect(await got('consultation')).toEqual(['content']);
    expect(await got('feedback')).toEqual(['content']);
    expect(await got('other')).toEqual(['content']);
  });

  it('R6: an amendment that supplies the missing field makes the entry clear, with the history kept', async () => {
    const { engine, clock } = await engineAt('2026-11-30T09:00:00+08:00');
    const e = await engine.recordEntry({ ...REPAIR, phone: null }, OPERATOR);
    clock.advance(5 * 60_000);
    const fixed = await engine.amendEntry(e.id, { phone: '13900001203' }, '回拨确认号码', OPERATOR);
    expect(fixed.unclear).toEqual([]);
    expect(fixed.phone).toBe('13900001203');
    expect(fixed.history).toEqual([
      { at: '2026-11-30T09:05:00.000+08:00', actor: OPERATOR, reason: '回拨确认号码', changes: { phone: { from: null, to: '13900001203' } } },
    ]);
  });
});

describe('entry amendments: corrections are new events, never edits', () => {
  it('an amendment needs a reason and names only amendable fields', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const e = await engine.recordEntry(REPAIR, OPERATOR);
    await expect(engine.amendEntry(e.id, { content: 'x' }, '  ', OPERATOR)).rejects.toThrow(/needs a reason/);
    await expect(engine.amendEntry(e.id, { firstResponder: 'EMP-1' } as never, 'r', OPERATOR)).rejects.toThrow(/firstResponder cannot be amended/);
  });

  it('the created event is untouched; the projection shows the corrected value with its history', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const e = await engine.recordEntry(REPAIR, OPERATOR);
    await engine.amendEntry(e.id, { address: '嘉园3栋1单元1203室', category: 'request' }, '住户说错门牌', OPERATOR);
    const events = await readDay(config.dataDir, '2026-11-30');
    expect(events.map((x) => x.kind)).toEqual(['entry.created', 'entry.amended']);
    expect(events[0]!.data.address).toBe('嘉园3栋1单元1202室');
    const now = engine.entry(e.id)!;
    expect(now).toMatchObject({ address: '嘉园3栋1单元1203室', category: 'request' });
    expect(now.history[0]!.changes).toEqual({
      address: { from: '嘉园3栋1单元1202室', to: '嘉园3栋1单元1203室' },
      category: { from: 'repair', to: 'request' },
    });
  });

  it('an entry older than the projected week is amended from its own day file', async () => {
    const { engine, clock } = await engineAt('2026-11-01T09:00:00+08:00');
    const e = await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-30T09:00:00+08:00');
    const again = await restart(engine, clock);
    const fixed = await again.amendEntry(e.id, { content: '补记:已修好' }, '补记', OPERATOR);
    expect(fixed.content).toBe('补记:已修好');
    expect((await again.entriesOfDay('2026-11-01'))[0]!.content).toBe('补记:已修好');
  });
});
