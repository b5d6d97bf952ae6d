import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelSimulator } from '../../devices/intercom/simulator.js';
import { consoleSite, OPERATOR, SECOND_OPERATOR, SUPERVISOR } from '../helpers/console-site.js';
import { allEvents, waitFor } from '../helpers/panel-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';
import { closeTerminals, englishSentences, pause } from '../helpers/tmux.js';

const panels: PanelSimulator[] = [];
afterEach(async () => {
  while (panels.length) await panels.pop()!.stop();
  await closeTerminals();
  await destroyPtyPairs();
});

async function signedOnSite(options: Parameters<typeof consoleSite>[0] = {}) {
  const site = await consoleSite(options);
  panels.push(site.panel);
  await site.term.waitFor('请值班员刷卡上岗');
  await site.term.scanBadge(OPERATOR.badge);
  await site.term.waitFor(`值班 ${OPERATOR.name}`);
  return site;
}

describe('the console, driven in tmux as an operator would', () => {
  it('R1, R4: a CALL on the panel line rings with its address; Enter answers (ANSWER to the panel) and opens the form; Chinese content and Ctrl+S put the entry in the register with the first responder', async () => {
    const { term, panel, configFile } = await signedOnSite();
    const answered: string[] = [];
    panel.on('command', (m) => m.type === 'ANSWER' && answered.push(m.callId));
    await panel.run(['call B03-U1-1202']);
    const ringing = await term.waitFor('响铃');
    expect(ringing).toContain('嘉园3栋1单元1202室');
    await term.keys('Enter');
    await term.waitFor('来电登记');
    await waitFor('ANSWER to reach the panel', () => answered.length === 1);
    // The call's form opens on the content: the address is already there from the directory.
    await term.type('厨房水龙头漏水，请师傅上门');
    await term.keys('Tab');
    await term.type('2026-12-01 10:00');
    await term.waitFor('必填项齐全');
    await term.keys('C-s');
    const saved = await term.waitFor('已保存');
    expect(saved).toContain('厨房水龙头漏水');

    const { stdout, code } = await runCli(['register', '--config', configFile, '--json']);
    expect(code).toBe(0);
    const [entry] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(entry).toMatchObject({
      channel: 'intercom',
      station: 'B03-U1-1202',
      address: '嘉园3栋1单元1202室',
      category: 'repair',
      content: '厨房水龙头漏水，请师傅上门',
      firstResponder: OPERATOR.badge,
      status: 'open',
      unclear: [],
    });
    expect(entry!.appointmentAt).toMatch(/^2026-12-01T10:00:00/);
    expect(entry!.resident).toBeTruthy();
  }, 60_000);
});

