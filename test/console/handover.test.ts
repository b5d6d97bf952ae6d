import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelSimulator } from '../../devices/intercom/simulator.js';
import { consoleSite, OPERATOR, SECOND_OPERATOR, SUPERVISOR } from '../helpers/console-site.js';
import { allEvents } from '../helpers/panel-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';
import { closeTerminals, englishSentences } from '../helpers/tmux.js';
import { siteDateTime } from '../helpers/site-time.js';

const panels: PanelSimulator[] = [];
afterEach(async () => {
  while (panels.length) await panels.pop()!.stop();
  await closeTerminals();
  await destroyPtyPairs();
});

/** The console with the operator signed on by the serial scanner; `scan` plays that scanner. */
async function signedOnByScanner(size: { width: number; height: number }) {
  const site = await consoleSite(size);
  panels.push(site.panel);
  const scan = (badge: string) => writeFileSync(site.scanner.panel, `${badge}\r\n`);
  await site.term.waitFor('请值班员刷卡上岗');
  scan(OPERATOR.badge);
  await site.term.waitFor(`值班 ${OPERATOR.name}`);
  return { ...site, scan };
}

/** The example's inventory, in its order on the checklist. */
const ITEMS = ['电话', '电脑', '饮水机', '对讲机', '钥匙柜钥匙', '手电筒'];

describe('the handover in the console (H4, H6, H7), badges from a serial scanner', () => {
  it('H4 a, H4 c: refused for an unclear entry and a missing item; the entry completed, the explained loss still refuses (in Chinese) until a supervisor overrides; the journal and shift --json show it all', async () => {
    const { term, configFile, dataDir, scan } = await signedOnByScanner({ width: 100, height: 36 });

    // An entry saved without its content: unclear (R6).
    await term.keys('F2');
    await term.waitFor('新登记');
    await term.keys('Down', 'Down', 'Down', 'Right', 'Right', 'Right'); // from the address down to the category: consultation
    await term.keys('C-s');
    await term.waitFor('不清：内容');

    // The outgoing operator begins the handover.
    await term.keys('F5');
    await term.waitFor(`${OPERATOR.name} 交班：请刷卡开始交接`);
    scan(OPERATOR.badge);
    await term.waitFor('开始交班');
    await term.keys('Right'); // room: clean
    for (const item of ITEMS) {
      await term.keys('Tab');
      await term.keys(...(item === '手电筒' ? ['Right', 'Right', 'Right'] : ['Right'])); // present, or missing
      await term.keys('Tab'); // past the explanation
    }
    await term.keys('Tab');
    await term.type('3栋电梯异响，已报工程部');
    const checks = await term.waitFor('现在刷卡将被拒绝');
    expect(checks).toContain('H4a');
    expect(checks).toContain('H4c');
    expect(checks).not.toContain('H4b');

    // The incoming operator badges: refused, with both reasons; the outgoing operator stays on duty.
    scan(SECOND_OPERATOR.badge);
    await term.waitFor('拒绝接班（H4a, H4c）');
    expect(await term.screen()).toContain(`值班 ${OPERATOR.name}`);
    // H2, H7: the outgoing operator's own badge cannot sign the incoming side; said in Chinese.
    scan(OPERATOR.badge);
    await term.waitFor('同一工牌不能同时签交班和接班');

    // The entry is completed by an amendment (the handover waits meanwhile).
    await term.keys('Escape');
    await term.waitFor('今日登记');
    await term.keys('Tab', 'Enter');
    await term.waitFor('登记详情');
    await term.keys('a');
    await term.waitFor('更正登记');
    await term.type('交班前补全内容');
    await term.keys('Tab', 'Tab');
    await term.type('咨询物业费缴纳方式');
    await term.keys('C-s');
    await term.waitFor('已更正');

    // Back to the handover: what was filled in is still there; the missing torch is explained.
    await term.keys('F5');
    await term.waitFor('交接班');
    expect((await term.screen()).split('\n').find((l) => l.startsWith('手电筒'))).toContain('缺失');
    await term.keys('Down'); // room
    for (let i = 0; i < ITEMS.length * 2 - 1; i++) await term.keys('Tab');
    await term.type('昨晚巡逻借出，明早归还');
    // 公物缺失不接: explained, the loss still refuses, said in Chinese.
    await term.waitFor('公物缺失不接：手电筒');
    scan(SECOND_OPERATOR.badge);
    const refusedScreen = await term.waitFor('拒绝接班（H4c）');
    expect(refusedScreen).toContain('找到后改为完好，或由主管特批');
    expect(englishSentences(refusedScreen)).toEqual([]);

    // A supervisor overrides with a reason, then their badge.
    await term.keys('C-o');
    await term.waitFor('主管特批接班');
    await term.type('手电筒明早归还，不影响值班');
    await term.keys('C-s');
    await term.waitFor('等待主管刷卡特批');
    scan(SUPERVISOR.badge);
    await term.waitFor(`交接完成：${SECOND_OPERATOR.name} 接班`);
    await term.waitFor(`值班 ${SECOND_OPERATOR.name}`);

    const events = await allEvents(dataDir);
    const refusals = events.filter((e) => e.kind === 'handover.refused');
    const accepted = events.find((e) => e.kind === 'handover.accepted')!;
    expect(refusals.map((r) => (r.data.reasons as { rule: string }[]).map((x) => x.rule))).toEqual([['H4a', 'H4c'], ['H4c']]);
    expect(accepted.data).toMatchObject({ outgoing: { badge: OPERATOR.badge }, incoming: { badge: SECOND_OPERATOR.badge }, roomClean: true, pending: ['3栋电梯异响，已报工程部'] });
    expect(accepted.data.override).toMatchObject({ badge: SUPERVISOR.badge, reason: '手电筒明早归还，不影响值班' });
    expect((accepted.data.checklist as { item: string; state: string; explanation: string | null }[]).find((i) => i.item === '手电筒')).toEqual({ item: '手电筒', state: 'missing', explanation: '昨晚巡逻借出，明早归还' });
    expect(refusals[1]!.seq).toBeLessThan(accepted.seq);

    const today = siteDateTime();
    const handovers = [];
    for (const day of [today.minus({ days: 1 }), today]) {
      const { stdout, code } = await runCli(['shift', '--config', configFile, '--date', day.toFormat('yyyy-MM-dd'), '--json']);
      expect(code).toBe(0);
      for (const s of (JSON.parse(stdout) as { shifts: { handovers: { result: string; seq: number }[] }[] }).shifts) handovers.push(...s.handovers);
    }
    expect(handovers.map((h) => h.result)).toEqual(['refused', 'refused', 'accepted']);
  }, 120_000);
});

