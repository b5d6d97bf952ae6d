import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { FakeClock } from '../../src/time/clock.js';
import { inboxDir, SECRET } from '../helpers/desk.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';
import { waitFor } from '../helpers/panel-site.js';
import { CLI, makeSite, runCli } from '../helpers/site.js';
import { englishSentences } from '../helpers/tmux.js';

const DESK_ENV = { CONTROL_ROOM_DESK_SECRET: SECRET };

/** A site with a day behind it, synced into a shared folder and imported into a folder store by the CLI. */
async function syncedSite(importIt = true) {
  const inbox = inboxDir();
  const site = makeSite({ panel: undefined, sync: { times: ['08:30', '17:30'], target: `dir:${inbox}`, secret: SECRET } });
  const clock = new FakeClock('2026-11-29T08:05:00+08:00');
  const engine = await Engine.start(site.config, { clock });
  const repair = await engine.recordEntry(REPAIR, OPERATOR);
  clock.advance(600_000);
  await engine.recordEntry({ channel: 'phone', category: 'complaint', content: '夜间噪音', address: '嘉园1栋1单元301室' }, 'EMP-000102');
  await engine.record({ kind: 'order.completed', actor: 'EMP-000201', data: { orderNo: 'WO-20261129-01', entryId: repair.id, totalFen: 25_000 } });
  clock.set('2026-11-30T09:00:00+08:00');
  await engine.closeFinishedDays();
  expect((await engine.syncNow()).ok).toBe(true);
  await engine.stop();
  const store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
  if (importIt) expect((await runCli(['desk', 'import', inbox, '--store', store], DESK_ENV)).code).toBe(0);
  return { ...site, inbox, store };
}

