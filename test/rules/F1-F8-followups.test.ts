import { describe, expect, it } from 'vitest';
import { deskConsultationSummary, deskFollowupSummary, deskRepairSummary, deskWorkList, recordFollowup } from '../../src/desk/desk-site.js';
import { importBatch } from '../../src/desk/import.js';
import type { WorkList } from '../../src/domain/followups.js';
import { parseMonth, parseQuarter } from '../../src/domain/periods.js';
import { checkFollowupFields } from '../../src/domain/followup-fields.js';
import { drawSample, sampleSize } from '../../src/domain/sampling.js';
import type { Engine } from '../../src/engine/engine.js';
import type { EntryInput } from '../../src/engine/entry-input.js';
import type { FakeClock } from '../../src/time/clock.js';
import { batchOf, deskStore, journalEvents, SECRET } from '../helpers/desk.js';
import { engineAt } from '../helpers/engine.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';

const at = (iso: string) => Date.parse(iso);
const COMPLAINT: EntryInput = { channel: 'phone', category: 'complaint', address: '嘉园2栋1单元601室', resident: '赵敏', phone: '13800000601', content: '楼上装修噪音' };
const QUESTION: EntryInput = { channel: 'phone', category: 'consultation', content: '停车证怎么办理' };

/**
 * A site whose days are written by `script` (through the engine, as the control room records
 * them), then taken in whole by a desk (folder store). Returns the desk's view of it.
 */
async function deskSite(start: string, script: (engine: Engine, clock: FakeClock) => Promise<void>) {
  const { engine, clock, config } = await engineAt(start);
  await script(engine, clock);
  const { store } = await deskStore('folder');
  await importBatch(store, batchOf(config, await journalEvents(config)), () => SECRET, start);
  const list = (day: string, now: string) => deskWorkList(store, 'JY01', day, at(now));
  return { store, engine, clock, list };
}

async function repairAt(engine: Engine, clock: FakeClock, when: string, content = REPAIR.content) {
  clock.set(when);
  return engine.recordEntry({ ...REPAIR, content }, OPERATOR);
}

async function orderCompleted(engine: Engine, clock: FakeClock, when: string, orderNo: string, entryId: string, totalFen: number) {
  clock.set(when);
  await engine.record({ kind: 'order.completed', actor: 'EMP-000201', data: { orderNo, entryId, totalFen } });
}

const ofRule = (l: WorkList, rule: string) => l.items.filter((i) => i.rule === rule);
const keys = (l: WorkList, rule: string) => ofRule(l, rule).map((i) => i.item);

describe('sample sizes: at least the percentage, rounded up', () => {
  it('F3 60%: 7 jobs -> 5, 5 -> 3, 1 -> 1, 0 -> 0; F5 30%: 10 -> 3, 11 -> 4; F6 20%: 6 -> 2, 5 -> 1', () => {
    expect([7, 5, 1, 0].map((n) => sampleSize(n, 60))).toEqual([5, 3, 1, 0]);
    expect([10, 11].map((n) => sampleSize(n, 30))).toEqual([3, 4]);
    expect([6, 5].map((n) => sampleSize(n, 20))).toEqual([2, 1]);
  });

  it('a draw depends on the seed and the members, not on their order', () => {
    const keysIn = ['a', 'b', 'c', 'd', 'e'];
    expect(drawSample('S', keysIn, 2)).toEqual(drawSample('S', [...keysIn].reverse(), 2).reverse());
    expect(drawSample('S', keysIn, 5)).toEqual(keysIn);
  });
});