describe('duty in the console (H1, H3), badges from a serial scanner', () => {
  it('H3: a relief badges in, covers and signs what is recorded; the operator returns with their badge; H1: signing off without a handover needs a supervisor and a reason', async () => {
    const { term, configFile, dataDir, scan } = await signedOnByScanner({ width: 100, height: 30 });

    await term.keys('F6');
    await term.waitFor('W 暂离');
    await term.keys('w');
    await term.waitFor('请接替人员刷卡');
    scan(SECOND_OPERATOR.badge);
    await term.waitFor(`值班 ${SECOND_OPERATOR.name}（接替 ${OPERATOR.name}）`);

    // What is recorded meanwhile is the relief's (R4, H3).
    await term.keys('Escape', 'F2');
    await term.waitFor('新登记');
    await term.keys('Down', 'Down', 'Down', 'Right', 'Right', 'Right', 'Tab'); // consultation, content
    await term.type('咨询装修备案');
    await term.keys('C-s');
    await term.waitFor('已保存');
    const [entry] = JSON.parse((await runCli(['register', '--config', configFile, '--json'])).stdout) as { firstResponder: string }[];
    expect(entry!.firstResponder).toBe(SECOND_OPERATOR.badge);

    // Back: the operator's own badge ends the relief.
    scan(OPERATOR.badge);
    await term.waitFor((s) => s.includes(`值班 ${OPERATOR.name}`) && !s.includes('接替'));

    await term.keys('F6', 's');
    await term.waitFor('下岗（不经交接）');
    await term.type('中控室停电检修，监控转保安岗');
    await term.keys('C-s');
    await term.waitFor('请主管（或以上）刷卡批准下岗');
    scan(SECOND_OPERATOR.badge); // an operator cannot approve it
    const refusedSignOff = await term.waitFor('须由主管或以上刷卡');
    expect(refusedSignOff).toContain(SECOND_OPERATOR.name);
    // Said in Chinese, by its code and details: no English sentence from the engine on the screen.
    expect(englishSentences(refusedSignOff)).toEqual([]);
    await term.keys('s');
    await term.waitFor('下岗（不经交接）');
    await term.type('中控室停电检修，监控转保安岗');
    await term.keys('C-s');
    scan(SUPERVISOR.badge);
    await term.waitFor(`${OPERATOR.name} 已下岗`);
    await term.waitFor('请值班员刷卡上岗');

    const kinds = (await allEvents(dataDir)).filter((e) => e.kind.startsWith('duty.')).map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual([
      ['duty.signed-on', OPERATOR.badge],
      // H5: the relief's and the supervisor's first scans of the shift are their arrivals.
      ['duty.arrived', SECOND_OPERATOR.badge],
      ['duty.stepped-away', SECOND_OPERATOR.badge],
      ['duty.returned', OPERATOR.badge],
      ['duty.arrived', SUPERVISOR.badge],
      ['duty.signed-off', OPERATOR.badge],
    ]);
    const off = (await allEvents(dataDir)).find((e) => e.kind === 'duty.signed-off')!;
    expect(off.data).toMatchObject({ approvedBy: SUPERVISOR.badge, reason: '中控室停电检修，监控转保安岗' });
  }, 120_000);
});
