import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import type { OrderView } from '../../src/projections/orders.js';
import type { JournalEvent } from '../../src/register/event.js';
import { readDay, readSince } from '../../src/register/reader.js';
import { readSiteKey } from '../../src/register/site-key.js';
import { verifyJournal } from '../../src/register/verify.js';
import { engineAt, restart } from '../helpers/engine.js';
import { runCli } from '../helpers/site.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';

const TECH = 'EMP-000401';
const OTHER_TECH = 'EMP-000402';
const SUPERVISOR = 'EMP-000201';
const MANAGER = 'EMP-000301';
const ENGINEERING_SUPERVISOR = 'EMP-000203';
const DESK_DIRECTOR = 'EMP-000601';
const DESK = 'EMP-000501';

/** 疏通下水道 (labour, 60 min) and 2.5 m of pipe: 80.00 + 21.25 = 101.25. */
const LINES = [
  { code: 'L003', quantity: '1' },
  { code: 'M003', quantity: '2.5' },
];

async function orderFor(engine: Engine, extra: Parameters<Engine['orders']['create']>[1] = {}): Promise<OrderView> {
  const entry = await engine.recordEntry(REPAIR, OPERATOR);
  return engine.orders.create(entry.id, extra, OPERATOR);
}

/** An order dispatched, priced and agreed: ready for work. */
async function agreedOrder(engine: Engine, extra: Parameters<Engine['orders']['create']>[1] = {}): Promise<OrderView> {
  const o = await orderFor(engine, extra);
  await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
  const priced = await engine.orders.price(o.orderNo, LINES, OPERATOR);
  return engine.orders.agree(o.orderNo, priced.totalFen!, OPERATOR);
}

function kinds(events: JournalEvent[]): string[] {
  return events.map((e) => e.kind);
}

describe('W1: an order carries address, phone, requested content and appointment', () => {
  it('W1: an order made from a register entry carries its fields, with personal data in pii, and a number of site, day and counter', async () => {
    const { engine, config } = await engineAt('2026-11-30T21:15:00+08:00');
    const order = await orderFor(engine, { major: true });
    expect(order).toMatchObject({
      orderNo: 'JY01-20261130-001',
      entryId: '20261130-001',
      kind: 'repair',
      major: true,
      address: '嘉园3栋1单元1202室',
      phone: '13900001202',
      resident: '陈丽',
      content: '卫生间下水道堵塞',
      appointmentAt: '2026-12-01T10:00:00.000+08:00',
      state: 'created',
      createdBy: OPERATOR,
    });
    const created = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'order.created')!;
    expect(created.data).toEqual({
      orderNo: 'JY01-20261130-001',
      entryId: '20261130-001',
      kind: 'repair',
      major: true,
      address: '嘉园3栋1单元1202室',
      content: '卫生间下水道堵塞',
      appointmentAt: '2026-12-01T10:00:00.000+08:00',
    });
    expect(created.pii).toEqual({ phone: '13900001202', resident: '陈丽' });
    // R3: the entry knows its order; the register's --json shows it.
    expect(engine.entry('20261130-001')!.orderNo).toBe('JY01-20261130-001');
  });

  it('W1: numbers count per day, and orders made at the same moment get different numbers', async () => {
    const { engine, clock } = await engineAt('2026-11-30T09:00:00+08:00');
    const entries = await Promise.all([1, 2, 3].map(() => engine.recordEntry(REPAIR, OPERATOR)));
    const orders = await Promise.all(entries.map((e) => engine.orders.create(e.id, {}, OPERATOR)));
    expect(orders.map((o) => o.orderNo).sort()).toEqual(['JY01-20261130-001', 'JY01-20261130-002', 'JY01-20261130-003']);
    clock.set('2026-12-01T08:00:00+08:00');
    expect((await orderFor(engine)).orderNo).toBe('JY01-20261201-001');
  });

  it('W1: an entry missing the phone or appointment is refused with what to do; one entry gets one order', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const bare = await engine.recordEntry({ ...REPAIR, phone: null, appointmentAt: null }, OPERATOR);
    await expect(engine.orders.create(bare.id, {}, OPERATOR)).rejects.toThrow(/entry 20261130-001 lacks phone, appointment, which an order carries \(W1\); amend the entry/);
    // The appointment may be given for the order; the phone comes from the entry.
    await engine.amendEntry(bare.id, { phone: '13900001202' }, '住户补充电话', OPERATOR);
    const o = await engine.orders.create(bare.id, { appointmentAt: '2026-11-30 14:00' }, OPERATOR);
    expect(o.appointmentAt).toBe('2026-11-30T14:00:00.000+08:00');
    await expect(engine.orders.create(bare.id, {}, OPERATOR)).rejects.toThrow(/already has order JY01-20261130-001 \(created\); cancel that order first/);
    const question = await engine.recordEntry({ channel: 'phone', category: 'consultation', content: '物业费' }, OPERATOR);
    await expect(engine.orders.create(question.id, {}, OPERATOR)).rejects.toThrow(/is a consultation; paid-service orders are made from repair or request entries/);
    await expect(engine.orders.create('20261130-099', {}, OPERATOR)).rejects.toThrow(/there is no register entry 20261130-099/);
    await expect(engine.orders.create(bare.id, {}, 'EMP-999999')).rejects.toThrow(/not on the roster/);
  });

  it('W1: two consoles making an order from the same entry at once get one order', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const entry = await engine.recordEntry(REPAIR, OPERATOR);
    const results = await Promise.allSettled([engine.orders.create(entry.id, {}, OPERATOR), engine.orders.create(entry.id, {}, 'EMP-000102')]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message).toMatch(/already has order JY01-20261130-001/);
    expect((await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind === 'order.created')).toHaveLength(1);
  });

  it('W1: a cancelled order frees its entry for a new one, and the entry shows the new number', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const first = await orderFor(engine);
    await expect(engine.orders.cancel(first.orderNo, ' ', OPERATOR)).rejects.toThrow(/needs the reason/);
    const cancelled = await engine.orders.cancel(first.orderNo, '住户不同意价格', OPERATOR);
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: '住户不同意价格' });
    const second = await engine.orders.create(first.entryId, {}, OPERATOR);
    expect(second.orderNo).toBe('JY01-20261130-002');
    expect(engine.entry(first.entryId)!.orderNo).toBe(second.orderNo);
    await expect(engine.orders.dispatch(first.orderNo, { technician: TECH }, OPERATOR)).rejects.toThrow(/was cancelled/);
  });
});