describe('F3: each week at least 60% of last week\'s completed paid jobs', () => {
  it('F3: a week of 7 paid jobs gives 5 to follow up, drawn by the seed shown (checked with sha256sum by hand)', async () => {
    const d = await deskSite('2026-11-30T08:00:00+08:00', async (engine, clock) => {
      for (let n = 1; n <= 7; n++) {
        const e = await repairAt(engine, clock, `2026-12-0${Math.min(n, 6)}T09:0${n}:00+08:00`);
        await orderCompleted(engine, clock, `2026-12-0${Math.min(n, 6)}T15:0${n}:00+08:00`, `WO-2026-000${n}`, e.id, 8_000);
      }
    });
    // Sunday 2026-12-06 is still week 49: its jobs are sampled from Monday on.
    expect(keys(await d.list('2026-12-06', '2026-12-06T20:00:00+08:00'), 'F3')).toEqual([]);
    const monday = await d.list('2026-12-07', '2026-12-07T09:00:00+08:00');
    expect(monday.samples.find((s) => s.rule === 'F3')).toEqual({
      rule: 'F3',
      period: { id: '2026-W49', from: '2026-11-30', to: '2026-12-06' },
      seed: 'JY01/F3/2026-W49',
      population: 7,
      percent: 60,
      size: 5,
      // printf '%s' 'JY01/F3/2026-W49:WO-2026-000N' | sha256sum: 0003 (1049…), 0005 (15f2…), 0001 (5988…), 0007 (86b1…), 0002 (dc09…); not 0004 (f235…), 0006 (fb3a…)
      drawn: ['WO-2026-0001', 'WO-2026-0002', 'WO-2026-0003', 'WO-2026-0005', 'WO-2026-0007'],
      complete: false,
    });
    expect(ofRule(monday, 'F3').map((i) => [i.item, i.due, i.assignee, i.order?.total])).toEqual(
      ['WO-2026-0001', 'WO-2026-0002', 'WO-2026-0003', 'WO-2026-0005', 'WO-2026-0007'].map((no) => [no, '2026-12-13T23:59:59.999+08:00', 'desk', '80.00']),
    );
    // Drawn again (another day of the same week, another process): the same five.
    expect(keys(await d.list('2026-12-10', '2026-12-10T09:00:00+08:00'), 'F3')).toEqual(keys(monday, 'F3'));
    // A result that reached the resident takes an order off the list; the rest stay, overdue after Sunday.
    await recordFollowup(d.store, 'JY01', { rule: 'F3', item: 'WO-2026-0003', result: 'satisfied', quality: '满意', attitude: '满意', by: 'EMP-000301' }, at('2026-12-08T10:00:00+08:00'));
    const late = await d.list('2026-12-14', '2026-12-14T09:00:00+08:00');
    expect(ofRule(late, 'F3').map((i) => [i.item, i.overdue])).toEqual([
      ['WO-2026-0001', true],
      ['WO-2026-0002', true],
      ['WO-2026-0005', true],
      ['WO-2026-0007', true],
    ]);
  });
});

describe('F4: every job of 200.00 yuan or more, for the desk supervisor', () => {
  it('F4: exactly 200.00 is in, 199.99 is not, 200.01 is', async () => {
    const d = await deskSite('2026-11-30T08:00:00+08:00', async (engine, clock) => {
      const e = await repairAt(engine, clock, '2026-11-30T09:00:00+08:00');
      await orderCompleted(engine, clock, '2026-11-30T15:00:00+08:00', 'WO-A', e.id, 20_000);
      await orderCompleted(engine, clock, '2026-11-30T15:10:00+08:00', 'WO-B', e.id, 19_999);
      await orderCompleted(engine, clock, '2026-11-30T15:20:00+08:00', 'WO-C', e.id, 20_001);
    });
    const l = await d.list('2026-11-30', '2026-11-30T20:00:00+08:00');
    expect(ofRule(l, 'F4').map((i) => [i.item, i.order!.total, i.assignee, i.due, i.entry?.phone])).toEqual([
      ['WO-A', '200.00', 'desk supervisor', '2026-12-01T23:59:59.999+08:00', REPAIR.phone],
      ['WO-C', '200.01', 'desk supervisor', '2026-12-01T23:59:59.999+08:00', REPAIR.phone],
    ]);
    await expect(recordFollowup(d.store, 'JY01', { rule: 'F4', item: 'WO-B', result: 'satisfied', by: 'EMP-000301' }, at('2026-12-01T10:00:00+08:00'))).rejects.toThrow(
      'order WO-B came to 199.99 yuan; F4 is for jobs of 200.00 yuan or more (use F3)',
    );
  });
});