describe('control-room desk', () => {
  it("register --csv equals the control room's; --xlsx is the office's workbook: Chinese title and values, real dates, names, the result, 0600", async () => {
    const s = await syncedSite();
    const csv = await runCli(['register', '--config', s.configFile, '--date', '2026-11-29', '--csv']);
    const deskCsv = await runCli(['desk', 'register', '--store', s.store, '--site', 'JY01', '--date', '2026-11-29', '--csv']);
    expect(deskCsv.stdout).toBe(csv.stdout);
    const file = join(mkdtempSync(join(tmpdir(), 'cr-xlsx-')), 'register.xlsx');
    const x = await runCli(['desk', 'register', '--store', s.store, '--site', 'JY01', '--date', '2026-11-29', '--xlsx', file]);
    expect(x.stdout).toBe(`已把 JY01 2026-11-29 的 2 条登记写入 ${file}\n`);
    // Residents' names and phones: this user's only (issue 17 item 14).
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const rows = (sheet.getSheetValues() as unknown[][]).filter(Boolean).map((r) => r.slice(1));
    expect(rows[0]![0]).toBe('嘉园管理处 《业户服务/需求/意见记录表》 2026-11-29');
    expect(rows[1]!.slice(0, 4)).toEqual(['编号', '时间', '渠道', '地址']);
    expect(rows[1]).toContain('结果');
    expect(rows).toHaveLength(4);
    expect(rows[2]!.slice(0, 8)).toEqual(['20261129-001', new Date(Date.UTC(2026, 10, 29, 8, 5)), '对讲', '嘉园3栋1单元1202室', '陈丽', '13900001202', '报修', expect.any(String)]);
    expect(sheet.getRow(3).getCell(2).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(rows[2]![10]).toBe('王建国'); // the first responder by name, from the batch's staff
  });

  it('the table says whether the desk holds the day whole', async () => {
    const s = await syncedSite();
    const closed = await runCli(['desk', 'register', '--store', s.store, '--site', 'JY01', '--date', '2026-11-29']);
    expect(closed.stdout).toContain('嘉园管理处 《业户服务/需求/意见记录表》 2026-11-29');
    expect(closed.stdout).toContain('（2026-11-29 已结束：服务中心已收到全天记录）');
    // Names for badges (from the batch's staff), the result and closing time as columns.
    expect(closed.stdout).toMatch(/首问 +结果 +完结\n/);
    expect(closed.stdout).toMatch(/20261129-001 .* 王建国\n/);
    expect(closed.stdout).not.toContain('EMP-000101');
    const open = await runCli(['desk', 'register', '--store', s.store, '--site', 'JY01', '--date', '2026-11-30', '--lang', 'en']);
    expect(open.stdout).toContain('(2026-11-30 is not closed yet at the desk: later events of the day may still come)');
  });

  it('followups: the work list with seeds; followup record takes results and refuses what no rule covers', async () => {
    const s = await syncedSite();
    const list = await runCli(['desk', 'followups', '--store', s.store, '--site', 'JY01', '--date', '2026-11-30', '--lang', 'en']);
    expect(list.stdout).toMatch(/^嘉园管理处 \(JY01\) follow-ups for 2026-11-30: 5 to do, 0 overdue/);
    expect(list.stdout).toContain('sample 2026-W48 (2026-11-23..2026-11-29): 1 of 1 (30%, rounded up), seed "JY01/F5/2026-W48"');
    expect(list.stdout).toMatch(/F4 jobs of 200\.00 yuan or more.*\n {2}WO-20261129-01 +due 11-30 23:59 .*250\.00 yuan/);
    // Chinese by default, local times, the rule's own words.
    const zh = await runCli(['desk', 'followups', '--store', s.store, '--site', 'JY01', '--date', '2026-11-30']);
    expect(zh.stdout).toMatch(/^嘉园管理处 \(JY01\) 2026-11-30 回访：待办 5 项，逾期 0 项/);
    expect(zh.stdout).toMatch(/F4 200\.00 元以上有偿服务.*\n {2}WO-20261129-01 +期限 11-30 23:59 .*250\.00 元/);
    expect(zh.stdout).toContain('抽样 2026-W48 (2026-11-23..2026-11-29)：1 项中抽 1 项（30%，向上取整），种子 "JY01/F5/2026-W48"');
    expect(zh.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
    const json = JSON.parse((await runCli(['desk', 'followups', '--store', s.store, '--site', 'JY01', '--date', '2026-11-30', '--json'])).stdout) as { items: { rule: string; item: string }[] };
    expect(json.items.map((i) => `${i.rule} ${i.item}`)).toEqual(['F1 20261129-002', 'F2 20261129-001', 'F3 WO-20261129-01', 'F4 WO-20261129-01', 'F5 20261129-001']);

    // Every missing flag named at once.
    const none = await runCli(['desk', 'followup', 'record']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('缺少 --store、--site、--rule、--item、--result、--by：--store 客服中心的存储');
    expect(englishSentences(none.stderr)).toEqual([]);
    const noneEn = await runCli(['desk', 'followup', 'record', '--lang', 'en']);
    expect(noneEn.stderr).toContain('missing --store, --site, --rule, --item, --result, --by: --store the desk store');
    const record = (...args: string[]) => runCli(['desk', 'followup', 'record', '--store', s.store, '--site', 'JY01', '--by', 'EMP-000301', '--lang', 'en', ...args]);
    const ok = await record(
      ...['--rule', 'F4', '--item', 'WO-20261129-01', '--result', 'dissatisfied', '--method', '上门', '--note', '收费有疑问', '--at', '2026-11-30 10:00'],
      ...['--quality', '满意', '--attitude', '基本满意', '--charge', '收费有误'],
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(
      [
        'recorded JY01-FU-0001: F4 WO-20261129-01 dissatisfied (visit, by EMP-000301 as desk supervisor, 11-30 10:00); quality 满意, attitude 基本满意, charge 收费有误',
        'case JY01-FU-0001: fix by 12-03 10:00, then follow up again (F7: --rule F7 --item JY01-FU-0001)',
        'entered the complaint procedure (F8): a clear answer due by 12-03 10:00 (F1)',
        '',
      ].join('\n'),
    );
    const bad = [
      [['--rule', 'F9', '--item', 'x', '--result', 'satisfied'], '--rule "F9" is not one of F1, F2, F3, F4, F5, F6, F7'],
      [['--rule', 'F2', '--item', '20261129-002', '--result', 'satisfied'], 'entry 20261129-002 is a complaint; F2 follows up repairs'],
      [['--rule', 'F2', '--item', '20261129-099', '--result', 'satisfied'], 'JY01 has no register entry 20261129-099 at the desk'],
      [['--rule', 'F2', '--item', '20261129-001', '--result', 'happy'], '--result "happy" is not one of satisfied, dissatisfied, unreachable'],
      [['--rule', 'F3', '--item', 'WO-20261129-01', '--result', '满意'], 'F3 records 质量 (--quality) and 态度 (--attitude) when the resident is reached; missing: quality, attitude'],
      [['--rule', 'F7', '--item', 'JY01-FU-0009', '--result', 'satisfied'], 'there is no case JY01-FU-0009 at JY01'],
      [['--rule', 'F2', '--item', '20261129-001', '--result', 'satisfied', '--at', 'yesterday'], '--at "yesterday" is not a time; use YYYY-MM-DD HH:MM'],
      [['--rule', 'F3', '--item', 'WO-20261129-01', '--result', 'satisfied', '--method', '短信'], '--method "短信" is not one of phone (电话), visit (上门); F3 records 质量 (--quality) and 态度 (--attitude) when the resident is reached; missing: quality, attitude'],
    ] as const;
    for (const [args, message] of bad) {
      const r = await record(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    const other = await runCli(['desk', 'followups', '--store', s.store, '--site', 'JY02']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('the desk holds nothing for site JY02');
  });

  it('import: a batch signed with another secret is refused (exit 1) and set aside; sent again, it is taken; no secret at all is bad input (exit 2)', async () => {
    const s = await syncedSite(false);
    const noSecret = await runCli(['desk', 'import', s.inbox, '--store', s.store], { CONTROL_ROOM_DESK_SECRET: '' });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('its site\'s own shared secret (sync.secret): give --secrets FILE (JSON {"JY01": "…", "JY02": "…"})');
    const wrong = await runCli(['desk', 'import', s.inbox, '--store', s.store], { CONTROL_ROOM_DESK_SECRET: 'not-the-right-secret-at-all' });
    expect(wrong.code).toBe(1);
    // One secret for all sites is taken, with a warning (issue 17 item 7).
    expect(wrong.stderr).toMatch(/^control-room: warning: CONTROL_ROOM_DESK_SECRET gives every site the same secret/);
    wrong.stderr = wrong.stderr.split('\n').slice(1).join('\n');
    // In the desk's language, what is wrong and what to do (the engine's detail stays in --json and refused/).
    expect(wrong.stderr).toMatch(/^拒收 JY01-0000000001-0000000004\.batch（已移至 refused\/）：签名不符：该管理处的同步密钥与客服中心登记的不一致.*请核对双方密钥。$/m);
    expect(englishSentences(wrong.stderr.split('\n')[0]!)).toEqual([]);
    expect(readFileSync(join(s.inbox, 'refused', 'JY01-0000000001-0000000004.batch.txt'), 'utf8')).toMatch(/^unauthenticated: batch JY01 seq 1-4: the HMAC does not match/);
    expect(readdirSync(join(s.inbox, 'refused')).sort()).toEqual(['JY01-0000000001-0000000004.batch', 'JY01-0000000001-0000000004.batch.txt']);
    const again = await runCli(['sync', '--config', s.configFile]);
    expect(again.stdout).toContain('4 events in 1 batch');
    const right = await runCli(['desk', 'import', s.inbox, '--store', s.store], DESK_ENV);
    expect(right.code).toBe(0);
    expect(right.stdout).toContain('新增 4 条，已有 0 条；JY01 现已收至序号 4');
    const missing = await runCli(['desk', 'log', '--store', join(s.inbox, 'nope'), '--site', 'JY01']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('there is no desk store at');
  });

  it('summary repairs and consultations, and verify', async () => {
    const s = await syncedSite();
    const repairs = await runCli(['desk', 'summary', 'repairs', '--store', s.store, '--site', 'JY01', '--month', '2026-11', '--lang', 'en']);
    const repairsZh = await runCli(['desk', 'summary', 'repairs', '--store', s.store, '--site', 'JY01', '--month', '2026-11']);
    expect(repairsZh.stdout).toContain('嘉园管理处 (JY01) 2026-11 维修回访月报（F2，报主任）\n维修 1；已回访 0（0.0%）');
    expect(repairs.stdout).toContain('嘉园管理处 (JY01) repair callbacks, 2026-11 (F2, for the director)\nrepairs 1; called back 0 (0.0%)');
    const f = await runCli(['desk', 'summary', 'followups', '--store', s.store, '--site', 'JY01', '--month', '2026-11', '--lang', 'en']);
    expect(f.stdout).toContain('F4 jobs of 200 yuan or more reached 0: quality (质量) 满意 0, 基本满意 0, 不满意 0');
    const fZh = await runCli(['desk', 'summary', 'followups', '--store', s.store, '--site', 'JY01', '--month', '2026-11']);
    expect(fZh.stdout).toContain('F4 200 元以上回访到 0：质量 满意 0，基本满意 0，不满意 0');
    const q = await runCli(['desk', 'summary', 'consultations', '--store', s.store, '--site', 'JY01', '--quarter', '2026-Q4', '--json']);
    expect(JSON.parse(q.stdout)).toMatchObject({ quarter: { id: '2026-Q4' }, total: 0 });
    const badQ = await runCli(['desk', 'summary', 'consultations', '--store', s.store, '--site', 'JY01', '--quarter', '2026-Q5']);
    expect(badQ.stderr).toContain('--quarter "2026-Q5" 不是季度，请写成 YYYY-Qn，如 2026-Q4');
    const v = await runCli(['desk', 'verify', '--store', s.store, '--json']);
    expect(JSON.parse(v.stdout)).toEqual([{ site: 'JY01', ok: true, events: 4, lastSeq: 4, lastHash: expect.stringMatching(/^[0-9a-f]{64}$/), batches: 1 }]);
    // Someone edits the desk's copy: verify names the seq.
    const file = join(s.store, 'sites', 'JY01', 'journal', '2026', '11', '2026-11-29.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('夜间噪音', '夜间噪声'));
    const broken = await runCli(['desk', 'verify', '--store', s.store, '--lang', 'en']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('JY01: BROKEN at seq 2 (2026-11-29): hash does not match its content (the event was changed)\n');
  });

  it('serve: a control room syncs to it over HTTP; SIGTERM stops it cleanly', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
    const serve = spawn(process.execPath, [CLI, 'desk', 'serve', '--port', '0', '--host', '127.0.0.1', '--store', store], { env: { ...process.env, ...DESK_ENV } });
    let log = '';
    serve.stdout.on('data', (b: Buffer) => (log += b.toString()));
    const exited = new Promise<number | null>((done) => serve.on('exit', done));
    try {
      await waitFor('desk serve to listen', () => log.includes('desk listening for batches'));
      const lines = log.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; port?: number });
      expect(lines[0]!.msg).toMatch(/^CONTROL_ROOM_DESK_SECRET gives every site the same secret/);
      const port = lines.find((l) => l.msg === 'desk listening for batches')!.port;
      const site = makeSite({ panel: undefined, sync: { times: ['08:30', '17:30'], target: `http://127.0.0.1:${port}`, secret: SECRET } });
      const engine = await Engine.start(site.config, { clock: new FakeClock('2026-11-29T08:05:00+08:00') });
      await engine.recordEntry(REPAIR, OPERATOR);
      await engine.stop();
      const r = await runCli(['sync', '--config', site.configFile]);
      expect(r.stdout).toMatch(/^synced to desk http:\/\/127\.0\.0\.1:\d+: 1 event in 1 batch; the desk has acknowledged up to seq 1 \(backlog 0\)/);
      await waitFor('the desk to log the batch', () => log.includes('"batch taken"'));
    } finally {
      serve.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(log).toContain('"desk stopped"');
    const v = await runCli(['desk', 'verify', '--store', store]);
    expect(v.stdout).toBe('JY01：完整，1 个事件，序号 1-1，1 个批次\n');
  });
});

describe('desk import: one bad file does not stop the others', () => {
  it('a batch naming a site like "constructor", and a directory under a batch name, are refused or reported; the real batch is taken; the environment secret does not stand in for a site missing from --secrets', async () => {
    const s = await syncedSite(false);
    const real = readdirSync(s.inbox).find((f) => f.endsWith('.batch'))!;
    // The real batch's manifest made to name site "constructor" (a key every JavaScript object has)
    // and site "ZZ99" (not in the secrets file): neither finds a secret.
    const bytes = readFileSync(join(s.inbox, real), 'utf8');
    const [manifest, ...rest] = bytes.split('\n');
    for (const site of ['constructor', 'ZZ99']) {
      const forged = [JSON.stringify({ ...(JSON.parse(manifest!) as object), site }), ...rest].join('\n');
      writeFileSync(join(s.inbox, `${site}-0000000001-0000000004.batch`), forged);
    }
    mkdirSync(join(s.inbox, 'AA01-0000000001-0000000001.batch'));
    const secrets = join(mkdtempSync(join(tmpdir(), 'cr-secrets-')), 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ JY01: SECRET }));
    const r = await runCli(['desk', 'import', s.inbox, '--store', s.store, '--secrets', secrets, '--json'], { CONTROL_ROOM_DESK_SECRET: 'not-for-unlisted-sites' });
    expect(r.stderr, r.stdout + r.stderr).not.toMatch(/The "key" argument|EISDIR.*\n.*at /);
    const report = JSON.parse(r.stdout) as { taken: { site: string; taken: number }[]; refused: { file: string; reason: string }[]; skipped: { file: string; reason: string }[] };
    expect(report.taken).toMatchObject([{ site: 'JY01', taken: 4 }]);
    expect(report.refused.map((x) => x.file.split('/').at(-1)).sort()).toEqual(['ZZ99-0000000001-0000000004.batch', 'constructor-0000000001-0000000004.batch']);
    for (const x of report.refused) expect(x.reason).toMatch(/no shared secret for site/);
    expect(report.skipped).toEqual([{ file: join(s.inbox, 'AA01-0000000001-0000000001.batch'), why: 'folder', reason: 'is a folder, not a batch file; not opened. Remove it' }]);
    expect(existsSync(join(s.inbox, 'receipts', 'JY01.json'))).toBe(true);
  });
});
