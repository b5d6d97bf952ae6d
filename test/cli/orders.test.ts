import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { ordersListing } from '../../src/projections/orders-read.js';
import { FakeClock } from '../../src/time/clock.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';
import { makeSite, runCli } from '../helpers/site.js';

const TECH = 'EMP-000401';

/**
 * A site with orders on two days: on 11-29 one completed late and signed (cash taken by the technician) and one still
 * open and escalated (major); on 11-30 a cleaning order just created.
 */
async function siteWithOrders() {
  const site = makeSite();
  const clock = new FakeClock('2026-11-29T09:00:00+08:00');
  const engine = await Engine.start(site.config, { clock });
  const a = await engine.orders.create((await engine.recordEntry(REPAIR, OPERATOR)).id, {}, OPERATOR);
  await engine.orders.dispatch(a.orderNo, { technician: TECH }, OPERATOR);
  await engine.orders.price(a.orderNo, [{ code: 'L004', quantity: '1' }, { code: 'L003', quantity: '1' }, { code: 'M012', quantity: '1' }], OPERATOR);
  await engine.orders.agree(a.orderNo, 20000, OPERATOR);
  await engine.orders.start(a.orderNo, TECH);
  await engine.orders.recordCash(a.orderNo, { amountFen: 20000 }, OPERATOR);
  clock.advance(3 * 3600_000);
  await engine.orders.complete(a.orderNo, TECH);
  await engine.orders.sign(a.orderNo, TECH);
  const b = await engine.orders.create((await engine.recordEntry({ ...REPAIR, content: '主水管漏水' }, OPERATOR)).id, { major: true }, OPERATOR);
  await engine.orders.dispatch(b.orderNo, { technician: TECH }, OPERATOR);
  await engine.orders.escalate(b.orderNo, { to: 'EMP-000203', reason: '需停水', residentTold: true }, TECH);
  clock.set('2026-11-30T10:00:00+08:00');
  const c = await engine.orders.create((await engine.recordEntry({ ...REPAIR, category: 'request', content: '家政保洁' }, OPERATOR)).id, { kind: 'cleaning' }, OPERATOR);
  await engine.stop();
  return { ...site, a: a.orderNo, b: b.orderNo, c: c.orderNo };
}