describe('F3, F4, F6: the follow-up record has the document\'s fields', () => {
  it('F3, F4: 质量 and 态度 (满意, 基本满意, 不满意) and for F4 收费 are recorded when the resident is reached; F6 is the director\'s; the month\'s summary counts them', async () => {
    const d = await deskSite('2026-11-30T08:00:00+08:00', async (engine, clock) => {
      const e = await repairAt(engine, clock, '2026-11-30T09:00:00+08:00');
      await orderCompleted(engine, clock, '2026-11-30T15:00:00+08:00', 'WO-A', e.id, 30_000);
      await orderCompleted(engine, clock, '2026-11-30T15:10:00+08:00', 'WO-B', e.id, 5_000);
    });
    const rec = (input: Partial<Parameters<typeof recordFollowup>[2]>, when = '2026-12-01T10:00:00+08:00') =>
      recordFollowup(d.store, 'JY01', { rule: 'F4', item: 'WO-A', result: 'satisfied', by: 'EMP-000502', ...input }, at(when));
    await expect(rec({})).rejects.toThrow('F4 records 质量 (--quality), 态度 (--attitude) and 收费 (--charge) when the resident is reached; missing: quality, attitude, charge');
    await expect(rec({ quality: '很好', attitude: '满意', charge: '收费无误' })).rejects.toThrow('--quality "很好" is not one of satisfied (满意), fair (基本满意), dissatisfied (不满意)');
    await expect(rec({ quality: '满意', attitude: '满意', charge: '偏贵' })).rejects.toThrow('--charge "偏贵" is not one of correct (收费无误), incorrect (收费有误)');
    // 电话/上门 are the document's words for the method (4.6.1).
    const f4 = await rec({ quality: '基本满意', attitude: '满意', charge: '收费有误', method: '上门' });
    expect(f4.record).toMatchObject({ rule: 'F4', method: 'visit', quality: 'fair', attitude: 'satisfied', charge: 'incorrect', role: 'desk supervisor' });
    await expect(rec({ item: 'WO-B', rule: 'F3', result: 'dissatisfied', quality: 'dissatisfied' })).rejects.toThrow('F3 records 质量 (--quality) and 态度 (--attitude) when the resident is reached; missing: attitude');
    const f3 = await rec({ item: 'WO-B', rule: 'F3', result: 'dissatisfied', quality: 'dissatisfied', attitude: 'fair', method: '电话' });
    expect(f3.record).toMatchObject({ method: 'phone', quality: 'dissatisfied', attitude: 'fair' });
    expect(f3.record.charge).toBeUndefined();
    // Not reached: nothing to rate.
    expect((await rec({ rule: 'F3', item: 'WO-A', result: 'unreachable' })).record).toMatchObject({ result: 'unreachable' });

    // F6: the director's quarterly sample (回访管理 三): recorded as the director's.
    await expect(rec({ rule: 'F6', item: '20261130-001', role: 'desk' })).rejects.toThrow('F6 is followed up by the director (回访管理 三); --role "desk" cannot record it');
    const f6 = await rec({ rule: 'F6', item: '20261130-001', by: '黄文涛', role: '主任' });
    expect(f6.record).toMatchObject({ rule: 'F6', by: '黄文涛', role: 'director' });

    const summary = await deskFollowupSummary(d.store, 'JY01', parseMonth('2026-12')!);
    expect(summary).toEqual({
      site: 'JY01',
      month: { id: '2026-12', from: '2026-12-01', to: '2026-12-31' },
      F3: { reached: 1, quality: { satisfied: 0, fair: 0, dissatisfied: 1 }, attitude: { satisfied: 0, fair: 1, dissatisfied: 0 } },
      F4: { reached: 1, quality: { satisfied: 0, fair: 1, dissatisfied: 0 }, attitude: { satisfied: 1, fair: 0, dissatisfied: 0 }, charge: { correct: 0, incorrect: 1 } },
      F6: { records: 1, by: ['黄文涛'] },
    });
  });
});

describe('F1: every complaint, a clear answer within 3 days', () => {
  it('F1: listed with its deadline 3 days after receipt, overdue after it, off the list once answered', async () => {
    const d = await deskSite('2026-11-30T10:00:00+08:00', async (engine) => {
      await engine.recordEntry(COMPLAINT, OPERATOR);
    });
    const onTime = await d.list('2026-12-03', '2026-12-03T10:00:00+08:00');
    expect(ofRule(onTime, 'F1').map((i) => [i.item, i.due, i.overdue, i.entry?.phone])).toEqual([['20261130-001', '2026-12-03T10:00:00.000+08:00', false, '13800000601']]);
    expect(ofRule(await d.list('2026-12-03', '2026-12-03T10:00:00.001+08:00'), 'F1')[0]!.overdue).toBe(true);
    await recordFollowup(d.store, 'JY01', { rule: 'F1', item: '20261130-001', result: 'unreachable', by: 'EMP-000301' }, at('2026-12-01T10:00:00+08:00'));
    expect(ofRule(await d.list('2026-12-01', '2026-12-01T11:00:00+08:00'), 'F1')[0]!.attempts).toHaveLength(1);
    await recordFollowup(d.store, 'JY01', { rule: 'F1', item: '20261130-001', result: 'satisfied', by: 'EMP-000301' }, at('2026-12-01T15:00:00+08:00'));
    expect(ofRule(await d.list('2026-12-01', '2026-12-01T16:00:00+08:00'), 'F1')).toEqual([]);
  });
});

