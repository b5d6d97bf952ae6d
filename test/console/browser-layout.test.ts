import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelSimulator } from '../../devices/intercom/simulator.js';
import { loadConfig } from '../../src/config/load.js';
import { Engine } from '../../src/engine/engine.js';
import { FakeClock } from '../../src/time/clock.js';
import { consoleSite, OPERATOR } from '../helpers/console-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { ROOT, runCli } from '../helpers/site.js';
import { closeTerminals, Terminal, widestLine } from '../helpers/tmux.js';
import { siteDateTime } from '../helpers/site-time.js';

const panels: PanelSimulator[] = [];
afterEach(async () => {
  while (panels.length) await panels.pop()!.stop();
  await closeTerminals();
  await destroyPtyPairs();
});

const yesterday = () => siteDateTime().minus({ days: 1 });

/** Records entries into the site's register as of yesterday afternoon, before the console starts. */
async function entriesYesterday(configFile: string): Promise<void> {
  const at = yesterday().set({ hour: 15, minute: 20 });
  const engine = await Engine.start(loadConfig(configFile), { clock: new FakeClock(at.toMillis()) });
  await engine.signOn(OPERATOR.badge);
  await engine.recordEntry({ channel: 'phone', category: 'repair', address: '嘉园2栋1单元202室', resident: '郭淑英', phone: '19147634880', content: '阳台地漏堵塞', appointmentAt: at.plus({ days: 1 }).toFormat('yyyy-MM-dd HH:mm') }, OPERATOR.badge);
  await engine.recordEntry({ channel: 'walk-in', category: 'consultation', content: '咨询停车月卡办理' }, OPERATOR.badge);
  await engine.stop();
}

describe('the register browser (F3)', () => {
  it("R1, R6, R4: F3 finds yesterday's entry by text; an amendment with its reason is recorded and shown in the entry's history; the entry is closed with its result", async () => {
    const site = await consoleSite({ beforeStart: entriesYesterday });
    panels.push(site.panel);
    const { term, configFile } = site;
    await term.waitFor(`值班 ${OPERATOR.name}`);
    await term.keys('F3');
    await term.waitFor('记录表查询');
    await term.keys('Left');
    const day = yesterday().toFormat('yyyy-MM-dd');
    await term.waitFor(`◀ ${day} ▶`);
    await term.waitFor('2/2');
    await term.keys('Tab', 'Tab', 'Tab', 'Tab');
    await term.type('地漏');
    const found = await term.waitFor('1/2');
    expect(found).toContain('阳台地漏堵塞');
    expect(found).not.toContain('停车月卡');
    await term.keys('Enter', 'Enter');
    await term.waitFor('登记详情');
    await term.keys('a');
    await term.waitFor('更正登记');
    await term.type('住户来电补充：厨房地漏也堵');
    await term.keys('Tab', 'Tab', 'C-e');
    await term.type('，厨房地漏也堵');
    await term.keys('C-s');
    await term.waitFor('已更正');
    const detail = await term.waitFor('更正原因: 住户来电补充');
    expect(detail).toContain('阳台地漏堵塞，厨房地漏也堵');
    expect(detail).toContain('阳台地漏堵塞 → 阳台地漏堵塞，厨房地漏也堵');

    // R4: the first responder's request is done; its result closes it.
    await term.keys('c');
    await term.waitFor('办结登记');
    await term.type('已派维修工疏通');
    await term.keys('C-s');
    await term.waitFor('已办结');

    const { stdout } = await runCli(['register', '--config', configFile, '--date', day, '--json']);
    const entry = (JSON.parse(stdout) as { content: string; status: string; result: string; history: { reason: string; actor: string }[] }[])[0]!;
    expect(entry.content).toBe('阳台地漏堵塞，厨房地漏也堵');
    expect(entry.history).toMatchObject([{ reason: '住户来电补充：厨房地漏也堵', actor: OPERATOR.badge }]);
    expect(entry).toMatchObject({ status: 'closed', result: '已派维修工疏通' });
  }, 60_000);
});