describe('the console: callbacks, alarms and badges', () => {
  it('R5, R4: a CANCEL before answer shows a callback owed; the operator works it from the calls pane and records the result', async () => {
    const { term, panel, dataDir } = await signedOnSite();
    await panel.run(['call B02-U1-201', 'settle 5', 'cancel']);
    const owed = await term.waitFor('未接回拨');
    expect(owed).toContain('嘉园2栋1单元201室');
    await term.keys('Enter');
    // The phone number to call back is shown in full to the operator working the callback.
    expect(await term.waitFor('未接来电回拨')).toContain('18068356480');
    await term.type('已回拨，住户说门铃误按');
    await term.keys('C-s');
    await term.waitFor('已记录回拨');
    await term.waitFor((s) => !s.includes('未接回拨'));
    const events = await allEvents(dataDir);
    const back = events.find((e) => e.kind === 'call.called-back');
    expect(back).toMatchObject({ actor: OPERATOR.badge, data: { result: '已回拨，住户说门铃误按' } });
    expect(back!.data.call).toBe(events.find((e) => e.kind === 'call.received')!.seq);
  }, 60_000);

  it('R5, R4: a callback owed becomes a register entry (Ctrl+E), and the call is no longer owed', async () => {
    const { term, panel, dataDir, configFile } = await signedOnSite();
    await panel.run(['call B02-U1-201', 'settle 5', 'cancel']);
    await term.waitFor('未接回拨');
    await term.keys('Enter');
    await term.waitFor('未接来电回拨');
    await term.keys('C-e');
    await term.waitFor('来电登记');
    await term.keys('Up', 'Right', 'Right', 'Down'); // up to the category: complaint; back to the content
    await term.type('投诉楼上噪音');
    await term.keys('C-s');
    await term.waitFor('已保存');
    await term.waitFor((s) => !s.includes('未接回拨'));
    const { stdout } = await runCli(['register', '--config', configFile, '--json']);
    const [entry] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(entry).toMatchObject({ category: 'complaint', content: '投诉楼上噪音', address: '嘉园2栋1单元201室', firstResponder: OPERATOR.badge });
    const back = (await allEvents(dataDir)).find((e) => e.kind === 'call.called-back');
    expect(back).toMatchObject({ actor: OPERATOR.badge, data: { entryId: entry!.id } });
  }, 60_000);

  it('H9: an alarm takes over the screen until a badge takes it on; its report to the director stays until a supervisor acknowledges it with a note, the operator\'s badge refused in Chinese', async () => {
    const { term, panel, dataDir, scanner } = await signedOnSite({ width: 100, height: 30 });
    const scan = (badge: string) => writeFileSync(scanner.panel, `${badge}\r\n`);
    await panel.run(['alarm B02-U1-201 FIRE']);
    const alarm = await term.waitFor('警报');
    expect(alarm).toContain('火警');
    expect(alarm).toContain('嘉园2栋1单元201室');
    await term.keys('Escape', 'F3', 'Enter');
    expect(await term.screen()).toContain('请刷卡接警');
    scan(SECOND_OPERATOR.badge);
    await term.waitFor(`${SECOND_OPERATOR.name} 已接警`);
    expect(await term.screen()).not.toContain('请刷卡接警');

    // The report stays on the calls pane; Enter opens it, the note is typed, then a badge signs.
    await term.waitFor('上报主任');
    await term.keys('Enter');
    await term.waitFor('处理情况');
    scan(SUPERVISOR.badge);
    await term.waitFor('请先填写处理情况');
    await term.type('消防已到场核实，系误报');
    scan(OPERATOR.badge);
    const refused = await term.waitFor('确认上报主任须由主管或以上刷卡');
    expect(englishSentences(refused)).toEqual([]);
    scan(SUPERVISOR.badge);
    await term.waitFor(`上报已由 ${SUPERVISOR.name} 确认`);
    await term.waitFor((s) => !s.includes('上报主任'));

    const events = (await allEvents(dataDir)).filter((e) => e.kind.startsWith('alarm.'));
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ['alarm.raised', 'panel'],
      ['alarm.taken-on', SECOND_OPERATOR.badge],
      ['alarm.acknowledged', SUPERVISOR.badge],
    ]);
    expect(events[2]!.data).toMatchObject({ note: '消防已到场核实，系误报' });
  }, 60_000);

  it('H2: a badge burst typed while a text field has focus signs, and the field is left as it was', async () => {
    const { term, dataDir } = await signedOnSite();
    await term.keys('F2');
    await term.waitFor('新登记');
    await term.keys('C-u');
    await term.type('5栋');
    await pause(100);
    await term.scanBadge(SECOND_OPERATOR.badge);
    await term.waitFor(`刷卡：${SECOND_OPERATOR.name}`);
    const screen = await term.screen();
    const addressLine = screen.split('\n').find((l) => l.startsWith('地址'))!;
    expect(addressLine.trim()).toBe('地址  5栋');
    expect(screen).not.toContain('EMP-');
    // Typing goes on into the same field.
    await term.type('2单元');
    expect((await term.waitFor('5栋2单元')).split('\n').find((l) => l.startsWith('地址'))!.trim()).toBe('地址  5栋2单元');
    // The scan signed nothing on its own (the operator on duty stays), and nothing was typed into the register.
    expect((await allEvents(dataDir)).filter((e) => e.kind === 'duty.signed-on')).toHaveLength(1);
    // One stray Esc does not throw the typed text away; a second one leaves the form.
    await term.keys('Escape');
    await term.waitFor('内容尚未保存：再按 Esc 放弃');
    expect(await term.screen()).toContain('5栋2单元');
    await term.keys('Escape');
    await term.waitFor('来电 (0)');
  }, 60_000);

  it('H1: with nobody on duty the console asks for a badge first; an unknown badge is refused and signs nothing', async () => {
    const site = await consoleSite();
    panels.push(site.panel);
    await site.term.waitFor('请值班员刷卡上岗');
    // F2 before anyone is on duty opens nothing, now or later: the console shows the main screen after sign-on.
    await site.term.keys('F2');
    await site.term.scanBadge('EMP-999999');
    await site.term.waitFor('刷卡无效');
    expect(await site.term.screen()).toContain('请值班员刷卡上岗');
    await site.term.scanBadge(OPERATOR.badge);
    await site.term.waitFor(`值班 ${OPERATOR.name}`);
    await site.term.waitFor(`${OPERATOR.name} 已上岗`);
    const after = await site.term.screen();
    expect(after).toContain('来电 (0)');
    expect(after).not.toContain('新登记');
    const kinds = (await allEvents(site.dataDir)).map((e) => e.kind);
    expect(kinds).toContain('badge.refused');
    expect(kinds.filter((k) => k === 'duty.signed-on')).toHaveLength(1);
  }, 60_000);
});