describe('control-room orders', () => {
  it('--date D --json gives that day\'s orders as they stand, with totals in integer fen and the flags', async () => {
    const { configFile, a, b } = await siteWithOrders();
    const r = await runCli(['orders', '--config', configFile, '--date', '2026-11-29', '--json']);
    expect(r.code).toBe(0);
    const orders = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(orders.map((o) => o.orderNo)).toEqual([a, b]);
    expect(orders[0]).toMatchObject({
      orderNo: 'JY01-20261129-001',
      entryId: '20261129-001',
      state: 'signed',
      totalFen: 20000,
      late: true,
      paymentMethod: 'bank-collection',
      cashViolation: true,
      startedAt: '2026-11-29T09:00:00.000+08:00',
      completedAt: '2026-11-29T12:00:00.000+08:00',
      phone: '13900001202',
    });
    expect(orders[1]).toMatchObject({ state: 'dispatched', major: true, escalated: true, late: false, totalFen: null });
  });

  it('without --date: every open order (also from earlier days) and today\'s', async () => {
    const { configFile, b, c } = await siteWithOrders();
    // The CLI stands at the real date, whatever it is: b and c are open, a is signed and so off the list.
    const r = await runCli(['orders', '--config', configFile, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { orderNo: string }[]).map((o) => o.orderNo)).toEqual([b, c]);
  });

  it('the listing on a given day: the open orders, and that day\'s closed ones too', async () => {
    const site = await siteWithOrders();
    const onThe29th = await ordersListing(site.config, undefined, Date.parse('2026-11-29T20:00:00+08:00'));
    expect(onThe29th.map((o) => [o.orderNo, o.state])).toEqual([
      [site.a, 'signed'],
      [site.b, 'dispatched'],
      [site.c, 'created'],
    ]);
    const onThe30th = await ordersListing(site.config, undefined, Date.parse('2026-11-30T20:00:00+08:00'));
    expect(onThe30th.map((o) => o.orderNo)).toEqual([site.b, site.c]);
  });

  it('the table is Chinese by default with the marks, English with --lang en; the register shows the order number', async () => {
    const { configFile } = await siteWithOrders();
    const zh = await runCli(['orders', '--config', configFile, '--date', '2026-11-29']);
    expect(zh.stdout).toContain('《有偿服务单》 2026-11-29');
    expect(zh.stdout).toMatch(/JY01-20261129-001 .*200\.00\s+已签字.*超时 现金违规/);
    expect(zh.stdout).toMatch(/JY01-20261129-002 .*已派工.*重大 已升级/);
    const en = await runCli(['orders', '--config', configFile, '--date', '2026-11-29', '--lang', 'en']);
    expect(en.stdout).toMatch(/JY01-20261129-001 .*200\.00\s+signed.*LATE CASH \(W6\)/);
    const reg = JSON.parse((await runCli(['register', '--config', configFile, '--date', '2026-11-29', '--json'])).stdout) as { orderNo: string | null }[];
    expect(reg.map((e) => e.orderNo)).toEqual(['JY01-20261129-001', 'JY01-20261129-002']);
  });

  it('orders print writes the four-copy PDF, or the receipt text', async () => {
    const { configFile, a } = await siteWithOrders();
    const file = join(mkdtempSync(join(tmpdir(), 'cr-print-')), 'order.pdf');
    const pdf = await runCli(['orders', 'print', a, '--config', configFile, '--pdf', file, '--paper', 'a5']);
    expect(pdf.code).toBe(0);
    expect(pdf.stderr).toContain(`order ${a}: four copies (第一联-第四联), A5, written to ${file}`);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const copy of ['第一联', '第二联', '第三联', '第四联']) expect(text).toContain(copy);
    expect(text).toContain('贰佰元整');
    const receipt = await runCli(['orders', 'print', a, '--config', configFile, '--text', '--width', '32']);
    expect(receipt.code).toBe(0);
    expect(receipt.stdout).toContain('第三联 · 服务中心·收费依据');
    expect(receipt.stdout).toContain('(违规 W6)');
  });

  it('--data DIR works on the register the demo kept (the example estate), as --config does', async () => {
    const { config, a } = await siteWithOrders();
    const file = join(mkdtempSync(join(tmpdir(), 'cr-print-')), 'demo.pdf');
    const pdf = await runCli(['orders', 'print', a, '--data', config.dataDir, '--pdf', file]);
    expect(pdf.stderr).toContain(`order ${a}: four copies (第一联-第四联), A4, written to ${file}`);
    expect(pdf.code).toBe(0);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('贰佰元整');
    const list = await runCli(['orders', '--data', config.dataDir, '--date', '2026-11-29', '--json']);
    expect((JSON.parse(list.stdout) as { orderNo: string }[]).map((o) => o.orderNo)).toEqual([a, 'JY01-20261129-002']);
    expect((await runCli(['shift', '--data', config.dataDir, '--date', '2026-11-29'])).code).toBe(0);
    const both = await runCli(['orders', '--config', 'c.json', '--data', config.dataDir]);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('give --config FILE or --data DIR')]);
    const neither = await runCli(['orders', 'print', a, '--pdf', file]);
    expect([neither.code, neither.stderr]).toEqual([2, expect.stringContaining('--config FILE is required (e.g. --config examples/config.json), or --data DIR')]);
    const notThere = await runCli(['orders', '--data', '/nonexistent/demo']);
    expect([notThere.code, notThere.stderr]).toEqual([2, expect.stringContaining('--data /nonexistent/demo is not a folder')]);
  });

  it('bad input exits 2 and says what to do', async () => {
    const { configFile, a } = await siteWithOrders();
    const cases: [string[], RegExp][] = [
      [['orders', 'print', a, '--config', configFile], /needs one of --pdf FILE .* and --text/],
      [['orders', 'print', a, '--config', configFile, '--pdf', 'x.pdf', '--text'], /needs one of --pdf FILE/],
      [['orders', 'print', '--config', configFile, '--text'], /needs the order number/],
      [['orders', 'print', 'JY01-20261129-099', '--config', configFile, '--text'], /there is no order JY01-20261129-099/],
      [['orders', 'print', a, '--config', configFile, '--pdf', 'x.pdf', '--paper', 'B5'], /--paper "B5" is not A4 or A5/],
      [['orders', 'print', a, '--config', configFile, '--text', '--width', '8'], /--width "8" is not a number of columns from 24 to 200/],
      [['orders', 'show', a, '--config', configFile], /"show" is not an orders action/],
      [['orders', '--config', configFile, '--date', '29.11.2026'], /--date "29.11.2026" is not a date/],
      [['orders', '--config', configFile, '--lang', 'fr'], /--lang "fr" is not zh or en/],
      [['orders', '--config', configFile, '--pdf', 'x.pdf'], /--pdf and --text print one order/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync('x.pdf')).toBe(false);
    const unwritable = await runCli(['orders', 'print', a, '--config', configFile, '--pdf', '/nonexistent/dir/o.pdf']);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/cannot write \/nonexistent\/dir\/o\.pdf: .*choose a folder you can write to/);
  });
});