describe('R3, W9: dispatch to a technician, or for paid cleaning to a contractor', () => {
  it('R3: the technician comes from the roster (role technician, active) and the time they were notified is recorded', async () => {
    const { engine, clock } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await orderFor(engine);
    clock.advance(120_000);
    await expect(engine.orders.dispatch(o.orderNo, { technician: OPERATOR }, OPERATOR)).rejects.toThrow(/technician "EMP-000101" \(.+\) is a operator; this needs a technician/);
    await expect(engine.orders.dispatch(o.orderNo, { technician: 'EMP-000405' }, OPERATOR)).rejects.toThrow(/marked inactive/);
    await expect(engine.orders.dispatch('JY01-20261130-077', { technician: TECH }, OPERATOR)).rejects.toThrow(/there is no order JY01-20261130-077/);
    const d = await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
    expect(d).toMatchObject({ state: 'dispatched', assignee: { technician: TECH, name: '吴德明' }, notifiedAt: '2026-11-30T09:02:00.000+08:00' });
    // Handed to another technician later (e.g. after an escalation): the latest one holds it.
    expect((await engine.orders.dispatch(o.orderNo, { technician: OTHER_TECH }, OPERATOR)).assignee).toEqual({ technician: OTHER_TECH, name: '郑大勇' });
  });

  it('W9: a cleaning order goes to a contractor instead of a technician; a repair does not', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const repair = await orderFor(engine);
    await expect(engine.orders.dispatch(repair.orderNo, { contractor: '洁美保洁公司' }, OPERATOR)).rejects.toThrow(/only paid cleaning to a contractor \(W9\)/);
    const entry = await engine.recordEntry({ ...REPAIR, category: 'request', content: '家政保洁3小时' }, OPERATOR);
    const cleaning = await engine.orders.create(entry.id, { kind: 'cleaning' }, OPERATOR);
    await expect(engine.orders.dispatch(cleaning.orderNo, { contractor: '  ' }, OPERATOR)).rejects.toThrow(/a contractor needs a name/);
    const d = await engine.orders.dispatch(cleaning.orderNo, { contractor: '洁美保洁公司' }, OPERATOR);
    expect(d.assignee).toEqual({ contractor: '洁美保洁公司' });
    const ev = (await readDay(config.dataDir, '2026-11-30')).findLast((e) => e.kind === 'order.dispatched')!;
    expect(ev.data).toEqual({ orderNo: cleaning.orderNo, contractor: '洁美保洁公司', notifiedAt: '2026-11-30T09:00:00.000+08:00' });
    // Priced by the hour (2.5 h), agreed, done and signed off by whoever records it.
    const priced = await engine.orders.price(cleaning.orderNo, [{ code: 'L009', quantity: '2.5' }], OPERATOR);
    expect(priced.totalFen).toBe(10000);
    await engine.orders.agree(cleaning.orderNo, 10000, OPERATOR);
    await engine.orders.start(cleaning.orderNo, OPERATOR);
    const done = await engine.orders.complete(cleaning.orderNo, OPERATOR);
    expect(done).toMatchObject({ state: 'completed', standardMinutes: 150 });
    expect((await readDay(config.dataDir, '2026-11-30')).findLast((e) => e.kind === 'order.completed')!.data).toMatchObject({ contractor: '洁美保洁公司', kind: 'cleaning' });
  });
});

