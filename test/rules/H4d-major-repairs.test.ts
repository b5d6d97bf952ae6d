import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine/engine.js';
import { allClear } from '../helpers/duty.js';
import { engineAt, restart } from '../helpers/engine.js';
import { REPAIR } from '../helpers/journal.js';

const OUT = 'EMP-000101';
const IN = 'EMP-000102';
const SUPERVISOR = 'EMP-000201';
const TECH = 'EMP-000401';

/** 王建国 on the day shift since 07:50, with a repair entry and its order (not marked major) made at 10:00. */
async function repairWithOrder() {
  const site = await engineAt('2026-11-30T07:50:00+08:00');
  await site.engine.signOn(OUT);
  site.clock.set('2026-11-30T10:00:00+08:00');
  const entry = await site.engine.recordEntry(REPAIR, OUT);
  const order = await site.engine.orders.create(entry.id, {}, OUT);
  return { ...site, entry, order };
}

/** The incoming operator signs at 19:55 with everything else in order; the outcome and its H4 d orders. */
async function handOver(engine: Engine) {
  const session = engine.handover.current() ?? engine.handover.begin(OUT);
  allClear(session);
  const result = await session.sign(IN);
  return { session, result, major: result.outcome === 'refused' ? result.refusals.find((r) => r.rule === 'H4d') : undefined };
}

async function workDone(engine: Engine, orderNo: string): Promise<void> {
  await engine.orders.dispatch(orderNo, { technician: TECH }, OUT);
  const priced = await engine.orders.price(orderNo, [{ code: 'L003', quantity: '1' }], OUT);
  await engine.orders.agree(orderNo, priced.totalFen!, OUT);
  await engine.orders.start(orderNo, TECH);
  await engine.orders.complete(orderNo, TECH);
}

describe('H4 d: a major repair unfinished refuses the handover, however it was marked major', () => {
  it('H4 d: an entry marked major for the director (H9) makes its unstarted order a major repair until the order is completed', async () => {
    const { engine, clock, entry, order } = await repairWithOrder();
    await engine.escalations.markMajor(entry.id, '楼上漏水影响三户', OUT);
    expect(engine.orders.get(order.orderNo)!.major).toBe(true);
    clock.set('2026-11-30T19:50:00+08:00');
    const { major, session } = await handOver(engine);
    expect(major).toMatchObject({ code: 'major-repairs', orders: [{ orderNo: order.orderNo, entryId: entry.id }] });
    await workDone(engine, order.orderNo);
    expect((await session.sign(IN)).outcome).toBe('accepted');
  });

  it('H4 d: an order marked major later, by an operator with a reason, refuses until completed; the mark survives a restart', async () => {
    const { engine, clock, order, events } = await (async () => {
      const s = await repairWithOrder();
      const { readSince } = await import('../../src/register/reader.js');
      return { ...s, events: async () => readSince(s.config.dataDir, '0000-00-00') };
    })();
    const marked = await engine.orders.markMajor(order.orderNo, '主水管需停水更换', OUT);
    expect(marked.major).toBe(true);
    await expect(engine.orders.markMajor(order.orderNo, '再标一次', SUPERVISOR)).rejects.toThrow(/already marked major/);
    await expect(engine.orders.markMajor(order.orderNo, '  ', SUPERVISOR)).rejects.toThrow(/needs the reason/);
    expect((await events()).find((e) => e.kind === 'order.marked-major')).toMatchObject({ actor: OUT, data: { orderNo: order.orderNo, reason: '主水管需停水更换' } });
    clock.set('2026-12-09T19:50:00+08:00');
    const again = await restart(engine, clock);
    const { major } = await handOver(again);
    expect(major).toMatchObject({ orders: [{ orderNo: order.orderNo }] });
  });

  it('H4 d: a repair entry marked major with no order yet refuses until it is closed; an order made from it afterwards is major', async () => {
    const { engine, clock } = await engineAt('2026-11-30T07:50:00+08:00');
    await engine.signOn(OUT);
    const entry = await engine.recordEntry(REPAIR, OUT);
    await engine.escalations.markMajor(entry.id, '燃气管道漏气', OUT);
    clock.set('2026-11-30T19:50:00+08:00');
    const { major, session } = await handOver(engine);
    expect(major).toMatchObject({ orders: [{ orderNo: null, entryId: entry.id, address: '嘉园3栋1单元1202室' }] });
    expect(major!.text).toContain(`entry ${entry.id} at 嘉园3栋1单元1202室`);
    const order = await engine.orders.create(entry.id, {}, OUT);
    expect(order.major).toBe(true);
    expect(session.view().majorRepairs.map((m) => m.orderNo)).toEqual([order.orderNo]);
  });

  it('H4 d: a finished or cancelled order cannot be marked major', async () => {
    const { engine, order } = await repairWithOrder();
    await engine.orders.cancel(order.orderNo, '住户自行处理', OUT);
    await expect(engine.orders.markMajor(order.orderNo, '重大', OUT)).rejects.toThrow(/was cancelled/);
  });
});