describe('F2: every repair phoned back the day after; summarised monthly', () => {
  it('F2: a repair is on the list the day after it is completed (its order completed, or its entry closed), due by that day\'s end; not the day after it was logged', async () => {
    const d = await deskSite('2026-11-30T09:00:00+08:00', async (engine, clock) => {
      const closed = await repairAt(engine, clock, '2026-11-30T09:00:00+08:00', 'A');
      const ordered = await repairAt(engine, clock, '2026-11-30T09:10:00+08:00', 'B');
      await repairAt(engine, clock, '2026-11-30T09:20:00+08:00', 'C'); // never completed
      clock.set('2026-12-02T16:00:00+08:00');
      await engine.closeEntry(closed.id, '已修好', OPERATOR);
      await orderCompleted(engine, clock, '2026-12-03T11:00:00+08:00', 'JY01-20261130-001', ordered.id, 8000);
    });
    expect(keys(await d.list('2026-12-01', '2026-12-01T09:00:00+08:00'), 'F2')).toEqual([]);
    expect(keys(await d.list('2026-12-02', '2026-12-02T20:00:00+08:00'), 'F2')).toEqual([]);
    const dec3 = ofRule(await d.list('2026-12-03', '2026-12-03T09:00:00+08:00'), 'F2');
    expect(dec3.map((i) => [i.item, i.due, i.overdue, i.assignee])).toEqual([['20261130-001', '2026-12-03T23:59:59.999+08:00', false, 'desk']]);
    const dec4 = ofRule(await d.list('2026-12-04', '2026-12-04T09:00:00+08:00'), 'F2');
    expect(dec4.map((i) => [i.item, i.due, i.overdue])).toEqual([
      ['20261130-001', '2026-12-03T23:59:59.999+08:00', true],
      ['20261130-002', '2026-12-04T23:59:59.999+08:00', false],
    ]);
  });

  it('F2: the callback is by phone; a visit is recorded as such but does not satisfy F2', async () => {
    const d = await deskSite('2026-11-30T09:00:00+08:00', async (engine, clock) => {
      const r = await repairAt(engine, clock, '2026-11-30T09:00:00+08:00');
      clock.set('2026-11-30T15:00:00+08:00');
      await engine.closeEntry(r.id, '已修好', OPERATOR);
    });
    const visit = await recordFollowup(d.store, 'JY01', { rule: 'F2', item: '20261130-001', result: 'satisfied', method: 'visit', by: 'EMP-000501' }, at('2026-12-01T10:00:00+08:00'));
    expect(visit.record).toMatchObject({ rule: 'F2', method: 'visit', result: 'satisfied' });
    const still = ofRule(await d.list('2026-12-01', '2026-12-01T11:00:00+08:00'), 'F2');
    expect(still.map((i) => [i.item, i.visits])).toEqual([['20261130-001', [{ id: visit.record.id, at: '2026-12-01T10:00:00.000+08:00', by: 'EMP-000501' }]]]);
    await recordFollowup(d.store, 'JY01', { rule: 'F2', item: '20261130-001', result: 'satisfied', method: 'phone', by: 'EMP-000501' }, at('2026-12-01T11:00:00+08:00'));
    expect(keys(await d.list('2026-12-01', '2026-12-01T12:00:00+08:00'), 'F2')).toEqual([]);
    const s = await deskRepairSummary(d.store, 'JY01', parseMonth('2026-11')!, at('2026-12-02T09:00:00+08:00'));
    expect(s).toMatchObject({ repairs: 1, calledBack: 1, onTime: 1, visits: 1 });
  });

  it('F2: the month\'s summary for the director, counted by hand', async () => {
    const d = await deskSite('2026-11-29T09:00:00+08:00', async (engine, clock) => {
      const done = async (entry: Promise<{ id: string }>, when: string) => {
        const { id } = await entry;
        clock.set(when);
        await engine.closeEntry(id, '已修好', OPERATOR);
      };
      await done(repairAt(engine, clock, '2026-11-29T09:00:00+08:00', 'A'), '2026-11-29T15:00:00+08:00'); // called back 11-30: on time, satisfied
      await done(repairAt(engine, clock, '2026-11-29T16:00:00+08:00', 'B'), '2026-11-29T17:00:00+08:00'); // called back 12-01: late, dissatisfied
      await done(repairAt(engine, clock, '2026-11-30T09:00:00+08:00', 'C'), '2026-11-30T15:00:00+08:00'); // tried, never reached
      await done(repairAt(engine, clock, '2026-11-30T16:00:00+08:00', 'D'), '2026-11-30T17:00:00+08:00'); // not called
      await repairAt(engine, clock, '2026-11-30T18:00:00+08:00', 'E'); // not completed yet: owes no callback
      await repairAt(engine, clock, '2026-12-01T10:00:00+08:00', 'F'); // December: not counted
    });
    const rec = (item: string, result: 'satisfied' | 'dissatisfied' | 'unreachable', when: string) =>
      recordFollowup(d.store, 'JY01', { rule: 'F2', item, result, by: 'EMP-000301' }, at(when));
    await rec('20261129-001', 'satisfied', '2026-11-30T11:00:00+08:00');
    await rec('20261129-002', 'dissatisfied', '2026-12-01T11:00:00+08:00');
    await rec('20261130-001', 'unreachable', '2026-12-01T11:30:00+08:00');
    const s = await deskRepairSummary(d.store, 'JY01', parseMonth('2026-11')!, at('2026-12-02T09:00:00+08:00'));
    expect(s).toMatchObject({
      month: { id: '2026-11', from: '2026-11-01', to: '2026-11-30' },
      repairs: 5,
      notCompleted: 1,
      calledBack: 2,
      onTime: 1,
      late: 1,
      satisfied: 1,
      dissatisfied: 1,
      unreachableOnly: 1,
      notCalledBack: 1,
      visits: 0,
      rate: '50.0%',
      byDay: [
        { day: '2026-11-29', repairs: 2, calledBack: 2 },
        { day: '2026-11-30', repairs: 3, calledBack: 0 },
      ],
      owed: ['20261130-001', '20261130-002'],
    });
  });
});

