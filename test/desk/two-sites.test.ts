import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { SyncService } from '../../src/sync/service.js';
import { FakeClock } from '../../src/time/clock.js';
import { freshPgDatabase, inboxDir } from '../helpers/desk.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';
import { makeSite, runCli } from '../helpers/site.js';

const DAYS = ['2026-11-28', '2026-11-29', '2026-11-30'];

/**
 * A site that worked three days: repairs, a complaint, a question answered, a correction, a paid
 * job completed, each day closed at midnight. Its own secret, and a target the test gives.
 */
async function workedSite(id: string, name: string, target: string) {
  const secret = `${id}-secret-shared-with-the-desk`;
  const site = makeSite({ site: { id, name, timezone: 'Asia/Shanghai' }, panel: undefined, sync: { times: ['08:30', '17:30'], target, secret } });
  const clock = new FakeClock(`${DAYS[0]}T08:00:00+08:00`);
  const engine = await Engine.start(site.config, { clock });
  for (const [d, day] of DAYS.entries()) {
    clock.set(`${day}T08:00:00+08:00`);
    const repair = await engine.recordEntry({ ...REPAIR, content: `${id} ${day} 报修` }, OPERATOR);
    clock.advance(600_000);
    await engine.recordEntry({ channel: 'phone', category: 'complaint', address: '嘉园1栋1单元301室', resident: '王伟', phone: '13800000301', content: `${id} 夜间噪音 ${d}` }, 'EMP-000102');
    clock.advance(600_000);
    const q = await engine.recordEntry({ channel: 'walk-in', category: 'consultation', content: `${id} 停车证怎么办理` }, OPERATOR);
    await engine.closeEntry(q.id, '已告知流程', OPERATOR);
    await engine.amendEntry(repair.id, { content: `${id} ${day} 报修,已溢水` }, '住户补充', 'EMP-000102');
    await engine.record({ kind: 'order.completed', actor: 'EMP-000201', data: { orderNo: `${id}-WO-${d + 1}`, entryId: repair.id, totalFen: 15_000 + d * 5_000 } });
  }
  clock.set('2026-12-01T08:30:00+08:00');
  await engine.closeFinishedDays();
  return { ...site, engine, clock, secret };
}

async function same(store: string, sites: Awaited<ReturnType<typeof workedSite>>[]) {
  for (const s of sites) {
    for (const day of [...DAYS, '2026-12-01']) {
      const log = await runCli(['log', '--config', s.configFile, '--date', day, '--json']);
      const deskLog = await runCli(['desk', 'log', '--store', store, '--site', s.config.site.id, '--date', day, '--json']);
      expect(deskLog.stderr).toBe('');
      expect(deskLog.stdout).not.toBe('');
      expect(deskLog.stdout).toBe(log.stdout);
      const reg = await runCli(['register', '--config', s.configFile, '--date', day, '--json']);
      const deskReg = await runCli(['desk', 'register', '--store', store, '--site', s.config.site.id, '--date', day, '--json']);
      expect(deskReg.stdout).toBe(reg.stdout);
    }
    // Personal data reaches the desk (it phones residents back) but never its log.
    const reg = JSON.parse((await runCli(['desk', 'register', '--store', store, '--site', s.config.site.id, '--date', DAYS[0]!, '--json'])).stdout) as { phone: string }[];
    expect(reg[1]!.phone).toBe('13800000301');
  }
  const verify = await runCli(['desk', 'verify', '--store', store, '--lang', 'en']);
  expect(verify.code).toBe(0);
  expect(verify.stdout).toMatch(/^JY01: intact, 21 events, seq 1-21, 1 batch\nJY02: intact, 21 events, seq 1-21, 1 batch\n$/);
}

describe('two sites syncing into one desk', () => {
  it('into one real PostgreSQL at once: each keyed by site and seq; desk log and register equal the control room\'s', async () => {
    const url = await freshPgDatabase();
    const sites = await Promise.all([workedSite('JY01', '嘉园管理处', url), workedSite('JY02', '和园管理处', url)]);
    const services = sites.map((s) => new SyncService({ config: s.config, clock: s.clock }));
    const outcomes = await Promise.all(services.map((svc) => svc.syncNow()));
    expect(outcomes.map((o) => [o.ok, o.sent, o.acknowledgedSeq, o.error])).toEqual([
      [true, 21, 21, undefined],
      [true, 21, 21, undefined],
    ]);
    // Twice more, at once: nothing new, nothing doubled.
    expect((await Promise.all(services.map((svc) => svc.syncNow()))).map((o) => o.sent)).toEqual([0, 0]);
    for (const s of sites) await s.engine.stop();
    await same(url, sites);
    const lists = JSON.parse((await runCli(['desk', 'followups', '--store', url, '--date', '2026-12-01', '--json'])).stdout) as { site: string; items: { rule: string }[] }[];
    expect(lists.map((l) => l.site)).toEqual(['JY01', 'JY02']);
    expect(lists.map((l) => l.items.filter((i) => i.rule === 'F4').length)).toEqual([2, 2]); // 200.00 and 250.00 yuan
  });

  it('into the folder store, through one shared folder and `desk import` with a secret per site', async () => {
    const inbox = inboxDir();
    const sites = await Promise.all([workedSite('JY01', '嘉园管理处', `dir:${inbox}`), workedSite('JY02', '和园管理处', `dir:${inbox}`)]);
    const outcomes = await Promise.all(sites.map((s) => s.engine.syncNow()));
    expect(outcomes.map((o) => [o.ok, o.deliveredSeq])).toEqual([
      [true, 21],
      [true, 21],
    ]);
    const secrets = join(mkdtempSync(join(tmpdir(), 'cr-secrets-')), 'secrets.json');
    writeFileSync(secrets, JSON.stringify(Object.fromEntries(sites.map((s) => [s.config.site.id, s.secret]))));
    const store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
    const imported = await runCli(['desk', 'import', inbox, '--store', store, '--secrets', secrets]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^已导入 JY01-0000000001-0000000021\.batch：新增 21 条，已有 0 条；JY01 现已收至序号 21\n已导入 JY02-0000000001-0000000021\.batch：新增 21 条/);
    expect((await Promise.all(sites.map((s) => s.engine.syncNow()))).map((o) => [o.acknowledgedSeq, o.backlog])).toEqual([
      [21, 0],
      [21, 0],
    ]);
    for (const s of sites) await s.engine.stop();
    await same(store, sites);
  });
});
