import { describe, expect, it } from 'vitest';
import { FakeBadgeReader } from '../../devices/badge/reader.js';
import type { HandoverView } from '../../src/engine/handover.js';
import { Refused } from '../../src/domain/refusal.js';
import { allClear, CLEAR_REPAIR, dutySite, IN, INACTIVE, OUT, SUPERVISOR, TECHNICIAN, UNCLEAR_REPAIR, UNKNOWN } from '../helpers/duty.js';

/** Day shift 08:00-20:00: 王建国 on duty since 07:50; the handover begins at 19:45. */
async function dayShift() {
  const site = await dutySite('2026-11-30T07:50:00+08:00');
  site.clock.set('2026-11-30T10:00:00+08:00');
  await site.engine.recordEntry(CLEAR_REPAIR, OUT);
  site.clock.set('2026-11-30T19:45:00+08:00');
  return site;
}

/** The day shift with an unclear entry recorded at 15:00; everything else clear; the incoming operator signs at 19:45. */
async function signedOverUnclear(entry: typeof UNCLEAR_REPAIR & { receivedAt?: string }) {
  const site = await dayShift();
  site.clock.set('2026-11-30T15:00:00+08:00');
  const recorded = await site.engine.recordEntry(entry, OUT);
  site.clock.set('2026-11-30T19:45:00+08:00');
  const session = site.engine.handover.begin(OUT);
  allClear(session);
  return { ...site, session, unclear: recorded, result: await session.sign(IN) };
}

/** Expects a Refused with this code (and nothing else). */
async function rejectsWith(p: Promise<unknown> | (() => unknown), code: string): Promise<Refused> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(Refused);
    expect((err as Refused).code).toBe(code);
    return err as Refused;
  }
  throw new Error(`expected a Refused ${code}, but it succeeded`);
}