describe('F5: every Monday, at least 30% of last week\'s repair notices', () => {
  it('F5: 10 repairs last week give 3 on Monday, for the maintenance supervisor, due that Monday', async () => {
    const d = await deskSite('2026-12-01T08:00:00+08:00', async (engine, clock) => {
      for (let n = 0; n < 10; n++) await repairAt(engine, clock, `2026-12-01T0${8 + Math.floor(n / 6)}:${String(n * 5).padStart(2, '0')}:00+08:00`);
    });
    const monday = await d.list('2026-12-07', '2026-12-07T08:00:00+08:00');
    const sample = monday.samples.find((s) => s.rule === 'F5')!;
    // printf '%s' 'JY01/F5/2026-W49:20261201-NNN' | sha256sum: 010 (1a99…), 005 (344d…), 004 (4c46…) are the smallest.
    expect([sample.seed, sample.population, sample.size, sample.drawn]).toEqual(['JY01/F5/2026-W49', 10, 3, ['20261201-004', '20261201-005', '20261201-010']]);
    expect(ofRule(monday, 'F5').map((i) => [i.item, i.due, i.assignee])).toEqual(
      ['20261201-004', '20261201-005', '20261201-010'].map((id) => [id, '2026-12-07T23:59:59.999+08:00', 'maintenance supervisor']),
    );
    expect(ofRule(await d.list('2026-12-08', '2026-12-08T08:00:00+08:00'), 'F5').every((i) => i.overdue)).toBe(true);
  });
});