describe('W2: materials drawn against the order are recorded on it', () => {
  it('W2: the technician draws materials from the fee schedule against a dispatched order', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await orderFor(engine);
    await expect(engine.orders.drawMaterials(o.orderNo, [{ code: 'M003', quantity: '2.5' }], TECH)).rejects.toThrow(/not dispatched yet; materials are drawn by the technician it goes to \(W2\)/);
    await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
    await expect(engine.orders.drawMaterials(o.orderNo, [{ code: 'L003', quantity: '1' }, { code: 'M003', quantity: 'x' }], TECH)).rejects.toThrow(
      /line 1: L003 疏通下水道 is labour, not a material; line 2: quantity "x"/,
    );
    const drawn = await engine.orders.drawMaterials(o.orderNo, [{ code: 'M003', quantity: '2.50' }, { code: 'M005', quantity: '1' }], TECH);
    expect(drawn.materials).toEqual([
      { code: 'M003', name: 'PPR水管', unit: '米', quantity: '2.5', at: '2026-11-30T09:00:00.000+08:00', by: TECH },
      { code: 'M005', name: '生料带', unit: '卷', quantity: '1', at: '2026-11-30T09:00:00.000+08:00', by: TECH },
    ]);
  });
});

describe('W5: itemised charges, and the resident agrees to the total before work starts', () => {
  it('W5: the order is priced from the fee schedule and the lines and total recorded in fen', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await orderFor(engine);
    const priced = await engine.orders.price(o.orderNo, LINES, OPERATOR);
    expect(priced).toMatchObject({ state: 'priced', totalFen: 10125, standardMinutes: 60 });
    const ev = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'order.priced')!;
    expect(ev.data).toEqual({
      orderNo: o.orderNo,
      totalFen: 10125,
      standardMinutes: 60,
      standardSource: 'labour',
      lines: [
        { code: 'L003', name: '疏通下水道', kind: 'labour', unit: '次', quantity: '1', unitPriceFen: 8000, amountFen: 8000, standardMinutes: 60 },
        { code: 'M003', name: 'PPR水管', kind: 'material', unit: '米', quantity: '2.5', unitPriceFen: 850, amountFen: 2125 },
      ],
    });
    await expect(engine.orders.price(o.orderNo, [{ code: 'NOPE', quantity: '1' }], OPERATOR)).rejects.toThrow(/"NOPE" is not in the fee schedule/);
  });

  it('W5: starting work before the resident agreed is refused, and nothing is recorded', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await orderFor(engine);
    await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
    await expect(engine.orders.start(o.orderNo, TECH)).rejects.toThrow(/has no price; work cannot start before the resident is told the amount and agrees \(W5\)/);
    await engine.orders.price(o.orderNo, LINES, OPERATOR);
    const before = (await readDay(config.dataDir, '2026-11-30')).length;
    await expect(engine.orders.start(o.orderNo, TECH)).rejects.toThrow(/the resident has not agreed to the total of 10125 fen; work cannot start before the resident is told the amount and agrees \(W5\)/);
    expect((await readDay(config.dataDir, '2026-11-30')).length).toBe(before);
    expect(engine.orders.get(o.orderNo)!.startedAt).toBeNull();
  });

  it('W5: the agreement is to the total shown; a new price needs a new agreement', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    expect(o).toMatchObject({ state: 'agreed', agreedTotalFen: 10125, agreedAt: '2026-11-30T09:00:00.000+08:00' });
    const repriced = await engine.orders.price(o.orderNo, [...LINES, { code: 'M005', quantity: '1' }], OPERATOR);
    expect(repriced).toMatchObject({ state: 'priced', totalFen: 10275, agreedTotalFen: null });
    await expect(engine.orders.start(o.orderNo, TECH)).rejects.toThrow(/has not agreed to the total of 10275 fen/);
    await expect(engine.orders.agree(o.orderNo, 10125, OPERATOR)).rejects.toThrow(/priced at 10275 fen, not 10125; tell the resident the current total/);
    await engine.orders.agree(o.orderNo, 10275, OPERATOR, { note: '电话告知,住户同意' });
    const started = await engine.orders.start(o.orderNo, TECH);
    expect(started.state).toBe('started');
    await expect(engine.orders.price(o.orderNo, LINES, OPERATOR)).rejects.toThrow(/the price cannot change after work starts \(W5\)/);
  });

  it('W5: a start reported as earlier than the agreement is refused; two starts at once record one', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    clock.advance(20 * 60_000);
    await expect(engine.orders.start(o.orderNo, TECH, { at: '2026-11-30 08:50' })).rejects.toThrow(/before the resident agreed .* \(W5\)/);
    await expect(engine.orders.start(o.orderNo, TECH, { at: '2026-11-30 12:00' })).rejects.toThrow(/is in the future/);
    const results = await Promise.allSettled([engine.orders.start(o.orderNo, TECH, { at: '2026-11-30 09:10' }), engine.orders.start(o.orderNo, TECH)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind === 'order.started')).toHaveLength(1);
    expect(engine.orders.get(o.orderNo)!.startedAt).toBe('2026-11-30T09:10:00.000+08:00');
  });
});