describe('H4: the four refusals, computed from the register', () => {
  it('H4: with none of the four refusals, the incoming badge accepts and duty passes', async () => {
    const { engine, clock, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    allClear(session);
    expect(session.view().refusals).toEqual([]);
    clock.set('2026-11-30T19:55:00+08:00');
    const result = await session.sign(IN);
    expect(result.outcome).toBe('accepted');
    expect(engine.onDuty()).toMatchObject({ badge: IN, since: '2026-11-30T19:55:00.000+08:00' });
    expect(engine.handover.current()).toBeNull();
    const [accepted] = await events('handover.');
    expect(accepted).toMatchObject({
      kind: 'handover.accepted',
      actor: IN,
      at: '2026-11-30T19:55:00.000+08:00',
      data: { outgoing: { badge: OUT, role: 'operator' }, incoming: { badge: IN, role: 'operator' }, change: '2026-11-30T20:00:00.000+08:00', roomClean: true },
    });
    expect(accepted!.data.override).toBeUndefined();
  });

  it('H4, H1: a refused handover is not bypassed by signing off and badging on: the sign-off needs a supervisor and a reason, and the incoming badge signs nothing meanwhile', async () => {
    const { engine, clock, events } = await dayShift();
    clock.set('2026-11-30T15:00:00+08:00');
    await engine.recordEntry(UNCLEAR_REPAIR, OUT);
    clock.set('2026-11-30T19:45:00+08:00');
    const session = engine.handover.begin(OUT);
    allClear(session);
    expect((await session.sign(IN)).outcome).toBe('refused');
    await expect(engine.signOff(OUT)).rejects.toThrow(/staffed around the clock \(H1\)/);
    await engine.badgeScanned(IN, 'test');
    expect(engine.onDuty()!.badge).toBe(OUT);
    // The scan is the incoming operator's arrival (H5), nothing more.
    expect((await events('duty.')).map((e) => e.kind)).toEqual(['duty.signed-on', 'duty.arrived']);
  });

  it('H7: a handover cancelled while the incoming signature waits for the write decides nothing', async () => {
    const { engine, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    allClear(session);
    // Another write is under way: the signature queues behind it, and the session is cancelled meanwhile.
    const busy = engine.record([{ kind: 'note.test', actor: 'system', data: {} }]);
    const signing = session.sign(IN);
    // A turn of the event loop: the signature's checks have run and its write waits behind the other.
    await new Promise((r) => setImmediate(r));
    session.cancel();
    await busy;
    await rejectsWith(signing, 'handover-closed');
    expect(engine.onDuty()!.badge).toBe(OUT);
    expect(await events('handover.')).toEqual([]);
  });

  it('H4 a: an unclear entry recorded during the shift counts even when its received time is put before the shift', async () => {
    const { unclear: backdated, result } = await signedOverUnclear({ ...UNCLEAR_REPAIR, receivedAt: '2026-11-30 07:40' });
    expect(result.outcome).toBe('refused');
    if (result.outcome !== 'refused') return;
    expect(result.refusals).toMatchObject([{ code: 'unclear-entries', entries: [{ id: backdated.id }] }]);
  });

  it('H4 a: an unclear register entry of the shift alone refuses, naming it and its missing fields; the outgoing operator stays on duty', async () => {
    const { engine, events, session, unclear, result } = await signedOverUnclear(UNCLEAR_REPAIR);
    expect(result.outcome).toBe('refused');
    if (result.outcome !== 'refused') return;
    expect(result.refusals).toHaveLength(1);
    expect(result.refusals[0]).toMatchObject({ code: 'unclear-entries', rule: 'H4a', entries: [{ id: unclear.id, unclear: ['resident', 'phone', 'appointmentAt'] }] });
    expect(result.refusals[0]!.text).toContain(`${unclear.id} (missing resident, phone, appointmentAt)`);
    expect(engine.onDuty()!.badge).toBe(OUT);
    expect((await events('handover.')).map((e) => [e.kind, e.actor])).toEqual([['handover.refused', IN]]);
    // Resolved: the entry completed, the same session accepts.
    await engine.amendEntry(unclear.id, { resident: '刘芳', phone: '13900000301', appointmentAt: '2026-12-01 09:00' }, '回电补全', OUT);
    expect((await session.sign(IN)).outcome).toBe('accepted');
    expect((await events('handover.')).map((e) => e.kind)).toEqual(['handover.refused', 'handover.accepted']);
  });

  it('H4 a: an unclear entry of an earlier shift (before the outgoing operator took duty) is not this shift\'s', async () => {
    const { engine, clock } = await dutySite('2026-11-29T15:00:00+08:00', { onDuty: null });
    await engine.recordEntry(UNCLEAR_REPAIR, IN);
    clock.set('2026-11-30T07:50:00+08:00');
    await engine.signOn(OUT);
    clock.set('2026-11-30T19:45:00+08:00');
    const session = engine.handover.begin(OUT);
    allClear(session);
    expect(session.view().unclear).toEqual([]);
    expect((await session.sign(IN)).outcome).toBe('accepted');
  });

  it('H4 b: the room not confirmed clean alone refuses; confirmed not clean says so', async () => {
    const { engine } = await dayShift();
    const session = engine.handover.begin(OUT);
    for (const line of session.view().checklist) session.checkItem(line.item, 'present');
    const first = await session.sign(IN);
    expect(first.outcome === 'refused' && first.refusals).toEqual([{ code: 'room-not-clean', rule: 'H4b', confirmed: null, text: 'the room has not been confirmed clean' }]);
    session.confirmRoomClean(false);
    const second = await session.sign(IN);
    expect(second.outcome === 'refused' && second.refusals).toEqual([{ code: 'room-not-clean', rule: 'H4b', confirmed: false, text: 'the room is not clean' }]);
    session.confirmRoomClean(true);
    expect((await session.sign(IN)).outcome).toBe('accepted');
  });

  it('H4 c / H6: a missing item refuses even when explained, until it is found; damage explained is accepted; the explanation is kept', async () => {
    const { engine, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    allClear(session);
    session.checkItem('对讲机', 'missing');
    const unexplained = await session.sign(IN);
    expect(unexplained.outcome === 'refused' && unexplained.refusals).toEqual([
      { code: 'items', rule: 'H4c', text: 'items: 对讲机 missing with no explanation', items: [{ item: '对讲机', state: 'missing', explained: false }] },
    ]);
    // 公物缺失不接: explained, the loss still refuses; explained damage does not.
    session.checkItem('对讲机', 'missing', '  借给保安队巡逻, 明早归还  ');
    session.checkItem('饮水机', 'damaged', '出水口漏水, 已报工程部');
    const explained = await session.sign(IN);
    expect(explained.outcome === 'refused' && explained.refusals).toEqual([
      {
        code: 'items',
        rule: 'H4c',
        text: 'items: 对讲机 missing (a missing item is not accepted until it is found, or a supervisor overrides with a reason)',
        items: [{ item: '对讲机', state: 'missing', explained: true }],
      },
    ]);
    // Found: present again, the outgoing operator's explanation kept.
    session.checkItem('对讲机', 'present');
    expect((await session.sign(IN)).outcome).toBe('accepted');
    const accepted = (await events('handover.accepted'))[0]!;
    expect(accepted.data.checklist).toEqual(
      expect.arrayContaining([
        { item: '对讲机', state: 'present', explanation: '借给保安队巡逻, 明早归还' },
        { item: '饮水机', state: 'damaged', explanation: '出水口漏水, 已报工程部' },
        { item: '电话', state: 'present', explanation: null },
      ]),
    );
  });

  it('H4 c: a missing item explained is accepted only over a supervisor\'s override with a reason; the explanation and the override are recorded', async () => {
    const { engine, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    allClear(session);
    session.checkItem('手电筒', 'missing', '昨晚巡逻遗失, 已报保安队');
    expect((await session.sign(IN)).outcome).toBe('refused');
    expect(await session.override(SUPERVISOR, '手电筒明早补领, 不影响值班')).toMatchObject({ outcome: 'accepted', overridden: true });
    const accepted = (await events('handover.accepted'))[0]!;
    expect((accepted.data.checklist as { item: string }[]).find((i) => i.item === '手电筒')).toEqual({ item: '手电筒', state: 'missing', explanation: '昨晚巡逻遗失, 已报保安队' });
    expect(accepted.data.override).toMatchObject({ badge: SUPERVISOR, reason: '手电筒明早补领, 不影响值班', refusals: [{ code: 'items', items: [{ item: '手电筒', state: 'missing', explained: true }] }] });
  });

  it('H4 c / H6: items not yet checked refuse too, and damage without explanation', async () => {
    const { engine } = await dayShift();
    const session = engine.handover.begin(OUT);
    session.confirmRoomClean(true);
    session.checkItem('电话', 'damaged');
    const result = await session.sign(IN);
    expect(result.outcome).toBe('refused');
    if (result.outcome !== 'refused') return;
    expect(result.refusals.map((r) => r.code)).toEqual(['items']);
    expect(result.refusals[0]).toMatchObject({
      items: [
        { item: '电话', state: 'damaged', explained: false },
        { item: '电脑', state: 'unchecked' },
        { item: '饮水机', state: 'unchecked' },
        { item: '对讲机', state: 'unchecked' },
        { item: '钥匙柜钥匙', state: 'unchecked' },
        { item: '手电筒', state: 'unchecked' },
      ],
    });
    expect(() => session.checkItem('保险柜', 'present')).toThrow(/"保险柜" is not on the inventory checklist \(电话, 电脑/);
  });

  it('H4 d: an open major repair alone refuses, naming the order; once completed the handover is accepted', async () => {
    const { engine, majorRepairs } = await dayShift();
    majorRepairs.push({ orderNo: 'JY01-20261130-003', entryId: '20261130-001', address: '嘉园3栋1单元1202室', since: '2026-11-30T10:05:00.000+08:00' });
    const session = engine.handover.begin(OUT);
    allClear(session);
    expect(session.view().majorRepairs).toHaveLength(1);
    const result = await session.sign(IN);
    expect(result.outcome === 'refused' && result.refusals).toEqual([
      {
        code: 'major-repairs',
        rule: 'H4d',
        text: 'major repairs unfinished: order JY01-20261130-003 at 嘉园3栋1单元1202室 since 2026-11-30T10:05:00.000+08:00',
        orders: majorRepairs,
      },
    ]);
    majorRepairs.length = 0;
    expect((await session.sign(IN)).outcome).toBe('accepted');
  });

  it('H4: all four at once are all listed, in the order of the rule', async () => {
    const { engine, majorRepairs, events } = await dayShift();
    await engine.recordEntry(UNCLEAR_REPAIR, OUT);
    majorRepairs.push({ orderNo: 'W-1', entryId: '20261130-001', address: 'A', since: '2026-11-30T10:05:00.000+08:00' });
    const session = engine.handover.begin(OUT);
    const result = await session.sign(IN);
    expect(result.outcome === 'refused' && result.refusals.map((r) => r.rule)).toEqual(['H4a', 'H4b', 'H4c', 'H4d']);
    const refused = (await events('handover.refused'))[0]!;
    expect((refused.data.reasons as { rule: string }[]).map((r) => r.rule)).toEqual(['H4a', 'H4b', 'H4c', 'H4d']);
    expect(engine.onDuty()!.badge).toBe(OUT);
  });
});

describe('H4: a supervisor may override a refusal, with a written reason', () => {
  async function refusedForAnItem() {
    const site = await dayShift();
    const session = site.engine.handover.begin(OUT);
    allClear(session);
    session.checkItem('手电筒', 'missing');
    expect((await session.sign(IN)).outcome).toBe('refused');
    return { ...site, session };
  }

  it('H4: an operator\'s badge cannot override; nothing is recorded', async () => {
    const { session, events } = await refusedForAnItem();
    const err = await rejectsWith(session.override('EMP-000103', '我同意'), 'not-supervisor');
    expect(err.message).toContain('only a supervisor or above can override');
    await rejectsWith(session.override(TECHNICIAN, '我同意'), 'not-supervisor');
    expect((await events('handover.')).map((e) => e.kind)).toEqual(['handover.refused']);
  });

  it('H4: a supervisor\'s badge without a reason cannot override', async () => {
    const { session, events } = await refusedForAnItem();
    await rejectsWith(session.override(SUPERVISOR, '   '), 'no-reason');
    expect((await events('handover.')).map((e) => e.kind)).toEqual(['handover.refused']);
  });

  it('H4: a supervisor\'s badge with a reason accepts; the override, its reason and the refusals it overrode are recorded', async () => {
    const { engine, session, events } = await refusedForAnItem();
    const result = await session.override(SUPERVISOR, '手电筒在维修, 已安排明早补领');
    expect(result).toMatchObject({ outcome: 'accepted', overridden: true });
    expect(engine.onDuty()!.badge).toBe(IN);
    const accepted = (await events('handover.accepted'))[0]!;
    expect(accepted.actor).toBe(IN);
    expect(accepted.data.override).toMatchObject({ badge: SUPERVISOR, role: 'supervisor', reason: '手电筒在维修, 已安排明早补领', refusals: [{ code: 'items' }] });
  });

  it('H4: the override comes after the incoming operator has badged; a scan routes to it once a reason is given', async () => {
    const site = await dayShift();
    const session = site.engine.handover.begin(OUT);
    await rejectsWith(session.override(SUPERVISOR, '理由'), 'no-incoming');
    await rejectsWith(() => session.expectOverride('理由'), 'no-incoming');
    expect((await session.scan(IN)).outcome).toBe('refused');
    session.expectOverride('交班人突发急病送医, 由主管确认交接');
    expect(session.view().awaitingOverride).toEqual({ reason: '交班人突发急病送医, 由主管确认交接' });
    const result = await session.scan(SUPERVISOR);
    expect(result).toMatchObject({ outcome: 'accepted', overridden: true });
    expect(site.engine.onDuty()!.badge).toBe(IN);
  });
});

describe('H2/H7: both sides sign with their own badge', () => {
  it('H7: the same badge cannot sign both sides; nothing is recorded', async () => {
    const { engine, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    allClear(session);
    const err = await rejectsWith(session.sign(OUT), 'same-badge');
    expect(err.message).toMatch(/the same badge cannot sign both sides/);
    expect(await events('handover.')).toEqual([]);
    expect(engine.onDuty()!.badge).toBe(OUT);
  });

  it('H2: an unknown badge signs nothing, directly or scanned on a reader; an inactive one neither', async () => {
    const { engine, events } = await dayShift();
    const reader = new FakeBadgeReader('serial:/dev/ttyACM0');
    engine.attachBadgeReader(reader);
    const session = engine.handover.begin(OUT);
    allClear(session);
    // What a console does: scans on the handover screen go to the session.
    const outcomes: string[] = [];
    engine.bus.on('badge', (person) => void session.scan(person.badge).then((r) => outcomes.push(r.outcome)));
    reader.scan(UNKNOWN);
    await new Promise((r) => setImmediate(r));
    await engine.record([]);
    await rejectsWith(session.sign(UNKNOWN), 'unknown-badge');
    await rejectsWith(session.sign(INACTIVE), 'inactive-badge');
    expect(outcomes).toEqual([]);
    expect(await events('handover.')).toEqual([]);
    expect((await events('badge.refused')).map((e) => e.data.reason)).toEqual(['not on the roster']);
    expect(engine.onDuty()!.badge).toBe(OUT);
    expect(session.open).toBe(true);
  });

  it('H1: a technician cannot take the shift; only the person on duty can begin a handover', async () => {
    const { engine } = await dayShift();
    await rejectsWith(() => engine.handover.begin(IN), 'not-on-duty');
    await rejectsWith(() => engine.handover.begin(UNKNOWN), 'unknown-badge');
    const session = engine.handover.begin(OUT);
    expect(engine.handover.begin(OUT)).toBe(session);
    allClear(session);
    await rejectsWith(session.sign(TECHNICIAN), 'not-duty-role');
  });

  it('H1: with nobody on duty there is nothing to hand over', async () => {
    const { engine } = await dutySite('2026-11-30T19:45:00+08:00', { onDuty: null });
    await rejectsWith(() => engine.handover.begin(OUT), 'nobody-on-duty');
  });

  it('H7: the pending matters are recorded; the incoming duty starts only with the accepted handover', async () => {
    const { engine, clock, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    allClear(session);
    session.setPending(['3栋1202 明早10点维修, 需提醒工程部', '', '  南门岗道闸时好时坏  ']);
    clock.set('2026-11-30T19:58:00+08:00');
    expect(engine.onDuty()!.badge).toBe(OUT);
    await session.sign(IN);
    const accepted = (await events('handover.accepted'))[0]!;
    expect(accepted.data.pending).toEqual(['3栋1202 明早10点维修, 需提醒工程部', '南门岗道闸时好时坏']);
    expect(engine.onDuty()).toMatchObject({ badge: IN, name: '李秀英', since: '2026-11-30T19:58:00.000+08:00' });
    // The new holder hands over next; the old one no longer can.
    await rejectsWith(() => engine.handover.begin(OUT), 'not-on-duty');
  });

  it('H6/H7: typed text is kept to what a form line holds', async () => {
    const { engine } = await dayShift();
    const session = engine.handover.begin(OUT);
    expect(() => session.checkItem('电话', 'damaged', 'x'.repeat(501))).toThrow(/the explanation of 电话 is 501 characters; at most 500/);
    expect(() => session.setPending(Array.from({ length: 31 }, (_, i) => `事项${i}`))).toThrow(/31 pending matters; at most 30/);
    expect(() => session.checkItem('电话', 'broken' as never)).toThrow(/item state "broken" is not one of present, damaged, missing/);
    expect(session.view().checklist[0]).toEqual({ item: '电话', state: null, explanation: null });
  });

  it('H7: two scans of the incoming badge at once: one acceptance, the second told it is done', async () => {
    const { engine, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    allClear(session);
    const [a, b] = await Promise.allSettled([session.sign(IN), session.sign(IN)]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { outcome: 'accepted' } });
    expect(b.status).toBe('rejected');
    expect((b as PromiseRejectedResult).reason).toMatchObject({ code: 'handover-closed' });
    expect(await events('handover.')).toHaveLength(1);
  });

  it('the console hears the session change and duty pass on the bus', async () => {
    const { engine } = await dayShift();
    const heard: string[] = [];
    engine.bus.on('handover-changed', (v: HandoverView | null) => heard.push(v ? `view ${v.refusals.map((r) => r.code).join(',') || 'clear'}` : 'closed'));
    engine.bus.on('duty-changed', (d) => heard.push(`duty ${d?.badge}`));
    const session = engine.handover.begin(OUT);
    session.confirmRoomClean(true);
    await session.sign(IN);
    expect(heard).toEqual(['view room-not-clean,items', 'view items', 'view items']);
    for (const line of session.view().checklist) session.checkItem(line.item, 'present');
    expect(heard.at(-1)).toBe('view clear');
    heard.length = 0;
    await session.sign(IN);
    expect(heard).toEqual([`duty ${IN}`, 'closed']);
  });

  it('a session ends by itself when its outgoing operator signs off; a cancelled one records nothing', async () => {
    const { engine, events } = await dayShift();
    const session = engine.handover.begin(OUT);
    session.cancel();
    expect(engine.handover.current()).toBeNull();
    await rejectsWith(session.sign(IN), 'handover-closed');
    const again = engine.handover.begin(OUT);
    await engine.signOff(OUT, { supervisor: SUPERVISOR, reason: '交班人突发疾病' });
    expect(engine.handover.current()).toBeNull();
    expect(again.open).toBe(false);
    expect(await events('handover.')).toEqual([]);
  });
});

describe('H6, H7: the handover remembers the last one', () => {
  it('H6: the next handover starts from the last one\'s items: damage stays with its explanation until recorded repaired, a loss stays and refuses (H4 c) until found or overridden; what was present is checked afresh, every unchecked item present at once; also after a restart', async () => {
    const { engine, clock, events, restart } = await dayShift();
    const first = engine.handover.begin(OUT);
    expect(first.view().previous).toBeNull();
    allClear(first);
    first.checkItem('手电筒', 'damaged', '灯泡坏了, 已报修');
    first.checkItem('对讲机', 'missing', '借给保安队巡逻');
    expect((await first.sign(IN)).outcome).toBe('refused');
    expect((await first.override(SUPERVISOR, '对讲机明早归还'))).toMatchObject({ outcome: 'accepted' });
    const [accepted] = await events('handover.accepted');

    clock.set('2026-12-01T07:50:00+08:00');
    const second = (await restart()).handover.begin(IN);
    const view = second.view();
    expect(view.previous).toMatchObject({ seq: accepted!.seq, at: accepted!.at });
    expect(view.checklist).toEqual([
      { item: '电话', state: null, explanation: null },
      { item: '电脑', state: null, explanation: null },
      { item: '饮水机', state: null, explanation: null },
      { item: '对讲机', state: 'missing', explanation: '借给保安队巡逻' },
      { item: '钥匙柜钥匙', state: null, explanation: null },
      { item: '手电筒', state: 'damaged', explanation: '灯泡坏了, 已报修' },
    ]);
    second.confirmRoomClean(true);
    second.checkAllPresent();
    expect(second.view().checklist.map((i) => i.state)).toEqual(['present', 'present', 'present', 'missing', 'present', 'damaged']);
    // H4 c: the loss handed on still refuses; the damage, explained, does not.
    expect(second.view().refusals).toEqual([expect.objectContaining({ code: 'items', items: [{ item: '对讲机', state: 'missing', explained: true }] })]);
    // Found: present again, the explanation of its loss kept.
    second.checkItem('对讲机', 'present');
    expect((await second.sign(OUT)).outcome).toBe('accepted');
    const [, again] = await events('handover.accepted');
    expect(again!.data.checklist).toEqual(
      expect.arrayContaining([
        { item: '对讲机', state: 'present', explanation: '借给保安队巡逻' },
        { item: '手电筒', state: 'damaged', explanation: '灯泡坏了, 已报修' },
      ]),
    );
    expect(again!.data.previous).toEqual({ seq: accepted!.seq, at: accepted!.at });

    // The damage is still carried until someone records the torch repaired (present).
    clock.set('2026-12-01T19:50:00+08:00');
    const third = (await restart()).handover.begin(OUT);
    expect(third.view().checklist.find((i) => i.item === '手电筒')).toEqual({ item: '手电筒', state: 'damaged', explanation: '灯泡坏了, 已报修' });
    expect(third.view().checklist.find((i) => i.item === '对讲机')).toEqual({ item: '对讲机', state: null, explanation: null });
  });

  it('H7: the pending matters handed on come back, each marked done or carried again with the new ones; the record says which', async () => {
    const { engine, clock, events } = await dayShift();
    const first = engine.handover.begin(OUT);
    allClear(first);
    first.setPending(['3栋电梯异响, 已报工程部', '1202 明早10点维修']);
    await first.sign(IN);

    clock.set('2026-12-01T07:50:00+08:00');
    const second = engine.handover.begin(IN);
    expect(second.view().carried).toEqual([
      { matter: '3栋电梯异响, 已报工程部', done: false },
      { matter: '1202 明早10点维修', done: false },
    ]);
    allClear(second);
    second.markCarried(0, true);
    second.setPending(['南门道闸时好时坏']);
    expect(() => second.markCarried(2, true)).toThrow(/no pending matter 3 from the last handover \(2 were handed on\)/);
    expect((await second.sign(OUT)).outcome).toBe('accepted');
    const [, accepted] = await events('handover.accepted');
    expect(accepted!.data).toMatchObject({
      pending: ['1202 明早10点维修', '南门道闸时好时坏'],
      pendingCarried: ['1202 明早10点维修'],
      pendingDone: ['3栋电梯异响, 已报工程部'],
    });
    // The next handover carries what this one handed on.
    clock.set('2026-12-01T19:50:00+08:00');
    expect(engine.handover.begin(OUT).view().carried.map((c) => c.matter)).toEqual(['1202 明早10点维修', '南门道闸时好时坏']);
    // The duty log says it.
    const [, night] = (await engine.shift.log('2026-11-30')).shifts;
    expect(night!.handovers[0]).toMatchObject({ pendingCarried: ['1202 明早10点维修'], pendingDone: ['3栋电梯异响, 已报工程部'] });
  });

  it('H7: the pending matters carried again count against the limit with the new ones', async () => {
    const { engine, clock } = await dayShift();
    const first = engine.handover.begin(OUT);
    allClear(first);
    first.setPending(Array.from({ length: 20 }, (_, i) => `事项${i}`));
    await first.sign(IN);
    clock.set('2026-12-01T07:50:00+08:00');
    const second = engine.handover.begin(IN);
    expect(() => second.setPending(Array.from({ length: 11 }, (_, i) => `新事项${i}`))).toThrow(/31 pending matters; at most 30/);
    second.markCarried(0, true);
    expect(second.setPending(Array.from({ length: 11 }, (_, i) => `新事项${i}`)).pending).toHaveLength(11);
  });
});