describe('F6: each quarter, 20% of the quarter\'s repair records, for the director', () => {
  it('F6: the quarter ends at local midnight: 23:59:59.999 on 09-30 is Q3, 00:00 on 10-01 (16:00 UTC the day before) is Q4', async () => {
    const d = await deskSite('2026-07-01T09:00:00+08:00', async (engine, clock) => {
      for (const when of ['2026-07-01T09:00:00', '2026-08-15T09:00:00', '2026-09-01T09:00:00', '2026-09-30T10:00:00', '2026-09-30T23:00:00', '2026-09-30T23:59:59.999']) {
        await repairAt(engine, clock, `${when}+08:00`);
      }
      await repairAt(engine, clock, '2026-09-30T16:00:00.000Z');
    });
    const oct = await d.list('2026-10-01', '2026-10-01T09:00:00+08:00');
    const q3 = oct.samples.find((s) => s.rule === 'F6')!;
    // printf '%s' 'JY01/F6/2026-Q3:ID' | sha256sum: 20260815-001 (0133…) and 20260930-001 (54e7…) are the smallest.
    expect(q3).toMatchObject({ period: { id: '2026-Q3', from: '2026-07-01', to: '2026-09-30' }, seed: 'JY01/F6/2026-Q3', population: 6, size: 2, drawn: ['20260815-001', '20260930-001'], complete: true });
    expect(ofRule(oct, 'F6').map((i) => [i.item, i.due, i.assignee])).toEqual(
      ['20260815-001', '20260930-001'].map((id) => [id, '2026-12-31T23:59:59.999+08:00', 'director']),
    );
    const jan = await d.list('2027-01-04', '2027-01-04T09:00:00+08:00');
    expect(jan.samples.find((s) => s.rule === 'F6' && s.period.id === '2026-Q4')).toMatchObject({ population: 1, size: 1, drawn: ['20261001-001'] });
    // Q3's items were not followed up: still listed, now overdue.
    expect(ofRule(jan, 'F6').map((i) => [i.item, i.overdue])).toEqual([
      ['20260815-001', true],
      ['20260930-001', true],
      ['20261001-001', false],
    ]);
  });
});

