import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadDeskConfig } from '../../src/desk/config/load.js';
import type { DeskConfig } from '../../src/desk/config/types.js';
import { importBatch } from '../../src/desk/import.js';
import { intakeHandler } from '../../src/desk/serve.js';
import type { DeskStore } from '../../src/desk/store.js';
import { PasswordFile } from '../../src/desk/web/auth/passwords.js';
import { startDeskWeb, type DeskWebServer } from '../../src/desk/web/server.js';
import { Engine } from '../../src/engine/engine.js';
import type { SiteConfig } from '../../src/config/types.js';
import { FakeClock, systemClock, type Clock } from '../../src/time/clock.js';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore } from '../../src/desk/open-store.js';
import { batchOf, journalEvents, SECRET, TEST_PG } from './desk.js';
import { RefusalLog } from '../../src/desk/web/data/refusal-log.js';
import { OPERATOR, REPAIR } from './journal.js';
import { makeSite, ROOT } from './site.js';

/** The desk's people in the tests: a clerk per site, a supervisor and the director; one password each. */
export const PEOPLE = {
  clerk: { badge: 'EMP-000501', name: '林晓燕', password: 'clerk-pass-0501' },
  clerk2: { badge: 'EMP-000502', name: '杨静', password: 'clerk-pass-0502' },
  supervisor: { badge: 'EMP-000503', name: '周敏', password: 'super-pass-0503' },
  director: { badge: 'EMP-000601', name: '黄文涛', password: 'director-pass-0601' },
};

const ROSTER = `badge,name,role,sites,active
EMP-000501,林晓燕,clerk,JY01,1
EMP-000502,杨静,clerk,JY02,1
EMP-000503,周敏,supervisor,*,1
EMP-000601,黄文涛,director,*,1
EMP-000509,停用者,clerk,JY01,0
`;

/** A desk folder: desk.json, its roster and secrets (0600), passwords set; the store given. */
export async function deskFolder(store: string): Promise<DeskConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-deskweb-'));
  writeFileSync(join(dir, 'desk-roster.csv'), ROSTER);
  writeFileSync(join(dir, 'desk-secrets.json'), JSON.stringify({ JY01: SECRET, JY02: `${SECRET}-jy02` }));
  chmodSync(join(dir, 'desk-secrets.json'), 0o600);
  writeFileSync(join(dir, 'desk.json'), JSON.stringify({ store, sites: ['JY01', 'JY02'], secrets: 'desk-secrets.json', roster: 'desk-roster.csv', dataDir: './desk-data', listen: { port: 0 } }, null, 2));
  const config = loadDeskConfig(join(dir, 'desk.json'));
  const passwords = new PasswordFile(config.dataDir);
  for (const p of Object.values(PEOPLE)) await passwords.set(p.badge, p.password, '2026-11-30T09:00:00.000+08:00');
  return config;
}

/**
 * A control room that worked Sunday and Monday morning (the suite stands at Monday 2026-11-30
 * 10:00): repairs, a complaint, a question answered, an unclear request, a correction; Sunday is
 * closed. Its engine stays running on a fake clock for the test to add to.
 */