describe('W3: finishing later than the work standard is flagged', () => {
  it('W3: a job on time is not late; its completion carries orderNo, entryId, totalFen, late and paymentMethod', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    await engine.orders.start(o.orderNo, TECH);
    clock.advance(60 * 60_000);
    const done = await engine.orders.complete(o.orderNo, TECH);
    expect(done).toMatchObject({ state: 'completed', late: false, dueAt: '2026-11-30T10:00:00.000+08:00', completedAt: '2026-11-30T10:00:00.000+08:00' });
    const ev = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'order.completed')!;
    expect(ev.data).toEqual({
      orderNo: o.orderNo,
      entryId: o.entryId,
      kind: 'repair',
      major: false,
      totalFen: 10125,
      late: false,
      paymentMethod: 'bank-collection',
      startedAt: '2026-11-30T09:00:00.000+08:00',
      completedAt: '2026-11-30T10:00:00.000+08:00',
      standardMinutes: 60,
      standardSource: 'labour',
      workedMinutes: 60,
      technician: TECH,
    });
    expect(Number.isInteger(ev.data.totalFen)).toBe(true);
  });

  it('W3: a job started at 23:30 with an hour allowed, finished at 00:45, is late across midnight, also after a restart', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T23:20:00+08:00');
    const o = await agreedOrder(engine);
    clock.set('2026-11-30T23:30:00+08:00');
    await engine.orders.start(o.orderNo, TECH);
    clock.set('2026-12-01T00:29:00+08:00');
    expect(engine.orders.get(o.orderNo)).toMatchObject({ late: false, dueAt: '2026-12-01T00:30:00.000+08:00' });
    clock.set('2026-12-01T00:31:00+08:00');
    // Still running past its standard: flagged on the list before it is finished.
    expect(engine.orders.listOpen().find((x) => x.orderNo === o.orderNo)!.late).toBe(true);
    clock.set('2026-12-01T00:45:00+08:00');
    const done = await engine.orders.complete(o.orderNo, TECH);
    expect(done).toMatchObject({ late: true, completedAt: '2026-12-01T00:45:00.000+08:00' });
    const next = await readDay(config.dataDir, '2026-12-01');
    expect(kinds(next)).toEqual(['day.closed', 'order.completed']);
    expect(next[1]!.data).toMatchObject({ late: true, workedMinutes: 75, standardMinutes: 60 });
    // The order's events span two day files; a restart folds them back the same.
    const again = await restart(engine, clock);
    expect(again.orders.get(o.orderNo)).toMatchObject({ state: 'completed', late: true, startedAt: '2026-11-30T23:30:00.000+08:00' });
  });

  it('W3: a completion reported a little after the fact is judged by when it happened', async () => {
    const { engine, clock } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    await engine.orders.start(o.orderNo, TECH);
    clock.advance(90 * 60_000);
    await expect(engine.orders.complete(o.orderNo, TECH, { at: '2026-11-30 08:59' })).rejects.toThrow(/before work started/);
    const done = await engine.orders.complete(o.orderNo, OPERATOR, { at: '2026-11-30 09:55' });
    expect(done).toMatchObject({ late: false, completedAt: '2026-11-30T09:55:00.000+08:00' });
    await expect(engine.orders.complete(o.orderNo, TECH)).rejects.toThrow(/was completed at 2026-11-30T09:55/);
  });
});

