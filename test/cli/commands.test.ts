import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { FakeClock } from '../../src/time/clock.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';
import { makeSite, runCli } from '../helpers/site.js';
import { siteNow } from '../helpers/site-time.js';

/** A site with yesterday's register: a clear repair (later amended), an unclear one, a closed question. */
async function siteWithDay() {
  const site = makeSite();
  const clock = new FakeClock('2026-11-29T08:05:00+08:00');
  const engine = await Engine.start(site.config, { clock });
  const a = await engine.recordEntry(REPAIR, OPERATOR);
  clock.advance(600_000);
  await engine.recordEntry({ channel: 'phone', category: 'complaint', content: '夜间噪音', address: '嘉园1栋1单元301室' }, 'EMP-000102');
  clock.advance(600_000);
  const q = await engine.recordEntry({ channel: 'walk-in', category: 'consultation', content: '装修申请需要什么材料' }, OPERATOR);
  await engine.closeEntry(q.id, '已告知所需材料', OPERATOR);
  clock.set('2026-11-30T09:00:00+08:00');
  await engine.amendEntry(a.id, { content: '卫生间下水道堵塞,已溢水' }, '住户来电补充', 'EMP-000102');
  await engine.stop();
  return site;
}

const DESIGN_FIELDS = ['id', 'receivedAt', 'channel', 'station', 'address', 'resident', 'phone', 'category', 'content', 'appointmentAt', 'status', 'firstResponder', 'orderNo'];

describe('control-room register', () => {
  it('--json gives the fields DESIGN.md lists, with amendments applied', async () => {
    const { configFile } = await siteWithDay();
    const r = await runCli(['register', '--config', configFile, '--date', '2026-11-29', '--json']);
    expect(r.code).toBe(0);
    const entries = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(entries).toHaveLength(3);
    for (const e of entries) for (const f of DESIGN_FIELDS) expect(e).toHaveProperty(f);
    expect(entries[0]).toMatchObject({
      id: '20261129-001',
      receivedAt: '2026-11-29T08:05:00.000+08:00',
      channel: 'intercom',
      station: 'B03-U1-1202',
      resident: '陈丽',
      phone: '13900001202',
      content: '卫生间下水道堵塞,已溢水',
      status: 'open',
      firstResponder: OPERATOR,
      orderNo: null,
    });
    expect(entries[1]).toMatchObject({ category: 'complaint', unclear: ['resident', 'phone'], deadline: '2026-12-02T08:15:00.000+08:00' });
    expect(entries[2]).toMatchObject({ status: 'closed', result: '已告知所需材料' });
  });

  it('--csv has a header and one row per entry', async () => {
    const { configFile } = await siteWithDay();
    const r = await runCli(['register', '--config', configFile, '--date', '2026-11-29', '--csv']);
    const lines = r.stdout.replace(/^\uFEFF/, '').trim().split('\n');
    expect(lines[0]).toBe('id,receivedAt,channel,station,address,resident,phone,category,content,appointmentAt,status,firstResponder,orderNo,unclear,deadline,overdue');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain('resident phone');
  });

  it('the table is Chinese by default, marks unclear entries, and English with --lang en', async () => {
    const { configFile } = await siteWithDay();
    const zh = await runCli(['register', '--config', configFile, '--date', '2026-11-29']);
    expect(zh.stdout).toContain('《业户服务/需求/意见记录表》 2026-11-29');
    expect(zh.stdout).toMatch(/20261129-002 .*投诉.*不清\(住户,电话\)/);
    const en = await runCli(['register', '--config', configFile, '--date', '2026-11-29', '--lang', 'en']);
    expect(en.stdout).toMatch(/20261129-002 .*complaint.*unclear\(resident,phone\)/);
    const empty = await runCli(['register', '--config', configFile, '--date', '2026-11-01']);
    expect(empty.stdout).toContain('2026-11-01 无登记');
  });

  it('a bad date is refused with the format to use', async () => {
    const { configFile } = await siteWithDay();
    const r = await runCli(['register', '--config', configFile, '--date', '29/11/2026']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--date "29/11/2026" is not a date; use YYYY-MM-DD');
  });
});

describe('control-room log', () => {
  it('--json prints one event per line, in seq order, without personal data', async () => {
    const { configFile } = await siteWithDay();
    const r = await runCli(['log', '--config', configFile, '--date', '2026-11-29', '--json']);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'entry.created'],
      [2, 'entry.created'],
      [3, 'entry.created'],
      [4, 'entry.closed'],
    ]);
    expect(r.stdout).not.toMatch(/13900001202|陈丽/);
    expect(events[0]).toHaveProperty('piiDigest');
    const text = await runCli(['log', '--config', configFile, '--date', '2026-11-30']);
    const [seq, at, kind, actor, data] = text.stdout.split('\n')[0]!.split('\t');
    expect([seq, at, kind, actor]).toEqual(['5', '2026-11-30T09:00:00.000+08:00', 'day.closed', 'system']);
    expect(JSON.parse(data!)).toMatchObject({ day: '2026-11-29', count: 4 });
  });
});

