import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelSimulator } from '../../devices/intercom/simulator.js';
import { signedOnConsole, SECOND_OPERATOR, SUPERVISOR } from '../helpers/console-site.js';
import { allEvents, waitFor } from '../helpers/panel-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';
import { closeTerminals, pause, widestLine } from '../helpers/tmux.js';

const panels: PanelSimulator[] = [];
afterEach(async () => {
  while (panels.length) await panels.pop()!.stop();
  await closeTerminals();
  await destroyPtyPairs();
});

async function shift(options: Parameters<typeof signedOnConsole>[0] = {}) {
  const site = await signedOnConsole(options);
  panels.push(site.panel);
  return site;
}

const MISSED = ['B01-U1-301', 'B01-U1-302', 'B01-U1-601', 'B01-U1-602', 'B01-U1-901', 'B01-U1-902', 'B01-U1-1201', 'B01-U1-1202', 'B01-U2-301', 'B01-U2-302', 'B01-U2-601', 'B01-U2-602'];
const RINGING = [
  { station: 'B02-U1-201', address: '嘉园2栋1单元201室' },
  { station: 'B02-U1-202', address: '嘉园2栋1单元202室' },
  { station: 'B02-U1-501', address: '嘉园2栋1单元501室' },
];

/** The calls pane's rows as shown (between its title and the register's). */
function callsPane(screen: string): string[] {
  const lines = screen.split('\n');
  const start = lines.findIndex((l) => /^[ ▶] (来电|Calls) \(/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^[ ▶] (今日登记|Today's register) \(/.test(l));
  return lines.slice(start + 1, end);
}

describe('a ringing call is never out of sight, and always one key away (issue 15.1)', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}, 80x24: three calls ring over twelve callbacks owed; each is on screen and answered in at most two keys, the selection following the next one`, async () => {
      const { term, panel } = await shift({ lang: lang === 'en' ? 'en' : undefined });
      const answered: string[] = [];
      panel.on('command', (m) => m.type === 'ANSWER' && answered.push(m.callId));
      await panel.run([...MISSED.flatMap((s) => [`call ${s}`, 'cancel']), ...RINGING.flatMap((r) => [`call ${r.station}`, 'wait 1'])]);
      const ring = lang === 'zh' ? '响铃' : 'RINGING';
      const screen = await term.waitFor((s) => callsPane(s).filter((l) => l.startsWith(ring)).length === 3, 30_000);
      expect(widestLine(screen)).toBeLessThanOrEqual(80);
      const rows = callsPane(screen);
      // The ringing calls come first, the longest ringing at the top, whatever the owed list holds.
      expect(rows.slice(0, 3).map((l) => RINGING.findIndex((r) => l.includes(r.address.replace(/^嘉园/, ''))))).toEqual([0, 1, 2]);
      expect(rows.slice(3).every((l) => !l.startsWith(ring))).toBe(true);

      // One key each: Enter answers the longest ringing; leaving its empty form, Enter answers the next.
      await term.keys('Enter');
      await term.waitFor(lang === 'zh' ? '来电登记' : 'Call');
      await waitFor('the first ANSWER', () => answered.length === 1);
      await term.keys('Escape');
      await term.keys('Enter');
      await waitFor('the second ANSWER', () => answered.length === 2);
      // From inside the second call's form, F12 answers the last one without leaving it.
      await term.keys('F12');
      await waitFor('the third ANSWER', () => answered.length === 3);
      expect(new Set(answered).size).toBe(3);
    }, 90_000);
  }

  it('the terminal bell rings while a call rings, and not at all when the site turns it off', async () => {
    const loud = await shift();
    await loud.panel.run(['call B02-U1-201']);
    await loud.term.waitFor('响铃');
    await waitFor('a bell', () => loud.term.bellRang(), 10_000);

    const quiet = await shift({
      beforeStart: async (configFile) => {
        const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
        writeFileSync(configFile, JSON.stringify({ ...config, console: { bell: false } }));
      },
    });
    await quiet.panel.run(['call B02-U1-201']);
    await quiet.term.waitFor('响铃');
    await pause(4_000); // longer than the repeat (3 s)
    expect(await quiet.term.bellRang()).toBe(false);
  }, 90_000);
});

describe('F10 asks first (issue 15.2)', () => {
  it('refuses over an unacknowledged alarm (the alarm stays up) and over unsaved text; otherwise asks, any key stays, Y quits, in Chinese', async () => {
    const { term, panel, scanner } = await shift();
    await panel.run(['alarm B02-U1-201 GAS']);
    await term.waitFor('燃气泄漏');
    await term.keys('F10');
    const refused = await term.waitFor('有未确认的警报，不能退出');
    expect(refused).toContain('燃气泄漏');
    writeFileSync(scanner.panel, `${SECOND_OPERATOR.badge}\r\n`);
    await term.waitFor(`${SECOND_OPERATOR.name} 已接警`);

    await term.keys('F2');
    await term.waitFor('新登记');
    await term.type('3栋');
    await term.keys('F10');
    await term.waitFor('有未保存的内容');
    await term.keys('Escape', 'Escape');
    await term.waitFor((s) => !s.includes('新登记'));

    await term.keys('F10');
    const asked = await term.waitFor('退出控制台？');
    expect(asked).toContain('对讲面板断开');
    expect(asked).toContain('systemd');
    await term.keys('n');
    await term.waitFor((s) => !s.includes('退出控制台？'));
    await term.keys('F10');
    await term.waitFor('退出控制台？');
    await term.keys('y');
    const end = await term.waitFor(/EXIT=\d+/, 15_000);
    expect(end).toContain('EXIT=0');
    expect(end.replace(/\n/g, '')).toContain('中控室控制台已退出（F10）');
    expect(end).not.toMatch(/stopped|register is in/);
  }, 90_000);
});

describe('form fields behave as the footer says (issue 15.3)', () => {
  it('F2: Down leaves the address, and what is typed next never lands in it; an address not in the directory is marked on the form and in the register', async () => {
    const { term, configFile } = await shift();
    await term.keys('F2');
    const form = await term.waitFor('新登记');
    expect(form).toMatch(/Tab\/↑↓ 字段|↑↓ 下一项/);
    await term.type('嘉园9栋1单元101室');
    await term.keys('Down');
    await term.type('卫生间灯不亮');
    const screen = await term.waitFor('卫生间灯不亮');
    const line = (label: string) => screen.split('\n').find((l) => l.startsWith(label))!;
    expect(line('地址')).toMatch(/^地址\s+嘉园9栋1单元101室\s+（不在住户名录）$/);
    expect(line('住户')).toContain('卫生间灯不亮');
    await term.keys('Down', 'Down', 'Down'); // phone, category, content
    await term.type('卫生间灯不亮');
    await term.keys('C-s');
    await term.waitFor('已保存');
    const [entry] = JSON.parse((await runCli(['register', '--config', configFile, '--json'])).stdout) as { address: string; addressUnlisted: boolean; content: string }[];
    expect(entry).toMatchObject({ address: '嘉园9栋1单元101室', addressUnlisted: true, content: '卫生间灯不亮' });
    expect((await term.screen()).split('\n').some((l) => l.includes('名录外'))).toBe(true);
  }, 60_000);

  it('F2: the directory is searched as the address is typed; PgDn chooses another unit, Enter takes it and moves on to the content', async () => {
    const { term, configFile } = await shift();
    await term.keys('F2');
    await term.waitFor('新登记');
    await term.type('4栋1单元130');
    await term.waitFor('> 嘉园4栋1单元1301室');
    expect(await term.screen()).toContain('PgUp/PgDn');
    await term.keys('PageDown');
    await term.waitFor('> 嘉园4栋1单元1302室');
    await term.keys('Enter');
    await term.type('阳台漏水');
    await term.keys('C-s');
    await term.waitFor('已保存');
    const [entry] = JSON.parse((await runCli(['register', '--config', configFile, '--json'])).stdout) as Record<string, unknown>[];
    expect(entry).toMatchObject({ address: '嘉园4栋1单元1302室', station: 'B04-U1-1302', resident: '戴宇', addressUnlisted: false, content: '阳台漏水' });
  }, 60_000);
});

describe('the register and the panes at 80x24 (issue 15.5)', () => {
  it('1301 and 1302 are told apart; the pane with the keys is marked; history in local times; the phone masked on the entry and its order alike', async () => {
    const { term } = await shift();
    for (const unit of ['4栋1单元1301', '4栋1单元1302']) {
      await term.keys('F2');
      await term.waitFor('新登记');
      await term.type(unit);
      await term.waitFor(`> 嘉园${unit}室`);
      await term.keys('Enter');
      await term.type('阳台漏水');
      await term.keys('Down');
      await term.type('12-01 09:30');
      await term.keys('C-s');
      await term.waitFor('已保存');
    }
    const screen = await term.waitFor('今日登记 (2)');
    const rows = screen.split('\n').filter((l) => l.includes('阳台漏水'));
    expect(rows.some((l) => l.includes('4栋1单元1301室'))).toBe(true);
    expect(rows.some((l) => l.includes('4栋1单元1302室'))).toBe(true);
    expect(screen).toMatch(/^▶ 来电/m);
    await term.keys('Tab');
    const switched = await term.waitFor(/^▶ 今日登记/m);
    expect(switched).toMatch(/^ {2}来电/m);

    await term.keys('Enter');
    await term.waitFor('登记详情');
    expect(await term.screen()).toContain('136****8848');
    await term.keys('a');
    await term.waitFor('更正登记');
    await term.type('住户改约时间');
    await term.keys('Tab', 'Tab', 'Tab', 'C-u'); // past the category and the content to the appointment
    await term.type('12-02 14:00');
    await term.keys('C-s');
    const detail = await term.waitFor('已更正');
    expect(detail).toMatch(/预约: 12-01 09:30 → 12-02 14:00/);
    expect(detail).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    await term.keys('o');
    await term.waitFor('开《有偿服务单》');
    await term.keys('C-s');
    await term.waitFor('已开单');
    const order = await term.screen();
    expect(order).toContain('136****8848');
    expect(order).not.toContain('13622478848');
  }, 90_000);
});

describe('callbacks owed are grouped; alarms are acknowledged with a note (issue 15.6)', () => {
  it('R4, R5: one resident who rang three times is one row (×3); an entry recorded for the station closes all three with its id', async () => {
    const { term, panel, dataDir } = await shift();
    await panel.run(['call B03-U1-1202', 'cancel', 'call B03-U1-1202', 'cancel', 'call B03-U1-1202', 'cancel', 'call B02-U1-201', 'cancel', 'settle 2']);
    const screen = await term.waitFor('×3');
    expect(callsPane(screen).filter((l) => l.startsWith('未接回拨'))).toHaveLength(2);
    await term.keys('F2');
    await term.waitFor('新登记');
    await term.type('3栋1单元1202');
    await term.waitFor('> 嘉园3栋1单元1202室');
    await term.keys('Enter');
    await term.type('回电说明：下水道堵塞');
    await term.keys('C-s');
    const saved = await term.waitFor('已保存');
    const id = /已保存 (\d{8}-\d{3})/.exec(saved)![1];
    await term.waitFor((s) => callsPane(s).filter((l) => l.startsWith('未接回拨')).length === 1);
    const closed = (await allEvents(dataDir)).filter((e) => e.kind === 'call.called-back');
    expect(closed).toHaveLength(3);
    expect(closed.every((e) => (e.data as { entryId?: string }).entryId === id)).toBe(true);
  }, 60_000);

  it('R4: calling back once closes every missed call of the station, with a reference to the one worked', async () => {
    const { term, panel, dataDir } = await shift();
    await panel.run(['call B03-U1-1202', 'cancel', 'call B03-U1-1202', 'cancel', 'settle 2']);
    await term.waitFor('×2');
    await term.keys('Enter');
    const view = await term.waitFor('未接来电回拨');
    expect(view).toContain('共 2 次');
    await term.type('已回拨，住户误按');
    await term.keys('C-s');
    await term.waitFor('已记录回拨');
    await term.waitFor('无来电');
    const closed = (await allEvents(dataDir)).filter((e) => e.kind === 'call.called-back');
    expect(closed.map((e) => e.data)).toEqual([
      { call: expect.any(Number), result: '已回拨，住户误按' },
      { call: expect.any(Number), result: '已回拨，住户误按', with: closed[0]!.data.call },
    ]);
  }, 60_000);

  it('H9: what was done is typed on the alarm screen and recorded with the badge that takes it on; a supervisor\'s badge with it acknowledges the report too', async () => {
    const { term, panel, scanner, dataDir } = await shift();
    await panel.run(['alarm B02-U1-201 SOS']);
    await term.waitFor('紧急求助 SOS');
    await term.type('已派保安上门，住户摔倒，已联系家属');
    await term.waitFor('已派保安上门');
    writeFileSync(scanner.panel, `${SECOND_OPERATOR.badge}\r\n`);
    await term.waitFor(`${SECOND_OPERATOR.name} 已接警`);
    const takenOn = (await allEvents(dataDir)).find((e) => e.kind === 'alarm.taken-on');
    expect(takenOn).toMatchObject({ actor: SECOND_OPERATOR.badge, data: { note: '已派保安上门，住户摔倒，已联系家属' } });
    // The report to the director stays until a supervisor acknowledges it.
    await term.waitFor('上报主任');

    await panel.run(['alarm B02-U1-202 GAS']);
    await term.waitFor('燃气泄漏');
    await term.type('燃气公司已到场，已关阀');
    await term.waitFor('燃气公司已到场');
    writeFileSync(scanner.panel, `${SUPERVISOR.badge}\r\n`);
    await term.waitFor(`警报已由 ${SUPERVISOR.name} 确认上报`);
    const ack = (await allEvents(dataDir)).find((e) => e.kind === 'alarm.acknowledged');
    expect(ack).toMatchObject({ actor: SUPERVISOR.badge, data: { note: '燃气公司已到场，已关阀' } });
  }, 60_000);
});

describe('English at 80x24 fits (issue 15.8)', () => {
  it('the columns keep apart and the footer keeps F9 and F10', async () => {
    const { term, panel } = await shift({ lang: 'en' });
    await panel.run(['call B03-U1-1202', 'cancel', 'call B02-U1-201', 'settle 2']);
    await term.waitFor('call back');
    // A screen opened and closed takes the sign-on notice off the footer, which then shows the keys.
    await term.keys('F1', 'Escape');
    const screen = await term.waitFor((s) => s.includes('call back') && !s.includes('signed on'));
    expect(widestLine(screen)).toBeLessThanOrEqual(80);
    const owed = callsPane(screen).find((l) => l.startsWith('call back'))!;
    expect(owed).toMatch(/^call back\s{2,}\d\d:\d\d/);
    const footer = screen.split('\n').filter((l) => l.trim()).at(-1)!;
    expect(footer).toContain('F9');
    expect(footer).toContain('F10');
    expect(footer).toMatch(/Enter answer/);
  }, 60_000);
});
