import { appendFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layout } from '../../src/register/layout.js';
import { readSince } from '../../src/register/reader.js';
import { startDaemon } from '../helpers/daemon.js';
import { editDayFile, fillJournal } from '../helpers/journal.js';
import { logLines } from '../helpers/panel-site.js';
import { makeSite, runCli } from '../helpers/site.js';

/** 11-27, 11-28, 11-29 with three entries each: seqs 1-11, the newest file 11-29 holding seqs 8-11 on lines 1-4. */
async function siteWithHistory() {
  const site = makeSite();
  await fillJournal(site.config, '2026-11-27T09:00:00+08:00', 3, 3);
  return { ...site, newest: layout.dayFile(site.config.dataDir, '2026-11-29'), older: layout.dayFile(site.config.dataDir, '2026-11-28') };
}

/** Starts the daemon, waits for it, stops it; returns its exit and output. */
async function startAndStop(configFile: string) {
  const d = await startDaemon(configFile);
  if (d.output().includes('register ready')) d.child.kill('SIGTERM');
  return { code: await d.exited, output: d.output() };
}

describe('a torn tail: the newest file ends in an unfinished line (an append a power cut interrupted)', () => {
  const tails: Record<string, (lastLine: string) => Buffer> = {
    'a line cut short': (last) => Buffer.from(last.slice(0, 70)),
    'garbage, NUL bytes among it': () => Buffer.concat([Buffer.from('{"seq":12,"at":"2026-11-29T'), Buffer.alloc(40, 0), Buffer.from([0xff, 0xfe, 0x7b])]),
  };
  for (const [what, tail] of Object.entries(tails)) {
    it(`${what}: verify passes with a note; start-up cuts it off, logs where and how much, and records journal.recovered`, async () => {
      const { configFile, config, newest } = await siteWithHistory();
      const intact = readFileSync(newest);
      const torn = tail(intact.toString('utf8').trimEnd().split('\n').at(-1)!);
      appendFileSync(newest, torn);
      const before = await runCli(['verify', '--config', configFile]);
      expect(before.code).toBe(0);
      expect(before.stdout).toContain(`note: ${newest} ends in an unfinished line 5 (${torn.length} bytes at byte ${intact.length})`);

      const { code, output } = await startAndStop(configFile);
      expect(code).toBe(0);
      const warned = logLines(output).find((l) => l.msg?.toString().startsWith('journal: removed an unfinished last line'));
      expect(warned).toMatchObject({ file: 'journal/2026/11/2026-11-29.jsonl', offset: intact.length, bytes: torn.length, line: 5, removed: false });
      // Cut back to what it was (the events of the start itself go into a day file of its own date).
      expect(readFileSync(newest).subarray(0, intact.length)).toEqual(intact);
      const rest = readFileSync(newest).subarray(intact.length);
      expect(rest.length === 0 || rest.at(-1) === 0x0a).toBe(true);
      const recovered = (await readSince(config.dataDir, '0000-00-00')).filter((e) => e.kind === 'journal.recovered');
      expect(recovered.map((e) => e.data)).toEqual([{ file: 'journal/2026/11/2026-11-29.jsonl', offset: intact.length, bytes: torn.length, line: 5, removed: false }]);
      const after = await runCli(['verify', '--config', configFile]);
      expect(after.code).toBe(0);
      expect(after.stdout).not.toContain('note:');
    });
  }

  for (const [what, fragment] of [
    ['nothing but an unfinished line', '{"seq":12,"at":"2026-11-30T00:00:05.000+08:00","kind":"day.clo'],
    ['nothing at all (0 bytes)', ''],
  ]) {
    it(`a new day file holding ${what} is removed, that is recorded, and the day before is closed`, async () => {
      const { configFile, config } = await siteWithHistory();
      const fresh = layout.dayFile(config.dataDir, '2026-11-30');
      writeFileSync(fresh, fragment!);
      const { code } = await startAndStop(configFile);
      expect(code).toBe(0);
      const events = await readSince(config.dataDir, '0000-00-00');
      expect(events.find((e) => e.kind === 'journal.recovered')!.data).toEqual({ file: 'journal/2026/11/2026-11-30.jsonl', offset: 0, bytes: fragment!.length, line: 1, removed: true });
      expect(events.find((e) => e.kind === 'day.closed' && e.data.day === '2026-11-29')).toBeDefined();
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect((await runCli(['verify', '--config', configFile])).code).toBe(0);
    });
  }
});

