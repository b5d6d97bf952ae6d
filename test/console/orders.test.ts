import { writeFileSync } from 'node:fs';
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
  it('R3, W1, W2, W5, W7: a call becomes an entry, the entry an order, dispatched, priced, agreed, started, completed and signed with the technician badge', async () => {
    const site = await consoleSite({ width: 100, height: 30 });
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
    await term.waitFor('已保存');

    // The entry, opened from today's register, becomes an order.
    await term.keys('Tab', 'Enter');
    await term.waitFor('登记详情');
    await term.keys('o');
    await term.waitFor('开《有偿服务单》');
    await term.keys('C-s');
    const created = await term.waitFor(/已开单 (JY01-\d{8}-\d{3})/);
    const orderNo = /已开单 (JY01-\d{8}-\d{3})/.exec(created)![1]!;

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

    // Priced from the fee schedule: a tap (45.00) and its labour (30.00), 2.5 m of pipe (8.50).
    await term.keys('p');
    await term.waitFor('报价');
    await addLine('M001');
    await addLine('L001');
    await addLine('M003', '2.5');
    await term.waitFor('3. M003');
    await term.keys('C-s');
    await term.waitFor('已报价，合计 ¥96.25');

    await term.keys('a');
    await term.waitFor('已告知住户合计 ¥96.25');
    await term.keys('C-s');
    await term.waitFor('住户已同意');
    // W2: the technician draws the tap and the pipe against the order.
    await term.keys('l');
    await term.waitFor('领料（W2）');
    await addLine('M001');
    await addLine('M003', '2.5');
    await term.keys('C-s');
    await term.waitFor('领料已记录');
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
    await term.waitFor('住户已签字');

    const { stdout, code } = await runCli(['orders', '--config', configFile, '--json']);
    expect(code).toBe(0);
    const order = (JSON.parse(stdout) as Record<string, unknown>[]).find((o) => o.orderNo === orderNo)!;
    expect(order).toMatchObject({ state: 'signed', totalFen: 9625, address: '嘉园3栋1单元1202室', signedBy: TECHNICIAN.badge, paymentMethod: 'bank-collection' });
    const kinds = (await allEvents(dataDir)).filter((e) => e.kind.startsWith('order.')).map((e) => e.kind);
    expect(kinds).toEqual(['order.created', 'order.dispatched', 'order.priced', 'order.agreed', 'order.materials-drawn', 'order.started', 'order.completed', 'order.signed']);
    expect(order.materials).toMatchObject([{ code: 'M001', quantity: '1' }, { code: 'M003', quantity: '2.5' }]);
    const register = JSON.parse((await runCli(['register', '--config', configFile, '--json'])).stdout) as { orderNo: string }[];
    expect(register[0]!.orderNo).toBe(orderNo);

    // F4 lists open orders only: a signed order has left the list.
    await term.keys('Escape', 'F4');
    await term.waitFor('有偿服务单（未完结）');
    expect(await term.screen()).toContain('无未完结的服务单');
  }, 90_000);
});