describe('W3: a job without labour lines has the work standard of its kind', () => {
  it('W3: a job priced with materials only is late after the configured default standard of its kind, and the order says it used the default', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T09:00:00+08:00', { workStandardMinutes: { repair: 90 } });
    const o = await orderFor(engine);
    await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
    const priced = await engine.orders.price(o.orderNo, [{ code: 'M001', quantity: '1' }], OPERATOR);
    expect(priced).toMatchObject({ standardMinutes: 90, standardSource: 'default' });
    await engine.orders.agree(o.orderNo, priced.totalFen!, OPERATOR);
    await engine.orders.start(o.orderNo, TECH);
    clock.advance(91 * 60_000);
    expect(engine.orders.get(o.orderNo)).toMatchObject({ late: true, dueAt: '2026-11-30T10:30:00.000+08:00' });
    clock.set('2026-12-05T09:00:00+08:00');
    const done = await engine.orders.complete(o.orderNo, TECH);
    expect(done).toMatchObject({ late: true, standardMinutes: 90, standardSource: 'default' });
    const completed = (await readSince(config.dataDir, '2026-11-30')).find((e) => e.kind === 'order.completed')!;
    expect(completed.data).toMatchObject({ late: true, standardMinutes: 90, standardSource: 'default' });
    // A cleaning job without labour lines takes the cleaning default (240 minutes unless configured).
    const cleaningEntry = await engine.recordEntry({ ...REPAIR, category: 'request', content: '清运装修垃圾' }, OPERATOR);
    const cleaning = await engine.orders.create(cleaningEntry.id, { kind: 'cleaning' }, OPERATOR);
    expect(await engine.orders.price(cleaning.orderNo, [{ code: 'M013', quantity: '1' }], OPERATOR)).toMatchObject({ standardMinutes: 240, standardSource: 'default' });
    // With a labour line, the labour's standard (W3), as before.
    expect(await engine.orders.price(cleaning.orderNo, [{ code: 'L009', quantity: '2' }], OPERATOR)).toMatchObject({ standardMinutes: 120, standardSource: 'labour' });
  });

  it('W3: the default standard is configured per order kind and checked', async () => {
    await expect(engineAt('2026-11-30T09:00:00+08:00', { workStandardMinutes: { repair: 0 } })).rejects.toThrow(/workStandardMinutes.repair/);
    await expect(engineAt('2026-11-30T09:00:00+08:00', { workStandardMinutes: { painting: 60 } })).rejects.toThrow(/unknown field "painting"/);
  });
});

describe('W4: a job that cannot be done is escalated, each step with who, when and why', () => {
  it('W4: technician -> engineering supervisor (resident told) -> estate manager; the order stays open until solved', async () => {
    const { engine, clock, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine, { major: true });
    await expect(engine.orders.escalate(o.orderNo, { to: ENGINEERING_SUPERVISOR, reason: '主管道破裂,需停水', residentTold: false }, TECH)).rejects.toThrow(
      /tell the resident that the job goes to the engineering supervisor \(W4\)/,
    );
    await expect(engine.orders.escalate(o.orderNo, { to: MANAGER, reason: '主管道破裂', residentTold: true }, TECH)).rejects.toThrow(/is a manager of management; the engineering supervisor/);
    await expect(engine.orders.escalate(o.orderNo, { to: SUPERVISOR, reason: '  ', residentTold: true }, TECH)).rejects.toThrow(/needs the reason/);
    const first = await engine.orders.escalate(o.orderNo, { to: ENGINEERING_SUPERVISOR, reason: '主管道破裂,需停水', residentTold: true }, TECH);
    expect(first).toMatchObject({ escalated: true, escalationLevel: 1 });
    clock.advance(3600_000);
    await expect(engine.orders.escalate(o.orderNo, { to: ENGINEERING_SUPERVISOR, reason: '需更换立管', residentTold: true }, ENGINEERING_SUPERVISOR)).rejects.toThrow(/is a supervisor of engineering; the estate manager/);
    const second = await engine.orders.escalate(o.orderNo, { to: MANAGER, reason: '需更换立管,费用超出', residentTold: true }, ENGINEERING_SUPERVISOR);
    expect(second.escalations).toEqual([
      { level: 1, step: 'engineering-supervisor', to: ENGINEERING_SUPERVISOR, toName: '钱立新', reason: '主管道破裂,需停水', residentTold: true, at: '2026-11-30T09:00:00.000+08:00', by: TECH },
      { level: 2, step: 'estate-manager', to: MANAGER, toName: '周国华', reason: '需更换立管,费用超出', residentTold: true, at: '2026-11-30T10:00:00.000+08:00', by: ENGINEERING_SUPERVISOR },
    ]);
    await expect(engine.orders.escalate(o.orderNo, { to: 'EMP-000601', reason: '仍未解决', residentTold: true }, MANAGER)).rejects.toThrow(
      /already with the estate manager, the last step \(W4\); it stays open until solved/,
    );
    // Still open, and still blocking a handover (H4 d), until the work is completed.
    expect(engine.orders.listOpen().map((x) => x.orderNo)).toEqual([o.orderNo]);
    expect(engine.orders.openMajor()).toEqual([{ orderNo: o.orderNo, entryId: o.entryId, address: '嘉园3栋1单元1202室', since: '2026-11-30T09:00:00.000+08:00' }]);
    const events = (await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind === 'order.escalated');
    expect(events.map((e) => [e.actor, e.at, e.data.level, e.data.to, e.data.reason])).toEqual([
      [TECH, '2026-11-30T09:00:00.000+08:00', 1, ENGINEERING_SUPERVISOR, '主管道破裂,需停水'],
      [ENGINEERING_SUPERVISOR, '2026-11-30T10:00:00.000+08:00', 2, MANAGER, '需更换立管,费用超出'],
    ]);
    await engine.orders.start(o.orderNo, OTHER_TECH);
    await engine.orders.complete(o.orderNo, OTHER_TECH);
    expect(engine.orders.openMajor()).toEqual([]);
  });
});

