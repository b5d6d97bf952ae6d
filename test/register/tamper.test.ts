import { describe, expect, it } from 'vitest';
import { readDay } from '../../src/register/reader.js';
import { editDayFile, fillJournal } from '../helpers/journal.js';
import { makeSite, runCli } from '../helpers/site.js';

/** Three days of four entries: seqs 1-4 on 11-28, day.closed + 4 on 11-29, and so on. */
async function journalOfThreeDays() {
  const site = makeSite();
  await fillJournal(site.config, '2026-11-28T09:00:00+08:00', 3, 4);
  return site;
}

function lines(text: string): string[] {
  return text.split('\n');
}

/** The line of a day file that holds the event with this seq. */
function lineOf(text: string, seq: number): number {
  return lines(text).findIndex((l) => l.startsWith(`{"seq":${seq},`));
}

describe('tamper evidence: verify names the first bad seq', () => {
  it('an intact journal verifies (exit 0)', async () => {
    const { configFile } = await journalOfThreeDays();
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/journal intact: 14 events in 3 day files, last seq 14/);
  });

  it('one character changed in the data of an event', async () => {
    const { configFile, config } = await journalOfThreeDays();
    editDayFile(config, '2026-11-29', (t) => t.replace('卫生间下水道堵塞 1-2', '卫生间下水道堵塞 1-3'));
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 8 in .*2026-11-29\.jsonl: line 4: hash does not match/);
  });

  it('one character changed in the personal data (pii) of an event', async () => {
    const { configFile, config } = await journalOfThreeDays();
    editDayFile(config, '2026-11-28', (t) => {
      const l = lines(t);
      const i = lineOf(t, 3);
      l[i] = l[i]!.replace('13900001202', '13900001203');
      return l.join('\n');
    });
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 3 .*personal data does not match its digest/);
  });

  it('one character changed in a stored hash', async () => {
    const { configFile, config } = await journalOfThreeDays();
    const events = await readDay(config.dataDir, '2026-11-30');
    const target = events[1]!;
    const flipped = target.hash.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    editDayFile(config, '2026-11-30', (t) => t.replace(`"hash":"${target.hash}"`, `"hash":"${flipped}"`));
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`first bad seq ${target.seq} `));
  });

  it('an event deleted', async () => {
    const { configFile, config } = await journalOfThreeDays();
    editDayFile(config, '2026-11-29', (t) => {
      const l = lines(t);
      l.splice(lineOf(t, 7), 1);
      return l.join('\n');
    });
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 7 .*seq 7 is missing \(found seq 8/);
  });

  it('the last event of a day deleted is caught by the next day\'s link', async () => {
    const { configFile, config } = await journalOfThreeDays();
    editDayFile(config, '2026-11-28', (t) => {
      const l = lines(t);
      l.splice(lineOf(t, 4), 1);
      l[lineOf(l.join('\n'), 3)] = l[lineOf(l.join('\n'), 3)]!.replace(/,$/, '');
      return l.join('\n');
    });
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 4 .*2026-11-29\.jsonl/);
  });

  it('the newest events cut off the end of the journal: verify and start-up both refuse', async () => {
    const { configFile, config } = await journalOfThreeDays();
    editDayFile(config, '2026-11-30', (t) => {
      const l = lines(t);
      l.splice(lineOf(t, 13), 2);
      l[lineOf(l.join('\n'), 12)] = l[lineOf(l.join('\n'), 12)]!.replace(/,$/, '');
      return l.join('\n');
    });
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 13 .*the journal ends at seq 12 but had reached seq 14/);
    const start = await runCli(['start', '--config', configFile, '--headless']);
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/2026-11-30\.jsonl: the journal ends at seq 12 but had reached seq 14/);
  });

  it('two events swapped', async () => {
    const { configFile, config } = await journalOfThreeDays();
    editDayFile(config, '2026-11-30', (t) => {
      const l = lines(t);
      const a = lineOf(t, 11);
      const b = lineOf(t, 12);
      [l[a], l[b]] = [l[b]!, l[a]!];
      return l.join('\n');
    });
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 11 .*found seq 12/);
  });

  it('a whole day file deleted', async () => {
    const { configFile, config } = await journalOfThreeDays();
    const { rmSync } = await import('node:fs');
    rmSync(editDayFile(config, '2026-11-29', (t) => t));
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 5 .*2026-11-30\.jsonl/);
  });
});