describe('F7/F8: a problem found is fixed and followed up again until the resident is satisfied, and is a complaint', () => {
  it('F7/F8: dissatisfied opens a fix with a deadline and a complaint due in 3 days; again dissatisfied, another round; satisfied closes both', async () => {
    const d = await deskSite('2026-11-30T09:00:00+08:00', async (engine, clock) => {
      await repairAt(engine, clock, '2026-11-30T09:00:00+08:00');
    });
    const first = await recordFollowup(d.store, 'JY01', { rule: 'F2', item: '20261130-001', result: 'dissatisfied', by: 'EMP-000301', note: '还在漏水', fixDays: 2 }, at('2026-12-01T10:00:00+08:00'));
    expect(first.record).toMatchObject({ id: 'JY01-FU-0001', fixDeadline: '2026-12-03T10:00:00.000+08:00' });
    expect(first.case).toMatchObject({ id: 'JY01-FU-0001', rounds: 1, complaintDue: '2026-12-04T10:00:00.000+08:00', closedAt: null });
    let l = await d.list('2026-12-01', '2026-12-01T11:00:00+08:00');
    expect(keys(l, 'F2')).toEqual([]);
    expect(ofRule(l, 'F7').map((i) => [i.item, i.due, i.entry?.id])).toEqual([['JY01-FU-0001', '2026-12-03T10:00:00.000+08:00', '20261130-001']]);
    expect(ofRule(l, 'F1').map((i) => [i.item, i.due])).toEqual([['JY01-FU-0001', '2026-12-04T10:00:00.000+08:00']]);

    const second = await recordFollowup(d.store, 'JY01', { rule: 'F7', item: 'JY01-FU-0001', result: 'dissatisfied', by: 'EMP-000301', fixDays: 1 }, at('2026-12-03T11:00:00+08:00'));
    expect(second.case).toMatchObject({ rounds: 2, fixDeadline: '2026-12-04T11:00:00.000+08:00', closedAt: null });
    l = await d.list('2026-12-04', '2026-12-04T10:00:00.001+08:00');
    expect(ofRule(l, 'F7').map((i) => [i.due, i.overdue])).toEqual([['2026-12-04T11:00:00.000+08:00', false]]);
    expect(ofRule(l, 'F1').map((i) => i.overdue)).toEqual([true]); // the complaint ran out of its 3 days

    const third = await recordFollowup(d.store, 'JY01', { rule: 'F7', item: 'JY01-FU-0001', result: 'satisfied', by: 'EMP-000301' }, at('2026-12-04T12:00:00+08:00'));
    expect(third.case?.closedAt).toBe('2026-12-04T12:00:00.000+08:00');
    l = await d.list('2026-12-04', '2026-12-04T13:00:00+08:00');
    expect([keys(l, 'F1'), keys(l, 'F7')]).toEqual([[], []]);
    await expect(recordFollowup(d.store, 'JY01', { rule: 'F7', item: 'JY01-FU-0001', result: 'satisfied', by: 'x' }, at('2026-12-05T12:00:00+08:00'))).rejects.toThrow(
      'case JY01-FU-0001 was closed at 2026-12-04T12:00:00.000+08:00 (the resident was satisfied)',
    );
  });

  it('F7: a complaint\'s own follow-up found unsatisfied is worked as a fix, without a second complaint', async () => {
    const d = await deskSite('2026-11-30T10:00:00+08:00', async (engine) => {
      await engine.recordEntry(COMPLAINT, OPERATOR);
    });
    const r = await recordFollowup(d.store, 'JY01', { rule: 'F1', item: '20261130-001', result: 'dissatisfied', by: 'EMP-000301' }, at('2026-12-01T10:00:00+08:00'));
    expect(r.case).toMatchObject({ complaintDue: null, fixDeadline: '2026-12-04T10:00:00.000+08:00' });
    const l = await d.list('2026-12-01', '2026-12-01T11:00:00+08:00');
    expect([keys(l, 'F1'), keys(l, 'F7')]).toEqual([[], ['JY01-FU-0001']]);
    await expect(recordFollowup(d.store, 'JY01', { rule: 'F1', item: '20261130-001', result: 'satisfied', by: 'x' }, at('2026-12-02T10:00:00+08:00'))).rejects.toThrow(
      /F1 20261130-001 was already followed up \(JY01-FU-0001, dissatisfied/,
    );
  });
});

describe('R7: each quarter the consultations are summarised for the service-desk director', () => {
  it('R7: counted by month and channel, answered and open; the quarter in local days', async () => {
    const d = await deskSite('2026-09-30T23:59:00+08:00', async (engine, clock) => {
      await engine.recordEntry(QUESTION, OPERATOR); // Q3
      clock.set('2026-10-01T00:00:00+08:00');
      const a = await engine.recordEntry(QUESTION, OPERATOR);
      await engine.closeEntry(a.id, '已告知', OPERATOR);
      clock.set('2026-10-20T09:00:00+08:00');
      const b = await engine.recordEntry({ ...QUESTION, channel: 'walk-in', content: '装修需要什么手续' }, OPERATOR);
      await engine.closeEntry(b.id, '已发放装修须知', OPERATOR);
      clock.set('2026-11-05T09:00:00+08:00');
      await engine.recordEntry({ ...QUESTION, content: '快递柜在哪' }, OPERATOR);
      clock.set('2026-11-05T10:00:00+08:00');
      await engine.recordEntry(REPAIR, OPERATOR); // not a consultation
      clock.set('2027-01-01T00:00:00+08:00');
      await engine.recordEntry(QUESTION, OPERATOR); // Q1 2027
    });
    const s = await deskConsultationSummary(d.store, 'JY01', parseQuarter('2026-Q4')!, at('2027-01-02T09:00:00+08:00'));
    expect(s).toMatchObject({
      quarter: { id: '2026-Q4', from: '2026-10-01', to: '2026-12-31' },
      total: 3,
      byMonth: { '2026-10': 2, '2026-11': 1 },
      byChannel: { phone: 2, 'walk-in': 1 },
      answered: 2,
      open: 1,
      overdue: 1,
    });
    expect(s.items.map((i) => [i.id, i.status, i.result])).toEqual([
      ['20261001-001', 'closed', '已告知'],
      ['20261020-001', 'closed', '已发放装修须知'],
      ['20261105-001', 'open', null],
    ]);
  });
});

describe('F3, F4: the fields of a follow-up, as the pages send them', () => {
  it('a blank select is not given: an unreachable resident is recorded without ratings, a reached one still needs 质量 and 态度', () => {
    expect(checkFollowupFields('F3', false, { method: '', quality: '', attitude: '', charge: '' })).toMatchObject({ fields: { method: 'phone' } });
    expect(checkFollowupFields('F3', true, { quality: '满意', attitude: '基本满意', charge: '' })).toMatchObject({ fields: { quality: 'satisfied', attitude: 'fair' } });
    expect(checkFollowupFields('F3', true, { quality: '', attitude: '满意' })).toEqual({ problems: [expect.stringMatching(/missing: quality$/)] });
  });
});