describe('W4: each rung of the ladder is checked against department and rank', () => {
  it('W4: the control-room supervisor is refused as the engineering supervisor, the service-desk director as the estate manager', async () => {
    const { engine } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    // 赵丽娟 is a supervisor of the control room (she overrides handovers), not of engineering.
    await expect(engine.orders.escalate(o.orderNo, { to: SUPERVISOR, reason: '主管道破裂', residentTold: true }, TECH)).rejects.toThrow(
      /"EMP-000201" \(赵丽娟\) is a supervisor of the control room; the engineering supervisor \(工程主管, W4\) is a supervisor of engineering/,
    );
    await engine.orders.escalate(o.orderNo, { to: ENGINEERING_SUPERVISOR, reason: '主管道破裂', residentTold: true }, TECH);
    // 黄文涛 directs the service desk, not the estate's management.
    await expect(engine.orders.escalate(o.orderNo, { to: DESK_DIRECTOR, reason: '需更换立管', residentTold: true }, ENGINEERING_SUPERVISOR)).rejects.toThrow(
      /"EMP-000601" \(黄文涛\) is a director of the service desk; the estate manager \(管理处经理, W4\) is a manager or director of management/,
    );
    const second = await engine.orders.escalate(o.orderNo, { to: MANAGER, reason: '需更换立管', residentTold: true }, ENGINEERING_SUPERVISOR);
    expect(second.escalations.map((e) => [e.step, e.to])).toEqual([
      ['engineering-supervisor', ENGINEERING_SUPERVISOR],
      ['estate-manager', MANAGER],
    ]);
  });
});

describe('W6: the payment method agreed with the price; cash taken by the technician is a violation', () => {
  it('W6: bank collection unless the resident agrees to cash; the method is recorded with the agreement (W5) and on the completion', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const bank = await agreedOrder(engine);
    expect(bank).toMatchObject({ paymentMethod: 'bank-collection', cashViolation: false });
    const o = await orderFor(engine);
    await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
    await engine.orders.price(o.orderNo, LINES, OPERATOR);
    await expect(engine.orders.agree(o.orderNo, 10125, OPERATOR, { paymentMethod: 'cheque' as never })).rejects.toThrow(/payment method "cheque" is not bank-collection or cash \(W6\)/);
    const cash = await engine.orders.agree(o.orderNo, 10125, OPERATOR, { paymentMethod: 'cash', note: '住户要求付现金' });
    expect(cash).toMatchObject({ paymentMethod: 'cash', cashViolation: false });
    await engine.orders.start(o.orderNo, TECH);
    await engine.orders.complete(o.orderNo, TECH);
    const events = await readDay(config.dataDir, '2026-11-30');
    expect(events.filter((e) => e.kind === 'order.agreed').map((e) => e.data)).toEqual([
      { orderNo: bank.orderNo, totalFen: 10125, paymentMethod: 'bank-collection' },
      { orderNo: o.orderNo, totalFen: 10125, paymentMethod: 'cash', note: '住户要求付现金' },
    ]);
    expect(events.find((e) => e.kind === 'order.completed')!.data).toMatchObject({ orderNo: o.orderNo, paymentMethod: 'cash' });
  });

  it('W6: cash received by the service desk against a receipt is allowed; cash taken by the technician is a violation, on the order, in orders --json and in status', async () => {
    const { engine, config, configFile } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    await engine.orders.start(o.orderNo, TECH);
    await expect(engine.orders.recordCash(o.orderNo, { amountFen: 0 }, OPERATOR)).rejects.toThrow(/positive whole number of fen/);
    await expect(engine.orders.recordCash(o.orderNo, { amountFen: 10125, receivedBy: 'EMP-999999' }, OPERATOR)).rejects.toThrow(/not on the roster/);
    await expect(engine.orders.recordCash(o.orderNo, { amountFen: 10125, receivedBy: DESK }, OPERATOR)).rejects.toThrow(/the service desk gives a receipt for cash: record its number/);
    const atDesk = await engine.orders.recordCash(o.orderNo, { amountFen: 10125, receivedBy: DESK, receipt: 'SK-0042' }, OPERATOR);
    expect(atDesk).toMatchObject({ cashViolation: false, cashPayments: [{ amountFen: 10125, receivedBy: DESK, receipt: 'SK-0042', violation: false }] });
    const taken = await engine.orders.recordCash(o.orderNo, { amountFen: 2000, note: '维修人员当面收取' }, OPERATOR);
    expect(taken).toMatchObject({ paymentMethod: 'bank-collection', cashViolation: true });
    expect(taken.cashPayments[1]).toMatchObject({ amountFen: 2000, receivedBy: TECH, receipt: null, violation: true, note: '维修人员当面收取' });
    const events = (await readDay(config.dataDir, '2026-11-30')).filter((e) => e.kind === 'order.cash-paid');
    expect(events.map((e) => e.data)).toEqual([
      { orderNo: o.orderNo, amountFen: 10125, receivedBy: DESK, receipt: 'SK-0042' },
      { orderNo: o.orderNo, amountFen: 2000, receivedBy: TECH, violation: 'W6', note: '维修人员当面收取' },
    ]);
    const listed = JSON.parse((await runCli(['orders', '--config', configFile, '--json'])).stdout) as OrderView[];
    expect(listed.find((x) => x.orderNo === o.orderNo)).toMatchObject({ cashViolation: true });
    const status = JSON.parse((await runCli(['status', '--config', configFile, '--json'])).stdout) as { orders: { cashViolations: number } };
    expect(status.orders.cashViolations).toBe(1);
  });

  it('W6: cash that comes to light after the order was signed is still recorded, and still reported that day', async () => {
    const { engine, configFile } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    await engine.orders.start(o.orderNo, TECH);
    await engine.orders.complete(o.orderNo, TECH);
    await engine.orders.sign(o.orderNo, TECH);
    expect((await engine.orders.recordCash(o.orderNo, { amountFen: 5000, receivedBy: TECH }, 'EMP-000501')).cashViolation).toBe(true);
    const status = JSON.parse((await runCli(['status', '--config', configFile, '--json'])).stdout) as { orders: { open: number; cashViolations: number } };
    expect(status.orders).toMatchObject({ open: 0, cashViolations: 1 });
  });
});

