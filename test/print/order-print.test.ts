import { execFileSync } from 'node:child_process';
import { nameOnRoster } from '../../src/config/roster-names.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import type { OrderView } from '../../src/projections/orders.js';
import { ORDER_COPIES } from '../../src/print/copies.js';
import { orderForm } from '../../src/print/order-form.js';
import { renderOrderPdf, type Paper } from '../../src/print/order-pdf.js';
import { renderOrderReceipt, wrap } from '../../src/print/order-receipt.js';
import { PrintFailed, printOrder } from '../../src/print/order-printer.js';
import { engineAt } from '../helpers/engine.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';

const TECH = 'EMP-000401';

/** A finished, signed order with materials, labour and an awkward quantity: 80.00 + 21.25 + 0.75 + 2.40 = 104.40. */
async function signedOrder(): Promise<{ siteName: string; order: OrderView }> {
  const { engine, clock, config } = await engineAt('2026-11-30T09:00:00+08:00');
  const entry = await engine.recordEntry(REPAIR, OPERATOR);
  const o = await engine.orders.create(entry.id, { major: true }, OPERATOR);
  await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
  const lines = [
    { code: 'L003', quantity: '1' },
    { code: 'M003', quantity: '2.5' },
    { code: 'M005', quantity: '0.5' },
    { code: 'M015', quantity: '12' },
  ];
  const priced = await engine.orders.price(o.orderNo, lines, OPERATOR);
  await engine.orders.agree(o.orderNo, priced.totalFen!, OPERATOR);
  await engine.orders.drawMaterials(o.orderNo, [{ code: 'M003', quantity: '2.5' }], TECH);
  await engine.orders.start(o.orderNo, TECH);
  clock.advance(50 * 60_000);
  await engine.orders.complete(o.orderNo, TECH);
  return { siteName: config.site.name, order: await engine.orders.sign(o.orderNo, TECH) };
}

function pdfText(file: string, page: number): string {
  return execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
}

/** Dark pixels of each page rendered by pdftoppm as 8-bit grey images (PGM): proof that it draws. */
function renderedInk(file: string, dir: string): number[] {
  execFileSync('pdftoppm', ['-r', '40', '-gray', file, join(dir, 'page')]);
  return readdirSync(dir)
    .filter((f) => f.startsWith('page') && f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      // P5 header: magic, width, height, maxval, each followed by white space; pixels after.
      const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
      const pixels = bytes.subarray(header[0].length);
      expect(pixels.length).toBe(Number(header[1]) * Number(header[2]));
      return pixels.filter((p) => p < 128).length;
    });
}

