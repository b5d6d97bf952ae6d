import { statSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskStore } from '../../src/desk/store.js';
import type { DeskWebServer } from '../../src/desk/web/server.js';
import { deskWithStore, launchChromium, PEOPLE, shot, signIn, startDesk, syncInto, workedControlRoom } from '../helpers/desk-web.js';
import { batchOf, journalEvents } from '../helpers/desk.js';
import { OPERATOR } from '../helpers/journal.js';
import { runCli } from '../helpers/site.js';
import { FakeClock } from '../../src/time/clock.js';
import { webWords } from '../../screens/web/words.js';
import { englishSentences } from '../helpers/tmux.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const VIEWPORT = { width: 1366, height: 768 };

/** The same browser tests over both stores: the pages must not care which holds the register. */
describe.each(['folder', 'postgres'] as const)('the desk in the browser, %s store', (kind) => {
  let desk: DeskWebServer;
  let store: DeskStore;
  let room: Awaited<ReturnType<typeof workedControlRoom>>;
  let d: Awaited<ReturnType<typeof deskWithStore>>;

  beforeAll(async () => {
    room = await workedControlRoom();
    d = await deskWithStore(kind);
    store = d.store;
    await syncInto(store, room.config);
    desk = await startDesk(d.config, store);
  });
  afterAll(async () => {
    await desk?.close();
    await room?.engine.stop();
    await d?.close();
  });

  const page = async (): Promise<Page> => (await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();

  it('signs in; a wrong password is refused, five lock the account (recorded), and the right one is refused while locked', async () => {
    const p = await page();
    await p.goto(`${desk.url}/register/JY01`);
    expect(new URL(p.url()).pathname).toBe('/signin');
    await shot(p, `${kind}-signin`);
    await p.fill('input[name=badge]', PEOPLE.clerk.badge);
    await p.fill('input[name=password]', 'not-the-password');
    await p.click('button[type=submit]');
    await expect(p.locator('.problem').textContent()).resolves.toContain('工号或密码不对');
    await p.fill('input[name=password]', PEOPLE.clerk.password);
    await Promise.all([p.waitForURL(/\/register\/JY01$/), p.click('button[type=submit]')]);
    await expect(p.locator('h1').textContent()).resolves.toContain('《业户服务/需求/意见记录表》 2026-11-30');
    await expect(p.locator('.menu .who').textContent()).resolves.toContain('林晓燕');

    const q = await page();
    for (let i = 0; i < 5; i++) {
      await q.goto(`${desk.url}/signin`);
      await q.fill('input[name=badge]', PEOPLE.supervisor.badge);
      await q.fill('input[name=password]', `wrong-${i}`);
      await q.click('button[type=submit]');
    }
    await expect(q.locator('.problem').textContent()).resolves.toMatch(/账号已锁定至 \d\d:\d\d/);
    await q.fill('input[name=password]', PEOPLE.supervisor.password);
    await q.click('button[type=submit]');
    expect(new URL(q.url()).pathname).toBe('/signin');
    await expect(q.locator('.problem').textContent()).resolves.toContain('账号已锁定');
    await shot(q, `${kind}-locked`);
    await q.context().close();

    // The director reads the lock and the failed tries in the audit log.
    const dir = await page();
    await signIn(dir, desk.url, PEOPLE.director);
    await dir.goto(`${desk.url}/audit`);
    const audit = await dir.locator('table.audit').textContent();
    expect(audit).toContain('锁定');
    expect(audit).toContain('登录失败');
    expect(audit).toContain('嘉园管理处 登记表 2026-11-30');
    expect(audit).toContain('密码错误');
    expect(audit).toContain('连续 5 次登录失败，锁定');
    // What the records are about is worded in Chinese: no English sentence from the server.
    expect(englishSentences(audit ?? '')).toEqual([]);
    await shot(dir, `${kind}-audit`);
    await dir.context().close();
    await p.context().close();
  });

  it('a page is refused without a session, and a form with a forged CSRF token is refused even with one', async () => {
    const anon = await fetch(`${desk.url}/register/JY01`, { redirect: 'manual' });
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toBe('/signin?next=%2Fregister%2FJY01');
    const post = await fetch(`${desk.url}/followups/JY01`, { method: 'POST', body: new URLSearchParams({ rule: 'F2', item: 'x', result: 'satisfied' }), redirect: 'manual' });
    expect(post.status).toBe(401);

    const p = await page();
    await signIn(p, desk.url, PEOPLE.clerk);
    const forged = await p.evaluate(async () => {
      const r = await fetch('/followups/JY01', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=forged-token&rule=F2&item=20261129-001&result=satisfied&method=phone' });
      return { status: r.status, text: await r.text() };
    });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('安全校验未通过');
    await p.setContent(forged.text);
    await shot(p, `${kind}-csrf-refused`);
    expect(await store.followups('JY01')).toEqual([]);
    await p.context().close();
  });

  it("the register of a day is the control room's `register --json`: every entry, its fields, names for badges", async () => {
    const cli = await runCli(['register', '--config', room.configFile, '--date', '2026-11-30', '--json']);
    const expected = JSON.parse(cli.stdout) as { id: string; address: string | null; resident: string | null; phone: string | null; content: string | null; status: string; firstResponder: string; result: string | null }[];
    expect(expected.length).toBe(4);
    const p = await page();
    await signIn(p, desk.url, PEOPLE.clerk);
    await p.goto(`${desk.url}/register/JY01?day=2026-11-30`);
    const rows = await p.locator('table.register tbody tr').evaluateAll((trs) => trs.map((tr) => ({ id: tr.getAttribute('data-id'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '') })));
    expect(rows.map((r) => r.id)).toEqual(expected.map((e) => e.id));
    const names: Record<string, string> = { 'EMP-000101': '王建国', 'EMP-000102': '李秀英' };
    for (const [i, e] of expected.entries()) {
      const c = rows[i]!.cells;
      expect([c[3], c[4], c[5], c[7], c[10], c[11]]).toEqual([e.address ?? '', e.resident ?? '', e.phone ?? '', e.content ?? '', names[e.firstResponder], e.result ?? '']);
      expect(c[9]).toContain(e.status === 'open' ? '待办' : '已完结');
    }
    // Markup typed into the register is shown as text, never run.
    expect(await p.locator('table.register b').count()).toBe(0);
    expect(rows.some((r) => r.cells[7]!.includes('<b>加急</b>'))).toBe(true);
    await shot(p, `${kind}-register`);
    // The filters narrow in place (htmx): the unclear request alone.
    await p.check('input[name=unclear]');
    await p.waitForFunction(() => document.querySelectorAll('table.register tbody tr').length === 1);
    await shot(p, `${kind}-register-unclear`);
    await p.goto(`${desk.url}/entries/JY01/${expected[2]!.id}`);
    await expect(p.locator('body').textContent()).resolves.toContain('住户补充说明');
    await shot(p, `${kind}-entry`);
    await p.context().close();
  });

  it('an XLSX downloaded from the register reads back with Chinese values, real dates and names', async () => {
    const p = await page();
    await signIn(p, desk.url, PEOPLE.clerk);
    await p.goto(`${desk.url}/register/JY01?day=2026-11-29`);
    const [download] = await Promise.all([p.waitForEvent('download'), p.click('a[href$="xlsx?day=2026-11-29"]')]);
    const file = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('嘉园管理处 《业户服务/需求/意见记录表》 2026-11-29');
    const row = sheet.getRow(3);
    expect(row.getCell(1).value).toBe('20261129-001');
    expect(row.getCell(2).value).toEqual(new Date(Date.UTC(2026, 10, 29, 8, 5)));
    expect([row.getCell(3).value, row.getCell(7).value, row.getCell(11).value, row.getCell(12).value]).toEqual(['对讲', '报修', '王建国', '已疏通，住户确认']);
    expect(row.getCell(10).value).toBe('已完结');
    // A summary's workbook too: its sheet and headings in Chinese.
    const summary = await p.request.get(`${desk.url}/summaries/JY01/xlsx?kind=overdueRate&month=2026-11`);
    expect(summary.status()).toBe(200);
    const rates = new ExcelJS.Workbook();
    await rates.xlsx.load((await summary.body()) as unknown as ArrayBuffer);
    const rateSheet = rates.worksheets[0]!;
    expect(rateSheet.name).toMatch(/^每周逾期率/);
    expect(rateSheet.getRow(2).values).toEqual([undefined, '', '登记', '逾期', '%']);
    await p.context().close();
  });

  it('records a follow-up in place as the signed-in person, and the item leaves the list', async () => {
    const p = await page();
    await signIn(p, desk.url, PEOPLE.clerk);
    await p.goto(`${desk.url}/followups/JY01`);
    const row = p.locator('tr[data-rule="F2"][data-item="20261129-001"]');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.locator('.countdown-due').textContent()).resolves.toMatch(/剩/);
    await shot(p, `${kind}-followups`);
    await row.locator('select[name=method]').selectOption('phone');
    await row.locator('select[name=result]').selectOption('satisfied');
    await row.locator('input[name=note]').fill('住户说已修好');
    await row.locator('button[type=submit]').click();
    await p.waitForSelector('tr.recorded');
    await expect(p.locator('tr.recorded').textContent()).resolves.toContain('已记录 JY01-FU-0001');
    await shot(p, `${kind}-followup-recorded`);
    const records = await store.followups('JY01');
    expect(records.map((r) => [r.rule, r.item, r.result, r.method, r.by, r.note])).toEqual([['F2', '20261129-001', 'satisfied', 'phone', PEOPLE.clerk.badge, '住户说已修好']]);
    // Sent again (a double click, a second tab): refused in Chinese, with the local time of the first.
    const csrf = await p.locator('input[name=_csrf]').first().getAttribute('value');
    const again = await p.request.post(`${desk.url}/followups/JY01`, { headers: { 'hx-request': 'true' }, form: { _csrf: csrf!, rule: 'F2', item: '20261129-001', result: 'satisfied', method: 'phone', day: '2026-11-30' } });
    expect(again.status()).toBe(400);
    expect(await again.text()).toMatch(/F2 20261129-001 已在 11-30 \d\d:\d\d 回访过（JY01-FU-0001），不再重复记录。/);
    await p.reload();
    await expect(p.locator('tr[data-rule="F2"][data-item="20261129-001"]').count()).resolves.toBe(0);
    // F5 is the maintenance supervisor's: the clerk sees whose it is, not a form that would refuse.
    const f5 = p.locator('tr[data-rule="F5"][data-item="20261129-001"]');
    await expect(f5.textContent()).resolves.toContain('由维修主管回访记录');
    await expect(f5.locator('form').count()).resolves.toBe(0);
    await p.context().close();
  });

  it("the director's quality view shows a cash violation and a late order made in this test", async () => {
    const engine = room.engine;
    room.clock.set('2026-11-30T09:41:00+08:00');
    const entry = (await engine.entriesOfDay('2026-11-30')).find((e) => e.content === '厨房水龙头漏水')!;
    const o = await engine.orders.create(entry.id, {}, OPERATOR);
    await engine.orders.dispatch(o.orderNo, { technician: 'EMP-000401' }, OPERATOR);
    // A quarter of a 30-minute job (W3: 7.5 minutes), done in 14: late.
    await engine.orders.price(o.orderNo, [{ code: 'L001', quantity: '0.25' }], OPERATOR);
    await engine.orders.agree(o.orderNo, 750, OPERATOR);
    await engine.orders.start(o.orderNo, 'EMP-000401', { at: '2026-11-30 09:41' });
    room.clock.set('2026-11-30T09:55:00+08:00');
    await engine.orders.complete(o.orderNo, 'EMP-000401');
    await engine.orders.recordCash(o.orderNo, { amountFen: 750 }, OPERATOR);
    await syncInto(store, room.config);

    const p = await page();
    await signIn(p, desk.url, PEOPLE.director);
    await p.goto(`${desk.url}/quality?site=JY01`);
    await expect(p.locator('table.findings[data-kind="late"]').textContent()).resolves.toContain(o.orderNo);
    const cash = await p.locator('table.findings[data-kind="cash"]').textContent();
    expect(cash).toContain(o.orderNo);
    expect(cash).toContain('7.50');
    expect(cash).toContain('吴德明');
    await shot(p, `${kind}-quality`);
    await p.goto(`${desk.url}/summaries/JY01`);
    await p.waitForFunction(() => document.querySelectorAll('.chart canvas').length === 3);
    await shot(p, `${kind}-summaries`);
    // A batch signed with another secret is refused; the sites page says why and what to do, in Chinese.
    const forged = await fetch(`${desk.url}/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: new Uint8Array(batchOf(room.config, await journalEvents(room.config), 'not-the-secret')) });
    expect(forged.status).toBe(401);
    await p.goto(`${desk.url}/sites`);
    await expect(p.locator('tr[data-site="JY01"]').textContent()).resolves.toContain('完整');
    await expect.poll(async () => (await p.reload(), await p.locator('main').textContent())).toContain('签名不符');
    expect(englishSentences((await p.locator('main').textContent()) ?? '')).toEqual([]);
    await shot(p, `${kind}-sites`);
    await p.context().close();
  });

  it('a clerk is refused a site not on their roster line (in Chinese, and recorded), and the director\'s pages', async () => {
    const p = await page();
    await signIn(p, desk.url, PEOPLE.clerk);
    const r = await p.goto(`${desk.url}/register/JY02`);
    expect(r?.status()).toBe(403);
    await expect(p.locator('.error').textContent()).resolves.toContain('您的权限不包括管理处 JY02');
    await shot(p, `${kind}-refused-site`);
    expect((await p.goto(`${desk.url}/quality`))?.status()).toBe(403);
    await p.context().close();
  });
});

describe('the lockout across a restart', () => {
  it('five failures lock; a try while locked is not a sixth: after the lock, a restarted desk locks again at the fifth new failure, not the fourth', async () => {
    const d = await deskWithStore('folder');
    const clock = new FakeClock(Date.parse('2026-11-30T10:00:00+08:00'));
    const tryPassword = async (web: DeskWebServer, password: string) => {
      const form = await web.app.inject({ method: 'GET', url: '/signin' });
      const cookie = String(form.headers['set-cookie']).split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      const r = await web.app.inject({ method: 'POST', url: '/signin', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, badge: PEOPLE.supervisor.badge, password }).toString() });
      return r.statusCode;
    };
    let web = await startDesk(d.config, d.store, clock);
    for (let i = 0; i < 4; i++) expect(await tryPassword(web, `wrong-${i}`)).toBe(401);
    expect(await tryPassword(web, 'wrong-4')).toBe(429);
    clock.advance(10 * 60_000);
    expect(await tryPassword(web, PEOPLE.supervisor.password)).toBe(429); // while locked
    await web.close();
    clock.advance(6 * 60_000); // the 15 minutes are over; the try while locked is 6 minutes old
    web = await startDesk(d.config, d.store, clock);
    for (let i = 0; i < 4; i++) expect(await tryPassword(web, `again-${i}`)).toBe(401);
    expect(await tryPassword(web, 'again-4')).toBe(429);
    await web.close();
    await d.close();
  });
});

describe('a store that fails', () => {
  it('a database away is said as such (503), not as a site the desk holds nothing for (404)', async () => {
    const d = await deskWithStore('folder');
    const away = new Proxy(d.store, {
      get(target, key) {
        if (key === 'profile') return () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const web = await startDesk(d.config, away);
    const form = await web.app.inject({ method: 'GET', url: '/signin' });
    const cookie = String(form.headers['set-cookie']).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const signedIn = await web.app.inject({ method: 'POST', url: '/signin', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, badge: PEOPLE.clerk.badge, password: PEOPLE.clerk.password }).toString() });
    const session = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const page = await web.app.inject({ method: 'GET', url: '/register/JY01', headers: { cookie: session } });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain(webWords('zh').errors.store);
    await web.close();
    await d.close();
  });
});

describe('desk files', () => {
  it('the password file and the audit log are the desk user\'s only (0600)', async () => {
    const d = await deskWithStore('folder');
    expect(statSync(`${d.config.dataDir}/passwords.json`).mode & 0o777).toBe(0o600);
    await d.close();
  });
});