describe('W7: the resident signs the completed order', () => {
  it('W7: the signature on paper is recorded with the technician\'s badge, once, after completion', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const o = await agreedOrder(engine);
    await engine.orders.start(o.orderNo, TECH);
    await expect(engine.orders.sign(o.orderNo, TECH)).rejects.toThrow(/not completed; the resident signs the completed order \(W7\)/);
    await engine.orders.complete(o.orderNo, TECH);
    await expect(engine.orders.sign(o.orderNo, OTHER_TECH)).rejects.toThrow(/recorded with that technician's badge \(W7\)/);
    const signed = await engine.orders.sign(o.orderNo, TECH);
    expect(signed).toMatchObject({ state: 'signed', signedBy: TECH });
    await expect(engine.orders.sign(o.orderNo, TECH)).rejects.toThrow(/already signed/);
    const ev = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'order.signed')!;
    expect(ev).toMatchObject({ actor: TECH, data: { orderNo: o.orderNo, technician: TECH } });
    // A signed order is closed: off the open list.
    expect(engine.orders.listOpen()).toEqual([]);
  });
});

describe('W1-W9 end to end', () => {
  it('W1-W9: entry -> order -> dispatched -> priced -> agreed -> materials -> started -> completed -> signed; the journal verifies and the bus was told each step', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const told: string[] = [];
    engine.bus.on('order-changed', (o) => told.push(o.state));
    const o = await orderFor(engine);
    await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
    const priced = await engine.orders.price(o.orderNo, LINES, OPERATOR);
    await engine.orders.agree(o.orderNo, priced.totalFen!, OPERATOR);
    await engine.orders.drawMaterials(o.orderNo, [{ code: 'M003', quantity: '2.5' }], TECH);
    await engine.orders.start(o.orderNo, TECH);
    await engine.orders.complete(o.orderNo, TECH);
    await engine.orders.sign(o.orderNo, TECH);
    expect(told).toEqual(['created', 'dispatched', 'priced', 'agreed', 'agreed', 'started', 'completed', 'signed']);
    expect(kinds(await readSince(config.dataDir, '2026-11-30'))).toEqual([
      'entry.created',
      'order.created',
      'order.dispatched',
      'order.priced',
      'order.agreed',
      'order.materials-drawn',
      'order.started',
      'order.completed',
      'order.signed',
    ]);
    expect((await verifyJournal(config.dataDir, await readSiteKey(config.dataDir))).ok).toBe(true);
  });
});