describe('W8: the order prints as its four copies', () => {
  for (const paper of ['A4', 'A5'] as Paper[]) {
    it(`W8: a ${paper} PDF with the Chinese font embedded: four pages, each copy labelled with where it goes, the lines and the total in its text`, async () => {
      const { siteName, order } = await signedOrder();
      const dir = mkdtempSync(join(tmpdir(), 'cr-pdf-'));
      const file = join(dir, 'order.pdf');
      writeFileSync(file, await renderOrderPdf(orderForm(siteName, order), paper));

      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/Pages:\s+4/);
      expect(info).toMatch(paper === 'A4' ? /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/ : /Page size:\s+419\.\d+ x 595\.\d+ pts/);
      // Every font is embedded (no reliance on the printer's fonts), and it is the CJK one.
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) expect(f).toMatch(/NotoSansHans-\w+\s+CID Type 0C\s+Identity-H\s+yes\s+yes\s+yes/);

      const ink = renderedInk(file, dir);
      expect(ink).toHaveLength(4);
      for (const dark of ink) expect(dark).toBeGreaterThan(2000);

      const expected = [
        ['第一联', '服务中心留存'],
        ['第二联', '工程部'],
        ['第三联', '服务中心·收费依据'],
        ['第四联', '业户留存'],
      ];
      for (const [i, [copy, goesTo]] of expected.entries()) {
        const text = pdfText(file, i + 1);
        expect(text).toContain(`${copy} · ${goesTo}`);
        for (const other of expected.filter((_, j) => j !== i)) expect(text).not.toContain(`${other[0]} ·`);
        expect(text).toContain('嘉园管理处 有偿服务单');
        expect(text).toContain(order.orderNo);
        expect(text).toContain('嘉园3栋1单元1202室');
        expect(text).toContain('卫生间下水道堵塞');
        expect(text).toContain('13900001202');
        expect(text).toMatch(/疏通下水道\s+人工\s+1\s+次\s+80\.00\s+80\.00/);
        expect(text).toMatch(/PPR水管\s+材料\s+2\.5\s+米\s+8\.50\s+21\.25/);
        expect(text).toMatch(/生料带\s+材料\s+0\.5\s+卷\s+1\.50\s+0\.75/);
        expect(text).toMatch(/膨胀螺丝\s+材料\s+12\s+个\s+0\.20\s+2\.40/);
        expect(text).toContain('合计(大写): 壹佰零肆元肆角整');
        expect(text).toMatch(/合计: ¥ 104\.40/);
        expect(text).toContain('银行托收');
        expect(text).toContain('吴德明 (EMP-000401)');
      }
    });
  }

  it('W7, W8: printed after signing, the copies kept by the office say it was signed; the resident\'s copy always has its blank line to sign, on paper and on a receipt', async () => {
    const { siteName, order } = await signedOrder();
    const dir = mkdtempSync(join(tmpdir(), 'cr-pdf-'));
    const file = join(dir, 'signed.pdf');
    writeFileSync(file, await renderOrderPdf(orderForm(siteName, order), 'A5'));
    for (const page of [1, 2, 3]) expect(pdfText(file, page)).toMatch(/业户签字: \(已签字\)/);
    const residents = pdfText(file, 4);
    expect(residents).toContain('第四联 · 业户留存');
    expect(residents).toMatch(/业户签字:\s+维修人员: 吴德明/);
    expect(residents).not.toContain('已签字');
    const receipt = renderOrderReceipt(orderForm(siteName, order), 48).split(/\n(?:- )*-\n/);
    expect(receipt).toHaveLength(4);
    for (const copy of receipt.slice(0, 3)) expect(copy).toContain('业户签字: (已签字)');
    expect(receipt[3]).toMatch(/业户签字: \n/);
    expect(receipt[3]).not.toContain('已签字');
  });

  it('W6: an order agreed as cash says so on every copy and names who took the cash at the desk; bank collection says no cash to the technician', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const names = (badge: string) => nameOnRoster(config.roster, badge);
    const entry = await engine.recordEntry(REPAIR, OPERATOR);
    const o = await engine.orders.create(entry.id, {}, OPERATOR);
    await engine.orders.dispatch(o.orderNo, { technician: TECH }, OPERATOR);
    const priced = await engine.orders.price(o.orderNo, [{ code: 'L003', quantity: '1' }], OPERATOR);
    await engine.orders.agree(o.orderNo, priced.totalFen!, OPERATOR, { paymentMethod: 'cash' });
    await engine.orders.start(o.orderNo, TECH);
    await engine.orders.complete(o.orderNo, TECH);
    const paid = await engine.orders.recordCash(o.orderNo, { amountFen: priced.totalFen!, receivedBy: 'EMP-000501', receipt: 'SK-0001' }, OPERATOR);
    const file = join(mkdtempSync(join(tmpdir(), 'cr-pdf-')), 'cash.pdf');
    writeFileSync(file, await renderOrderPdf(orderForm(config.site.name, paid, names), 'A5'));
    for (const page of [1, 2, 3, 4]) {
      const text = pdfText(file, page);
      expect(text).toMatch(/付款方式\s+现金/);
      expect(text).toContain('付款方式: 现金, 请到客服中心交款并索取收据');
      expect(text).not.toContain('银行托收');
      expect(text).toMatch(/收款人 林晓燕 收据 SK-0001/);
      expect(text).not.toContain('EMP-000501');
    }
    const receipt = renderOrderReceipt(orderForm(config.site.name, paid, names), 48);
    expect(receipt).toContain('收款人 林晓燕');
    expect(receipt).not.toContain('银行托收');
  });

  it('W8: an order printed before it is priced leaves the lines blank to fill in by hand', async () => {
    const { engine, config } = await engineAt('2026-11-30T09:00:00+08:00');
    const entry = await engine.recordEntry(REPAIR, OPERATOR);
    const o = await engine.orders.create(entry.id, {}, OPERATOR);
    const dir = mkdtempSync(join(tmpdir(), 'cr-pdf-'));
    const file = join(dir, 'blank.pdf');
    writeFileSync(file, await renderOrderPdf(orderForm(config.site.name, o), 'A5'));
    const text = pdfText(file, 4);
    expect(text).toContain('第四联 · 业户留存');
    expect(text).toContain('收费项目');
    expect(text).not.toContain('¥ 0.00');
  });

  it('W8: an order with many lines runs onto a continuation page of the same copy', async () => {
    const { siteName, order } = await signedOrder();
    const many = { ...order, lines: Array.from({ length: 40 }, (_, i) => ({ ...order.lines[1]!, name: `PPR水管 ${i + 1}` })) };
    const dir = mkdtempSync(join(tmpdir(), 'cr-pdf-'));
    const file = join(dir, 'long.pdf');
    writeFileSync(file, await renderOrderPdf(orderForm(siteName, many), 'A5'));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(8);
    expect(pdfText(file, 2)).toContain('有偿服务单 (续)');
    expect(pdfText(file, 2)).toContain('第一联 · 服务中心留存');
    expect(pdfText(file, 2)).toContain('PPR水管 40');
  });

  it('W8: the receipt text has the four copies, each within the paper width in display columns', async () => {
    const { siteName, order } = await signedOrder();
    for (const width of [32, 48]) {
      const text = renderOrderReceipt(orderForm(siteName, order), width);
      for (const line of text.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
      for (const c of ORDER_COPIES) expect(text).toContain(`${c.name} · ${c.goesTo}`);
      expect(text.match(/合计\(元\)\s+104\.40/g)).toHaveLength(4);
      expect(text).toContain('大写: 壹佰零肆元肆角整');
      expect(text).toMatch(/PPR水管 \(材料\)\n\s*2\.5米 x 8\.50\s+21\.25/);
    }
    expect(() => renderOrderReceipt(orderForm(siteName, order), 10)).toThrow(/at least 24 columns/);
  });

  it('W8: receipt lines break between Chinese characters and never inside a number when a space allows', () => {
    expect(wrap('嘉园3栋1单元1202室', 8)).toEqual(['嘉园3栋1', '单元1202', '室']);
    expect(wrap('赵丽娟 (EMP-000201) 2026-11-30', 16)).toEqual(['赵丽娟', '(EMP-000201)', '2026-11-30']);
  });
});