describe('control-room status', () => {
  it('--json reports the journal, today and the next sync; the daemon as not running', async () => {
    const { configFile } = await siteWithDay();
    const r = await runCli(['status', '--config', configFile, '--json']);
    const s = JSON.parse(r.stdout) as Record<string, any>;
    expect(s.site.id).toBe('JY01');
    expect(s.daemon).toEqual({ running: false });
    expect(s.journal).toMatchObject({ lastSeq: 6, days: 2 });
    expect(s.sync.next).toMatch(/T(08|17):30:00\.000\+08:00$/);
  });

  it('H4 d, H9: open orders (major ones counted) and reports to the director not yet acknowledged', async () => {
    const { configFile, config } = makeSite();
    const engine = await Engine.start(config, { clock: new FakeClock(siteNow()) });
    const entry = await engine.recordEntry(REPAIR, OPERATOR);
    await engine.orders.create(entry.id, { major: true }, OPERATOR);
    const other = await engine.recordEntry({ ...REPAIR, content: '3栋电梯困人' }, OPERATOR);
    await engine.escalations.markMajor(other.id, '电梯困人，已通知维保', OPERATOR);
    await engine.stop();
    const r = await runCli(['status', '--config', configFile, '--json']);
    const s = JSON.parse(r.stdout) as Record<string, any>;
    expect(s.orders).toEqual({ open: 1, major: 1, late: 0, escalated: 0, cashViolations: 0 });
    expect(s.escalationsOpen).toBe(1);
    const text = await runCli(['status', '--config', configFile]);
    expect(text.stdout).toContain('orders:   1 open (1 major');
    expect(text.stdout).toContain('1 reports to the director not acknowledged');
  });
});

describe('control-room start', () => {
  it('a data directory too long for the control socket is refused before the register is opened, saying how much shorter (exit 2)', async () => {
    // The kernel would cut a longer socket path short and make the socket outside DATA/control/.
    const site = makeSite({ dataDir: `./${'d'.repeat(100)}` });
    const r = await runCli(['start', '--headless', '--config', site.configFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dataDir \S+ is too long for the daemon's control socket \(\d+ bytes with control\/daemon\.sock, at most 107\): choose a data directory at least \d+ bytes shorter/);
    expect(existsSync(join(site.dir, 'd'.repeat(100)))).toBe(false);
  });
});

describe('--help', () => {
  for (const command of ['start', 'status', 'register', 'log', 'verify', 'purge']) {
    it(`${command} --help describes the command and its options`, async () => {
      const r = await runCli([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: control-room ${command}`);
      expect(r.stdout).toContain('--config <file>');
    });
  }

  it('an unknown command or option, or a missing --config, says so and exits 2', async () => {
    const r = await runCli(['regster']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'regster'/);
    const bogus = await runCli(['register', '--config', 'examples/config.json', '--bogus']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/unknown option '--bogus'/);
    const missing = await runCli(['verify']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--config <file>' not specified/);
  });

  it('log masks a phone number typed into free text', async () => {
    const { configFile, config } = makeSite();
    const engine = await Engine.start(config, { clock: new FakeClock('2026-11-29T08:00:00+08:00') });
    await engine.recordEntry({ channel: 'phone', category: 'consultation', content: '请回电13712345678' }, OPERATOR);
    await engine.stop();
    const r = await runCli(['log', '--config', configFile, '--date', '2026-11-29', '--json']);
    expect(r.stdout).toContain('请回电137****5678');
    expect(r.stdout).not.toContain('13712345678');
  });
});