describe('any other damage refuses the start, naming the file and the line; nothing is written', () => {
  const refusals: { what: string; day: 'newest' | 'older'; edit: (text: string) => string; says: RegExp; named?: 'newest' }[] = [
    { what: 'a bad line in the middle', day: 'newest', edit: (t) => replaceLine(t, 2, 'this is not an event'), says: /: line 2: is not JSON/ },
    { what: 'NUL bytes before the last line', day: 'newest', edit: (t) => replaceLine(t, 3, '\0'.repeat(lineOf(t, 3).length)), says: /: line 3: contains NUL bytes/ },
    { what: 'a garbage last line that has its line end', day: 'newest', edit: (t) => replaceLine(t, 4, '{"seq":11,"at":'), says: /: line 4: is not JSON/ },
    { what: 'a broken link (an event taken out)', day: 'newest', edit: (t) => removeLine(t, 2), says: /: line 2: seq 9: seq 9 is missing \(found seq 10 in its place\)/ },
    { what: 'a hash mismatch', day: 'newest', edit: (t) => t.replace('卫生间下水道堵塞 2-2', '卫生间下水道堵塞 2-3'), says: /: line 4: seq 11: hash does not match its content/ },
    { what: 'an unfinished last line in a file that is not the newest', day: 'older', edit: (t) => t.slice(0, -10), says: /2026-11-28\.jsonl: its last \d+ bytes have no line end: cut short, and only the newest day file may end so/ },
    {
      what: "a changed hash on the last line of a file that is not the newest (the next file's link breaks)",
      day: 'older',
      edit: (t) => t.replace(/"hash":"([0-9a-f])/g, (m, c: string, at: number) => (at > t.lastIndexOf('\n', t.length - 2) ? `"hash":"${c === 'a' ? 'b' : 'a'}` : m)),
      says: /2026-11-29\.jsonl: line 1: seq 8: prev does not match the hash of seq 7/,
      named: 'newest',
    },
  ];
  for (const r of refusals) {
    it(`${r.what} (${r.day} file)`, async () => {
      const site = await siteWithHistory();
      const file = editDayFile(site.config, r.day === 'newest' ? '2026-11-29' : '2026-11-28', r.edit);
      const damaged = readFileSync(file);
      const { code, output } = await startAndStop(site.configFile);
      expect(code).toBe(1);
      expect(output).toContain(`journal file ${r.named === 'newest' ? site.newest : file}:`);
      expect(output).toMatch(r.says);
      expect(output).toMatch(/will not start over a damaged journal/);
      expect(readFileSync(file)).toEqual(damaged);
      expect((await runCli(['verify', '--config', site.configFile])).code).toBe(1);
    });
  }

  it('an unfinished line where the journal had acknowledged more (head.json): the acknowledged events are named as lost', async () => {
    const { configFile, newest } = await siteWithHistory();
    truncateSync(newest, statSync(newest).size - 30);
    const damaged = readFileSync(newest);
    const { code, output } = await startAndStop(configFile);
    expect(code).toBe(1);
    expect(output).toMatch(/2026-11-29\.jsonl: line 4: its last line \(\d+ bytes at byte \d+\) is cut short, and journal\/head\.json says the journal had reached seq 11: seq 11 to 11 were recorded and are lost/);
    expect(readFileSync(newest)).toEqual(damaged);
    const verify = await runCli(['verify', '--config', configFile]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toMatch(/first bad seq 11 .*the journal ends at seq 10 but had reached seq 11/);
  });

  it('a changed event inside an older file is left to verify (start-up reads only the ends of older files, without parsing), which names the line', async () => {
    const { configFile, config } = await siteWithHistory();
    const file = editDayFile(config, '2026-11-28', (t) => t.replace('卫生间下水道堵塞 1-0', '卫生间下水道堵塞 1-X').replace('卫生间下水道堵塞 1-2', '卫生间下水道堵塞 1-Y'));
    const verify = await runCli(['verify', '--config', configFile]);
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain(`first bad seq 5 in ${file}: line 2: hash does not match its content`);
  });
});

function lineOf(text: string, line: number): string {
  return text.split('\n')[line - 1]!;
}

function replaceLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line - 1] = replacement;
  return lines.join('\n');
}

function removeLine(text: string, line: number): string {
  const lines = text.split('\n');
  lines.splice(line - 1, 1);
  return lines.join('\n');
}
