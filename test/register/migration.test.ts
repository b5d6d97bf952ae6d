import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventLine } from '../../src/register/day-lines.js';
import type { JournalEvent } from '../../src/register/event.js';
import { layout } from '../../src/register/layout.js';
import { readSince } from '../../src/register/reader.js';
import { startDaemon } from '../helpers/daemon.js';
import { logLines } from '../helpers/panel-site.js';
import { ROOT, makeSite, runCli } from '../helpers/site.js';

/**
 * A data directory written by the previous version (one JSON document per day, rewritten per
 * append): 2026-11-27 to 11-29, three entries a day, seqs 1-11, made with that version's code.
 */
const FIXTURE = join(ROOT, 'test/fixtures/legacy-journal');
const DAYS = ['2026-11-27', '2026-11-28', '2026-11-29'];

function oldSite() {
  const site = makeSite();
  const { dataDir } = site.config;
  cpSync(join(FIXTURE, 'journal'), layout.journalDir(dataDir), { recursive: true });
  cpSync(join(FIXTURE, 'site.key'), layout.siteKey(dataDir));
  chmodSync(layout.siteKey(dataDir), 0o600);
  return site;
}

function oldEvents(day: string): JournalEvent[] {
  return (JSON.parse(readFileSync(join(FIXTURE, 'journal/2026/11', `${day}.json`), 'utf8')) as { events: JournalEvent[] }).events;
}

async function startAndStop(configFile: string) {
  const d = await startDaemon(configFile);
  if (d.output().includes('register ready')) d.child.kill('SIGTERM');
  return { code: await d.exited, output: d.output() };
}

const jsonFilesIn = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')) : []);

describe('from the old format (one JSON document per day) to JSON Lines', () => {
  it('verify, log and register read an old-format data directory as it is', async () => {
    const { configFile } = oldSite();
    const verify = await runCli(['verify', '--config', configFile]);
    expect(verify.stdout).toBe('journal intact: 11 events in 3 day files, last seq 11\n');
    const log = await runCli(['log', '--config', configFile, '--date', '2026-11-28', '--json']);
    expect(log.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([4, 5, 6, 7]);
    const register = JSON.parse((await runCli(['register', '--config', configFile, '--date', '2026-11-28', '--json'])).stdout) as unknown[];
    expect(register).toHaveLength(3);
  });

  it('the first start converts every day, verified before and after, hashes unchanged; the old files are kept until the operator removes them, and the log says where', async () => {
    const { configFile, config } = oldSite();
    const { code, output } = await startAndStop(configFile);
    expect(code).toBe(0);
    const copies = layout.legacyCopies(config.dataDir);
    expect(logLines(output).find((l) => String(l.msg).startsWith('journal converted to JSON Lines'))).toMatchObject({
      days: 3,
      events: 11,
      copies,
      msg: expect.stringContaining(`the old files are kept in ${copies}: remove that folder once a backup of the data directory holds the new files`),
    });
    for (const day of DAYS) {
      expect(readFileSync(layout.dayFile(config.dataDir, day), 'utf8')).toBe(oldEvents(day).map(eventLine).join(''));
      expect(readFileSync(join(copies, '2026/11', `${day}.json`))).toEqual(readFileSync(join(FIXTURE, 'journal/2026/11', `${day}.json`)));
    }
    expect(jsonFilesIn(join(layout.journalDir(config.dataDir), '2026/11'))).toEqual([]);
    // The chain goes on from the old events: the start's own day.closed links to seq 11.
    const events = await readSince(config.dataDir, '0000-00-00');
    expect(events.slice(0, 11)).toEqual(DAYS.flatMap(oldEvents));
    expect(events[11]).toMatchObject({ seq: 12, kind: 'day.closed', prev: oldEvents('2026-11-29').at(-1)!.hash });
    expect((await runCli(['verify', '--config', configFile])).code).toBe(0);
    // A second start has nothing left to convert.
    expect(logLines((await startAndStop(configFile)).output).some((l) => String(l.msg).startsWith('journal converted'))).toBe(false);
  });

  it('a conversion cut short (a day in both formats): verify reads the mix, and the next start finishes it', async () => {
    const { configFile, config } = oldSite();
    writeFileSync(layout.dayFile(config.dataDir, '2026-11-27'), oldEvents('2026-11-27').map(eventLine).join(''));
    expect((await runCli(['verify', '--config', configFile])).stdout).toBe('journal intact: 11 events in 3 day files, last seq 11\n');
    expect((await startAndStop(configFile)).code).toBe(0);
    expect(jsonFilesIn(join(layout.journalDir(config.dataDir), '2026/11'))).toEqual([]);
    expect(jsonFilesIn(join(layout.legacyCopies(config.dataDir), '2026/11')).sort()).toEqual(DAYS.map((d) => `${d}.json`));
    expect((await runCli(['verify', '--config', configFile])).code).toBe(0);
  });

  it('a damaged old journal is not converted: the start refuses, naming the file and the seq', async () => {
    const { configFile, config } = oldSite();
    const file = layout.legacyDayFile(config.dataDir, '2026-11-28');
    writeFileSync(file, readFileSync(file, 'utf8').replace('卫生间下水道堵塞 1-1', '卫生间下水道堵塞 1-7'));
    const { code, output } = await startAndStop(configFile);
    expect(code).toBe(1);
    expect(output).toContain(`journal file ${file}: seq 6: hash does not match its content (the event was changed) (found before converting it to JSON Lines; nothing was converted)`);
    for (const day of DAYS) expect(existsSync(layout.dayFile(config.dataDir, day))).toBe(false);
    expect(existsSync(layout.legacyCopies(config.dataDir))).toBe(false);
  });

  it('a day in both formats holding different events is refused, naming both files', async () => {
    const { configFile, config } = oldSite();
    const converted = layout.dayFile(config.dataDir, '2026-11-29');
    // The same chain (it still verifies: the chain covers piiDigest), but not the same events.
    const { pii: _pii, ...withoutPii } = oldEvents('2026-11-29')[1]!;
    writeFileSync(converted, oldEvents('2026-11-29').map((e, i) => eventLine(i === 1 ? withoutPii : e)).join(''));
    const { code, output } = await startAndStop(configFile);
    expect(code).toBe(1);
    expect(output).toContain(`journal file ${converted}: does not hold the same events as ${layout.legacyDayFile(config.dataDir, '2026-11-29')}, the same day in the old format`);
    expect(existsSync(layout.legacyDayFile(config.dataDir, '2026-11-29'))).toBe(true);
  });
});