describe('the layout', () => {
  for (const [width, height] of [
    [80, 24],
    [200, 60],
  ] as const) {
    it(`holds at ${width}x${height}: status line on top, keys at the bottom, calls and the register between, nothing wider than the terminal`, async () => {
      const site = await consoleSite({ width, height, beforeStart: entriesYesterday });
      panels.push(site.panel);
      const { term, panel } = site;
      await term.waitFor(`值班 ${OPERATOR.name}`);
      await panel.run(['call B03-U1-1202', 'call B02-U1-201', 'settle 5', 'cancel', 'call B01-U1-301', 'settle 5']);
      await term.waitFor((s) => s.includes('未接回拨') && (s.match(/^响铃/gm) ?? []).length === 2);
      await term.keys('F2', 'C-u');
      await term.type('3栋1202');
      await term.waitFor('> 嘉园3栋1单元1202室'); // the digits seen typed before Enter, which would otherwise end a scan
      await term.keys('Enter'); // the address picked: the form moves on to the content (category: repair)
      await term.type('电梯异响');
      await term.keys('Tab');
      await term.type('12-01 09:30');
      await term.keys('C-s');
      await term.waitFor('已保存');
      const screen = await term.screen();
      const lines = screen.split('\n');
      expect(widestLine(screen)).toBeLessThanOrEqual(width);
      // The status line: every part in full when there is room, shorter on 80 columns.
      if (width >= 120) expect(lines[0]).toMatch(/^嘉园管理处 \| 值班 王建国 \| 对讲 正常 \| 读卡 正常 \| 下次同步 \d\d:\d\d \| 响铃 2 \| 未接回拨 1\s/);
      else expect(lines[0]).toMatch(/^值班 王建国 {2}对讲 正常 {2}读卡 正常 {2}同步 \d\d:\d\d {2}响铃 2 {2}回拨 1\s/);
      expect(lines[0]).toMatch(/\d\d-\d\d \d\d:\d\d:\d\d\s*$/);
      expect(lines.slice(1, 6).join('\n')).toContain('来电 (3)');
      const registerTitle = lines.findIndex((l) => /^[ ▶] 今日登记 \(1\)/.test(l));
      expect(registerTitle).toBeGreaterThan(0);
      expect(lines[registerTitle + 1]).toMatch(/^时间\s+/);
      expect(lines[registerTitle + 2]).toContain('电梯异响');
      // The room number always shows: at 80 columns the estate's name gives way first.
      expect(lines[registerTitle + 2]).toContain(width >= 120 ? '嘉园3栋1单元1202室' : '3栋1单元1202室');
      expect(lines[registerTitle + 2]).not.toContain('不清');
      // Wider terminals show more: the entry's id and the resident.
      if (width >= 120) expect(lines[registerTitle + 1]).toMatch(/编号.*地址.*住户/);
      else expect(lines[registerTitle + 1]).not.toContain('编号');
      const footer = lines.filter((l) => l.trim()).at(-1)!;
      expect(footer).toMatch(/已保存|Enter/);
    }, 60_000);
  }
});

describe('the demo', () => {
  it('runs from `npm start` with simulated devices, takes a simulated badge, shows calls, and quits cleanly with F10', async () => {
    // npm's pre-scripts (the build) are skipped: the suite has built already, and a build now would rewrite dist/ under other tests.
    const term = await Terminal.open(['npm', 'start', '--ignore-scripts', '--silent', '--', '--pace', '2'], { cwd: ROOT, width: 100, height: 30 });
    await term.waitFor('请值班员刷卡上岗', 20_000);
    await term.keys('F8');
    await term.waitFor('模拟刷卡');
    await term.keys('Enter');
    await term.waitFor('值班 王建国');
    await term.waitFor(/来电 \([1-9]/, 15_000);
    // F10 asks first (quitting stops the panel link); Y quits.
    await term.keys('F10');
    await term.waitFor('退出控制台？');
    await term.keys('y');
    const end = await term.waitFor(/EXIT=\d+/, 15_000);
    expect(end).toContain('EXIT=0');
    const dataDir = /登记表保存在 (\S+control-room-demo-\S+)/.exec(end.replace(/\n/g, ''))?.[1];
    expect(dataDir).toBeDefined();
    rmSync(dataDir!, { recursive: true, force: true });
  }, 60_000);
});