describe('H4 (d): open major repairs, for the handover', () => {
  it('H4: an open major repair from weeks ago is still known after a restart, however old', async () => {
    const { engine, clock } = await engineAt('2026-11-01T09:00:00+08:00');
    const major = await orderFor(engine, { major: true });
    await orderFor(engine, { major: false });
    clock.set('2026-11-30T09:00:00+08:00');
    // A day passes with something written, so that the journal closes days and notes what is open.
    await engine.recordEntry(REPAIR, OPERATOR);
    const again = await restart(engine, clock);
    expect(again.orders.openMajor()).toEqual([{ orderNo: major.orderNo, entryId: major.entryId, address: '嘉园3栋1单元1202室', since: '2026-11-01T09:00:00.000+08:00' }]);
    expect(again.orders.listOpen().map((x) => x.orderNo)).toEqual(['JY01-20261101-001', 'JY01-20261101-002']);
    // And it can still take its steps.
    await again.orders.cancel(major.orderNo, '住户自行处理', OPERATOR);
    expect(again.orders.openMajor()).toEqual([]);
  });

  it('H4: a cleaning order or a finished repair is no major repair; a signed old order can still be found to record cash', async () => {
    const { engine, clock } = await engineAt('2026-11-01T09:00:00+08:00');
    const o = await agreedOrder(engine, { major: true });
    await engine.orders.start(o.orderNo, TECH);
    await engine.orders.complete(o.orderNo, TECH);
    await engine.orders.sign(o.orderNo, TECH);
    expect(engine.orders.openMajor()).toEqual([]);
    // Its entry closed too, so that nothing of that day is still open (R5 would read back to it).
    await engine.closeEntry(o.entryId, '已修好', OPERATOR);
    // Written on later days too, so that the days read back at start end well after the order's.
    clock.set('2026-11-20T09:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-30T09:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    const again = await restart(engine, clock);
    expect(again.orders.get(o.orderNo)).toBeUndefined();
    const cash = await again.orders.recordCash(o.orderNo, { amountFen: 100 }, OPERATOR);
    expect(cash).toMatchObject({ state: 'signed', cashViolation: true });
  });
});

describe('orders across restarts', () => {
  it('W1: an old entry whose order was signed weeks ago gets no second order, before or after a restart', async () => {
    const { engine, clock } = await engineAt('2026-11-01T09:00:00+08:00');
    const o = await agreedOrder(engine);
    await engine.orders.start(o.orderNo, TECH);
    await engine.orders.complete(o.orderNo, TECH);
    await engine.orders.sign(o.orderNo, TECH);
    clock.set('2026-11-20T09:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-30T09:00:00+08:00');
    await engine.recordEntry(REPAIR, OPERATOR);
    const again = await restart(engine, clock);
    await expect(again.orders.create(o.entryId, {}, OPERATOR)).rejects.toThrow(/already has order JY01-20261101-001/);
    expect(again.entry(o.entryId)?.orderNo).toBe('JY01-20261101-001');
    expect((await readSince(again.config.dataDir, '2026-11-30')).filter((e) => e.kind === 'order.created')).toEqual([]);
  });

  it('H4 d: a major repair in a journal that never closed a day (one old day file) is still open after restarts', async () => {
    const { engine, clock } = await engineAt('2026-11-01T09:00:00+08:00');
    const major = await orderFor(engine, { major: true });
    clock.set('2026-11-20T09:00:00+08:00');
    let again = await restart(engine, clock);
    expect(again.orders.openMajor().map((m) => m.orderNo)).toEqual([major.orderNo]);
    // The day close written now notes it as open, so later starts read back to it too.
    await again.recordEntry(REPAIR, OPERATOR);
    clock.set('2026-11-30T09:00:00+08:00');
    again = await restart(again, clock);
    expect(again.orders.openMajor().map((m) => m.orderNo)).toEqual([major.orderNo]);
  });
});

describe('P1: an order\'s personal data goes with the register\'s', () => {
  it('P1: the phone and name on an order are purged after the retention period; the order stays, the chain verifies', async () => {
    const { engine, clock, config } = await engineAt('2026-11-27T09:00:00+08:00', { retentionDays: 2 });
    const o = await orderFor(engine, { major: true });
    clock.set('2026-11-30T09:00:00+08:00');
    await engine.purgeExpiredPii();
    expect(engine.orders.get(o.orderNo)).toMatchObject({ phone: null, resident: null, piiPurged: true, address: '嘉园3栋1单元1202室', state: 'created' });
    expect(engine.orders.openMajor().map((x) => x.orderNo)).toEqual([o.orderNo]);
    expect((await verifyJournal(config.dataDir, await readSiteKey(config.dataDir))).ok).toBe(true);
  });
});