describe('the console in English', () => {
  it('--lang en: the same screens in English', async () => {
    const site = await consoleSite({ lang: 'en' });
    panels.push(site.panel);
    await site.term.waitFor('NOBODY ON DUTY');
    await site.term.scanBadge(OPERATOR.badge);
    await site.term.waitFor(`on duty ${OPERATOR.name}`);
    await site.panel.run(['call B03-U1-1202']);
    const screen = await site.term.waitFor('RINGING');
    expect(screen).toContain('嘉园3栋1单元1202室');
    expect(screen).toContain('Calls (1)');
    expect(screen).not.toMatch(/来电|值班/);
  }, 60_000);
});

describe('F9: sync to the service desk from the console (R8)', () => {
  it('R8: F9 delivers the register to the shared folder; once the desk has taken it in, the backlog is 0', async () => {
    const site = await consoleSite({
      beforeStart: async (configFile) => {
        const config = JSON.parse(readFileSync(configFile, 'utf8')) as { sync: { target: string } };
        expect(config.sync.target).toBe('dir:./desk-inbox');
      },
    });
    panels.push(site.panel);
    const { term, configFile } = site;
    await term.waitFor('请值班员刷卡上岗');
    await term.scanBadge(OPERATOR.badge);
    await term.waitFor(`值班 ${OPERATOR.name}`);
    await term.keys('F9');
    // A shared folder takes the batch at once; the desk's receipt comes when it imports it.
    await term.waitFor(/已送达服务中心共享文件夹（本次 \d+ 条），等待服务中心导入回执/);
    const inbox = join(dirname(configFile), 'desk-inbox');
    const store = join(dirname(configFile), 'desk-store');
    const secret = (JSON.parse(readFileSync(configFile, 'utf8')) as { sync: { secret: string } }).sync.secret;
    const imported = await runCli(['desk', 'import', inbox, '--store', store], { CONTROL_ROOM_DESK_SECRET: secret });
    expect(imported.code, imported.stderr).toBe(0);
    await term.keys('F9');
    await term.waitFor('同步完成：服务中心已收到全部记录');
    const desk = await runCli(['desk', 'log', '--store', store, '--site', 'JY01', '--json']);
    expect(desk.stdout).toContain('duty.signed-on');
  }, 60_000);
});