export async function workedControlRoom() {
  const site = makeSite({ panel: undefined });
  const clock = new FakeClock('2026-11-29T08:05:00+08:00');
  let engine = await Engine.start(site.config, { clock });
  const repair = await engine.recordEntry(REPAIR, OPERATOR);
  clock.set('2026-11-29T09:30:00+08:00');
  await engine.recordEntry({ channel: 'phone', category: 'complaint', address: '嘉园1栋1单元301室', resident: '王伟', phone: '13800000301', content: '楼上夜间噪音' }, 'EMP-000102');
  clock.set('2026-11-29T15:00:00+08:00');
  await engine.closeEntry(repair.id, '已疏通，住户确认', OPERATOR);
  clock.set('2026-11-30T08:10:00+08:00');
  await engine.closeFinishedDays();
  await engine.recordEntry({ ...REPAIR, station: 'B01-U2-0801', address: '嘉园1栋2单元801室', resident: '赵敏', phone: '13900000801', content: '厨房水龙头漏水', appointmentAt: '2026-11-30 14:00' }, OPERATOR);
  clock.set('2026-11-30T08:40:00+08:00');
  const q = await engine.recordEntry({ channel: 'walk-in', category: 'consultation', content: '停车证怎么办理 <b>加急</b>' }, 'EMP-000102');
  await engine.closeEntry(q.id, '已告知流程', 'EMP-000102');
  clock.set('2026-11-30T09:10:00+08:00');
  const unclear = await engine.recordEntry({ channel: 'phone', category: 'request', address: '嘉园4栋1单元1301室', content: '更换门锁' }, OPERATOR);
  clock.set('2026-11-30T09:20:00+08:00');
  await engine.amendEntry(unclear.id, { content: '更换入户门锁芯' }, '住户补充说明', 'EMP-000102');
  clock.set('2026-11-30T09:40:00+08:00');
  await engine.recordEntry({ channel: 'intercom', category: 'complaint', station: 'B02-U2-0202', address: '嘉园2栋2单元202室', resident: '唐晓东', phone: '13900000202', content: '电梯异响' }, OPERATOR);
  return {
    ...site,
    clock,
    get engine() {
      return engine;
    },
    async restart() {
      engine = await Engine.start(site.config, { clock });
      return engine;
    },
  };
}

/** Everything the control room holds, signed and taken into the desk's store as `desk import` would. */
export async function syncInto(store: DeskStore, config: SiteConfig): Promise<void> {
  const position = await store.position(config.site.id);
  const events = (await journalEvents(config)).filter((e) => e.seq > position.seq);
  if (events.length > 0) await importBatch(store, batchOf(config, events), () => SECRET, '2026-11-30T09:55:00.000+08:00');
}

/** The desk's server on a free port of this machine, with the batch intake beside the pages. */
export async function startDesk(config: DeskConfig, store: DeskStore, clock?: Clock): Promise<DeskWebServer> {
  // As desk serve --config does: the batches refused are kept for the sites page.
  const refusals = new RefusalLog(config.dataDir);
  const now = () => new Date((clock ?? systemClock).now()).toISOString();
  const handle = intakeHandler({ store, secretFor: (s) => config.secrets.get(s), now, onRefused: (r) => refusals.add(now(), r) });
  return startDeskWeb({ config, store, ...(clock ? { clock } : {}), port: 0, host: '127.0.0.1', intake: handle });
}

/**
 * A desk store that lives for a whole test file (the helpers in desk.ts close theirs after each
 * test): a folder, or a database of its own on the test PostgreSQL; `drop` removes it.
 */
export async function deskWithStore(kind: 'folder' | 'postgres') {
  let spec: string;
  let drop = async () => undefined as void;
  if (kind === 'folder') spec = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
  else {
    const name = `cr_web_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_PG });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(TEST_PG);
    url.pathname = `/${name}`;
    spec = url.toString();
    drop = async () => {
      const a = new pg.Client({ connectionString: TEST_PG });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  }
  const store = await openStore(spec, { create: true });
  return {
    store,
    spec,
    config: await deskFolder(spec),
    async close() {
      await store.close();
      await drop();
    },
  };
}

/**
 * Debian's Chromium, headless, one per test file. Playwright gives every launch a fresh temporary
 * profile (--user-data-dir) of its own and refuses one passed as an argument.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // A clerk's browser in Chinese: date and month inputs show 2026/11/30, as theirs do (the
    // context's locale sets only what pages read, not how the browser draws its own controls).
    env: { ...process.env, LANG: 'zh_CN.UTF-8', LANGUAGE: 'zh_CN' },
    args: ['--lang=zh-CN', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const SHOTS = join(ROOT, 'test-results', 'desk');

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

export async function signIn(page: Page, url: string, who: { badge: string; password: string }): Promise<void> {
  await page.goto(`${url}/signin`);
  await page.fill('input[name=badge]', who.badge);
  await page.fill('input[name=password]', who.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}
