import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelSimulator } from '../../devices/intercom/simulator.js';
import { consoleSite, OPERATOR } from '../helpers/console-site.js';
import { allEvents } from '../helpers/panel-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';
import { closeTerminals, englishSentences } from '../helpers/tmux.js';

const panels: PanelSimulator[] = [];
afterEach(async () => {
  while (panels.length) await panels.pop()!.stop();
  await closeTerminals();
  await destroyPtyPairs();
});

const TECHNICIAN = { badge: 'EMP-000401', name: '吴德明' };

describe('paid-service orders in the console', () => {
  it('R3, W1, W2, W5, W7, W8, R4: from a call to a printed, signed order without leaving the console: F4 makes the order from the entry, the price runs its total, materials start from the priced lines, the signature offers to close the entry, R prints the four copies to the configured printer', async () => {
    // The site's printer: a script in the test's folder that keeps what it is given.
    let printed = '';
    const site = await consoleSite({
      width: 100,
      height: 30,
      beforeStart: async (configFile) => {
        const dir = dirname(configFile);
        printed = join(dir, 'printed.pdf');
        const script = join(dir, 'print.sh');
        writeFileSync(script, '#!/bin/sh\ncat > "$(dirname "$0")/printed.pdf"\n');
        chmodSync(script, 0o755);
        const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
        writeFileSync(configFile, JSON.stringify({ ...config, print: { command: `'${script}'`, paper: 'A5' } }));
      },
    });
    panels.push(site.panel);
    const { term, panel, configFile, dataDir } = site;
    /** A fee-schedule line: the code (seen typed before Enter, since a code and Enter in one burst would be a badge scan), then the quantity. */
    const addLine = async (code: string, quantity?: string) => {
      await term.type(code);
      await term.waitFor(`> ${code}`);
      await term.keys('Enter');
      if (quantity) {
        await term.keys('C-u');
        await term.type(quantity);
      }
      await term.keys('Enter');
    };
    await term.waitFor('请值班员刷卡上岗');
    await term.scanBadge(OPERATOR.badge);
    await term.waitFor(`值班 ${OPERATOR.name}`);

    // The call, answered, becomes a repair entry.
    await panel.run(['call B03-U1-1202']);
    await term.waitFor('响铃');
    await term.keys('Enter');
    await term.waitFor('来电登记');
    await term.type('厨房水龙头漏水');
    await term.keys('Tab');
    await term.type('2026-12-01 10:00');
    await term.keys('C-s');
    const saved = await term.waitFor(/已保存 (\d{8}-\d{3})/);
    const entryId = /已保存 (\d{8}-\d{3})/.exec(saved)![1]!;

    // F4 says how to make an order, and makes it from the entry picked from a list.
    await term.keys('F4');
    const none = await term.waitFor('有偿服务单（未完结 0）');
    expect(none).toContain('按 N 从报修或需求登记开单');
    await term.keys('n');
    await term.waitFor(`${entryId}  报修`);
    await term.keys('Enter');
    await term.waitFor('开《有偿服务单》');
    await term.keys('C-s');
    const created = await term.waitFor(/已开单 (JY01-\d{8}-\d{3})/);
    const orderNo = /已开单 (JY01-\d{8}-\d{3})/.exec(created)![1]!;
    // The new order's keys are on screen at once, beside the notice.
    expect(created.trimEnd().split('\n').at(-1)).toMatch(/^D ?派工 P ?报价 .*R ?打印/);

    // A step out of order is refused in Chinese, by its code: no English sentence from the engine.
    await term.keys('s');
    await term.waitFor('开工');
    await term.keys('C-s');
    const refused = await term.waitFor('尚未派工');
    expect(englishSentences(refused)).toEqual([]);
    await term.keys('Escape');

    // Dispatched to a technician from the roster.
    await term.keys('d');
    await term.waitFor('派工');
    await term.keys('Enter');
    await term.waitFor(`${TECHNICIAN.name} (${TECHNICIAN.badge})`);

    // Priced from the fee schedule, each line with its amount and the total running:
    // a tap (45.00) and its labour (30.00), 2.5 m of pipe at 8.50.
    await term.keys('p');
    await term.waitFor('报价');
    await addLine('M001');
    await term.waitFor(/1\. 水龙头  1个  × 45\.00 = 45\.00\n合计 ¥45\.00/);
    await addLine('L001');
    await term.waitFor('合计 ¥75.00');
    await addLine('M003', '2.5');
    const price = await term.waitFor('合计 ¥96.25');
    expect(price).toMatch(/2\. 更换水龙头  1次  × 30\.00 = 30\.00\n3\. PPR水管  2\.5米  × 8\.50 = 21\.25/);
    await term.keys('C-s');
    await term.waitFor('已报价，合计 ¥96.25');

    await term.keys('a');
    await term.waitFor('已告知住户合计 ¥96.25');
    await term.keys('C-s');
    await term.waitFor('住户已同意');
    // W2: the materials start from the priced ones, by name; the pipe drawn is 2 m, not 2.5.
    await term.keys('l');
    const drawn = await term.waitFor('领料（W2）');
    expect(drawn).toMatch(/1\. 水龙头  1个\n2\. PPR水管  2\.5米\n/);
    await addLine('M003', '2');
    await term.waitFor('2. PPR水管  2米');
    await term.keys('C-s');
    await term.waitFor('领料已记录');
    await term.waitFor('领料       水龙头 1个, PPR水管 2米');
    await term.keys('s');
    await term.waitFor('开工');
    await term.keys('C-s');
    await term.waitFor('施工中');
    await term.keys('c');
    await term.waitFor('完工');
    await term.keys('C-s');
    await term.waitFor('已完工');
    await term.keys('g');
    await term.waitFor('请维修人员刷卡');
    writeFileSync(site.scanner.panel, `${TECHNICIAN.badge}\r\n`);
    await term.waitFor(`住户签字已记录（${TECHNICIAN.name}）`);
    // R4: closing the entry with the order's result is offered; the operator is its first responder.
    const offer = await term.waitFor('办结登记（R4）');
    expect(offer).toContain(`可用服务单的结果办结登记 ${entryId}`);
    expect(offer).toContain(`有偿服务单 ${orderNo} 已完工，住户已签字，合计 ¥96.25`);
    await term.keys('C-s');
    await term.waitFor(`${entryId} 已办结`);
    await term.waitFor('住户已签字');

    // W8: R prints the four copies to the configured printer command.
    await term.keys('r');
    await term.waitFor(`已送打印机：${orderNo} 四联`);
    const pages = [1, 2, 3, 4].map((p) => execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), printed, '-'], { encoding: 'utf8' }));
    expect(execFileSync('pdfinfo', [printed], { encoding: 'utf8' })).toMatch(/Pages:\s+4/);
    for (const [i, copy] of ['第一联 · 服务中心留存', '第二联 · 工程部', '第三联 · 服务中心·收费依据', '第四联 · 业户留存'].entries()) {
      const text = pages[i]!;
      expect(text).toContain(copy);
      expect(text).toContain(orderNo);
      expect(text).toMatch(/水龙头\s+材料\s+1\s+个\s+45\.00\s+45\.00/);
      expect(text).toMatch(/更换水龙头\s+人工\s+1\s+次\s+30\.00\s+30\.00/);
      expect(text).toMatch(/PPR水管\s+材料\s+2\.5\s+米\s+8\.50\s+21\.25/);
      expect(text).toContain('合计(大写): 玖拾陆元贰角伍分');
      expect(text).toMatch(/合计: ¥ 96\.25/);
    }
    for (const text of pages.slice(0, 3)) expect(text).toContain('业户签字: (已签字)');
    // The resident's copy has its blank line to sign.
    expect(pages[3]).toMatch(/业户签字:\s+维修人员: 吴德明/);
    expect(pages[3]).not.toContain('已签字');

    const { stdout, code } = await runCli(['orders', '--config', configFile, '--json']);
    expect(code).toBe(0);
    const order = (JSON.parse(stdout) as Record<string, unknown>[]).find((o) => o.orderNo === orderNo)!;
    expect(order).toMatchObject({ state: 'signed', totalFen: 9625, address: '嘉园3栋1单元1202室', signedBy: TECHNICIAN.badge, paymentMethod: 'bank-collection' });
    const kinds = (await allEvents(dataDir)).filter((e) => e.kind.startsWith('order.')).map((e) => e.kind);
    expect(kinds).toEqual(['order.created', 'order.dispatched', 'order.priced', 'order.agreed', 'order.materials-drawn', 'order.started', 'order.completed', 'order.signed']);
    expect(order.materials).toMatchObject([{ code: 'M001', name: '水龙头', quantity: '1' }, { code: 'M003', name: 'PPR水管', quantity: '2' }]);
    const [entry] = JSON.parse((await runCli(['register', '--config', configFile, '--json'])).stdout) as { orderNo: string; status: string; result: string; closedBy: string }[];
    expect(entry).toMatchObject({ orderNo, status: 'closed', result: `有偿服务单 ${orderNo} 已完工，住户已签字，合计 ¥96.25`, closedBy: OPERATOR.badge });

    // F4 shows today's signed order too.
    await term.keys('Escape', 'F4');
    const list = await term.waitFor('有偿服务单（未完结 0，今日已完结 1）');
    expect(list).toContain('今日已签字或取消 1');
    expect(list).toMatch(new RegExp(`${orderNo} .*住户已签字`));
  }, 120_000);
});