describe('W8: printing from the console: the configured printer command, or a PDF beside the register', () => {
  async function siteOrder(print: Record<string, unknown> = {}) {
    const site = await engineAt('2026-11-30T09:00:00+08:00', { print });
    const entry = await site.engine.recordEntry(REPAIR, OPERATOR);
    const order = await site.engine.orders.create(entry.id, {}, OPERATOR);
    return { ...site, order };
  }

  it('print.command gets the four copies as a PDF on its standard input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cr-printer-'));
    const { config, order } = await siteOrder({ command: `cat > '${join(dir, 'job.pdf')}'; echo "$CONTROL_ROOM_PRINT_JOB" > '${join(dir, 'job.name')}'` });
    expect(await printOrder(config, order)).toEqual({ to: 'printer' });
    expect(readFileSync(join(dir, 'job.name'), 'utf8').trim()).toBe(order.orderNo);
    expect(execFileSync('pdfinfo', [join(dir, 'job.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+4/);
  });

  it('without a command the PDF is written beside the register, and says where; a failing command says how it failed', async () => {
    const { config, order } = await siteOrder();
    const outcome = await printOrder(config, order);
    expect(outcome).toEqual({ to: 'file', path: join(config.dataDir, 'printed', `${order.orderNo}.pdf`) });
    expect(pdfText((outcome as { path: string }).path, 4)).toContain('第四联 · 业户留存');
    const failing = await siteOrder({ command: 'cat > /dev/null; echo "lp: The printer or class does not exist." >&2; exit 1' });
    const err = await printOrder(failing.config, failing.order).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintFailed);
    expect(err).toMatchObject({ failure: 'exit', detail: 'exit 1' });
    expect((err as Error).message).toContain('lp: The printer or class does not exist.');
  });

  it('a link planted where the PDF goes is not written through', async () => {
    const { config, order } = await siteOrder();
    const target = join(mkdtempSync(join(tmpdir(), 'cr-target-')), 'secret');
    writeFileSync(target, 'keep');
    mkdirSync(join(config.dataDir, 'printed'), { recursive: true });
    symlinkSync(target, join(config.dataDir, 'printed', `${order.orderNo}.pdf`));
    await expect(printOrder(config, order)).rejects.toMatchObject({ failure: 'file' });
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });
});
