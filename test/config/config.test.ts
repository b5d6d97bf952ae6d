import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yuanToFen } from '../../src/config/csv-lists.js';
import { loadConfig } from '../../src/config/load.js';
import { ROOT, makeSite, runCli } from '../helpers/site.js';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    return (err as { problems?: string[] }).problems ?? [String(err)];
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('the example estate loads: every role on the roster, several buildings, a fee schedule', () => {
    const c = loadConfig(join(ROOT, 'examples/config.json'));
    expect(c.site).toEqual({ id: 'JY01', name: '嘉园管理处', timezone: 'Asia/Shanghai' });
    expect(new Set(c.roster.map((p) => p.role))).toEqual(new Set(['operator', 'supervisor', 'manager', 'technician', 'desk', 'director']));
    expect(new Set(c.units.filter((u) => u.station.startsWith('B')).map((u) => u.station.slice(0, 3))).size).toBeGreaterThanOrEqual(3);
    expect(c.fees.some((f) => f.kind === 'labour' && f.standardMinutes! > 0)).toBe(true);
    expect(c.dataDir).toBe(join(ROOT, 'examples/data'));
  });

  it('prices become integer fen exactly', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('0.20')).toBe(20);
    expect(yuanToFen('200.00')).toBe(20000);
    expect(yuanToFen('8.5')).toBe(850);
    expect(yuanToFen('1.005')).toBeUndefined();
    expect(yuanToFen('-1')).toBeUndefined();
  });

  it('roster errors name the file, the line, what was found and what is expected', () => {
    const { dir, configFile } = makeSite();
    appendFileSync(
      join(dir, 'roster.csv'),
      'EMP-000901,孙悦,guard,1,control-room\nemp-1,钱进,operator,1,control-room\nEMP-000101,重复,operator,1,control-room\nEMP-000902,周七,operator,yes,control-room\n',
    );
    expect(problemsOf(() => loadConfig(configFile))).toEqual([
      'roster.csv line 19: role "guard" is not one of operator, supervisor, manager, technician, desk, director',
      'roster.csv line 20: badge "emp-1" is not a badge code (4-20 of A-Z, 0-9, "-", e.g. EMP-004217)',
      'roster.csv line 22: active "yes" is not 1 or 0',
      'roster.csv line 21: badge "EMP-000101" is already on line 2',
    ]);
  });

  it('unit directory and fee schedule errors name their lines', () => {
    const { dir, configFile } = makeSite();
    appendFileSync(join(dir, 'units.csv'), 'B03-U1-1202,嘉园3栋1单元1202室,重复,13900000000\nBUILDING3,某处,某人,139\n');
    appendFileSync(join(dir, 'fees.csv'), 'M900,胶带,material,卷,3.555,\nL900,修门,labour,次,50,\nM901,水管,liquid,米,8.50,\n');
    const problems = problemsOf(() => loadConfig(configFile));
    expect(problems).toContain('units.csv line 68: station "BUILDING3" is not a panel station (B<building>-U<unit>-<room> like B03-U1-1202, G01 or L01)');
    expect(problems).toContain('units.csv line 68: phone "139" is not a phone number (digits, e.g. 13800000000)');
    expect(problems.some((p) => /^units\.csv line 67: station "B03-U1-1202" is already on line \d+$/.test(p))).toBe(true);
    expect(problems).toContain('fees.csv line 29: price "3.555" is not an amount in yuan with at most 2 decimals (e.g. 12.50)');
    expect(problems).toContain('fees.csv line 30: standardMinutes "" is not a whole number of minutes; labour items need their work standard (W3)');
    expect(problems).toContain('fees.csv line 31: kind "liquid" is not material or labour');
  });

  it('a CSV header that is not the expected one is refused with both headers', () => {
    const { dir, configFile } = makeSite();
    writeFileSync(join(dir, 'roster.csv'), 'code,name,role\nEMP-0001,王,operator\n');
    expect(problemsOf(() => loadConfig(configFile))).toEqual(['roster.csv line 1: header is "code,name,role", expected "badge,name,role,active,department"']);
  });

  it('W4: a roster without the department column is refused, naming the file and saying what to add', () => {
    const { dir, configFile } = makeSite();
    writeFileSync(join(dir, 'roster.csv'), 'badge,name,role,active\nEMP-000101,王建国,operator,1\n');
    expect(problemsOf(() => loadConfig(configFile))).toEqual([
      'roster.csv line 1: the roster has no department column (W4 checks each escalation against the department); ' +
        'add ",department" to the header and to every line one of control-room, engineering, service-desk, management, e.g. "EMP-000101,王建国,operator,1,control-room"',
    ]);
  });

  it('W4: a department that is not one of the four is refused with the line', () => {
    const { dir, configFile } = makeSite();
    appendFileSync(join(dir, 'roster.csv'), 'EMP-000901,孙悦,operator,1,security\n');
    expect(problemsOf(() => loadConfig(configFile))).toEqual(['roster.csv line 19: department "security" is not one of control-room, engineering, service-desk, management']);
  });

  it('JSON fields are checked with the field path, what was found and what is expected', () => {
    const { configFile } = makeSite({ site: { id: 'JY01', name: '嘉园', timezone: 'Asia/Beijing' }, shifts: ['8:00', '20:00'], colour: 'blue' });
    expect(problemsOf(() => loadConfig(configFile))).toEqual([
      'config.json: site.timezone: expected an IANA time zone (e.g. "Asia/Shanghai"), found "Asia/Beijing"',
      'config.json: shifts.0: expected a time of day as HH:MM (e.g. "08:30"), found "8:00"',
      'config.json: (top level): unknown field "colour"; check the spelling (the README\'s configuration section lists the fields)',
    ]);
  });

  it('R8: fewer than two sync times a day is a configuration error citing R8', () => {
    const { configFile } = makeSite({ sync: { times: ['08:30'], target: 'dir:/tmp/desk', secret: 'a-long-enough-secret' } });
    expect(problemsOf(() => loadConfig(configFile))).toEqual([
      'config.json: sync.times: expected at least two sync times a day (R8: the service desk gets the register at least twice a day), found ["08:30"]',
    ]);
  });

  it('the shared secret is never echoed in an error', () => {
    const { configFile } = makeSite({ sync: { times: ['08:30', '17:30'], target: 'dir:/tmp/desk', secret: 'short' } });
    const problems = problemsOf(() => loadConfig(configFile));
    expect(problems).toEqual(['config.json: sync.secret: expected a shared secret of at least 16 characters']);
  });

  it('a missing list file or unreadable JSON says which file and what to do', () => {
    const { dir, configFile } = makeSite();
    rmSync(join(dir, 'fees.csv'));
    expect(problemsOf(() => loadConfig(configFile))[0]).toMatch(/fees\.csv: the fee schedule \(config\.json: fees\) does not exist; check the path \(relative paths are relative to the configuration file\)/);
    writeFileSync(configFile, readFileSync(configFile, 'utf8').replace('{', '{{'));
    expect(problemsOf(() => loadConfig(configFile))[0]).toMatch(/^config\.json line 1, column 2: .*; it is not valid JSON$/);
  });

  it('a JSON mistake is named by line and column, not by character position', () => {
    const { configFile } = makeSite();
    const lines = readFileSync(configFile, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(/,$/, ''); // a comma left out at the end of line 4
    writeFileSync(configFile, lines.join('\n'));
    expect(problemsOf(() => loadConfig(configFile))[0]).toMatch(/^config\.json line 5, column 5: .*; it is not valid JSON$/);
  });

  it('a list saved as GBK is refused naming the file and line, with how to convert it; the CLI exits 2', async () => {
    const { dir, configFile } = makeSite();
    // 张三 in GBK: read as UTF-8 these bytes would become replacement characters in the journal.
    appendFileSync(join(dir, 'roster.csv'), Buffer.concat([Buffer.from('EMP-000901,'), Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]), Buffer.from(',operator,1,control-room\n')]));
    appendFileSync(join(dir, 'units.csv'), Buffer.concat([Buffer.from('B09-U1-0101,'), Buffer.from([0xbc, 0xce, 0xd4, 0xb0]), Buffer.from(',x,13800000000\n')]));
    const problems = problemsOf(() => loadConfig(configFile));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^roster\.csv line 19: is not UTF-8 text .*iconv -f gbk -t utf-8 roster\.csv > roster\.csv\.utf8/);
    expect(problems[1]).toMatch(/^units\.csv line 67: is not UTF-8 text/);
    const r = await runCli(['register', '--config', configFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('roster.csv line 19: is not UTF-8 text');
  });

  it('a record with a line break inside quotes is named by the line it starts on', () => {
    const { dir, configFile } = makeSite();
    appendFileSync(join(dir, 'roster.csv'), 'EMP-000901,"孙\n悦",guard,1,control-room\nEMP-000902,周七,guard,1,control-room\n');
    expect(problemsOf(() => loadConfig(configFile))).toEqual([
      'roster.csv line 19: role "guard" is not one of operator, supervisor, manager, technician, desk, director',
      'roster.csv line 21: role "guard" is not one of operator, supervisor, manager, technician, desk, director',
    ]);
  });

  it('W8: print.command is optional (the PDF then goes beside the register); a blank one is refused', () => {
    expect(makeSite().config.print).toEqual({ command: null, paper: 'A4' });
    expect(makeSite({ print: { command: 'lp -d counter', paper: 'A5' } }).config.print).toEqual({ command: 'lp -d counter', paper: 'A5' });
    const blank = makeSite({ print: { command: '  ' } });
    expect(problemsOf(() => blank.config).join('\n')).toMatch(/print\.command: expected a command that prints a PDF given on its standard input/);
  });

  it('retentionDays is bounded: 1e15 is refused, not turned into an "Invalid DateTime" cut-off', () => {
    const { configFile } = makeSite({ retentionDays: 1e15 });
    expect(problemsOf(() => loadConfig(configFile))).toEqual(['config.json: retentionDays: expected at most 36500 days (100 years), found 1000000000000000']);
  });

  it('the CLI prints every problem and exits 2 before touching the data directory', async () => {
    const { dir, configFile } = makeSite();
    appendFileSync(join(dir, 'roster.csv'), 'EMP-000901,孙悦,guard,1,control-room\n');
    const r = await runCli(['start', '--config', configFile, '--headless']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('roster.csv line 19: role "guard" is not one of operator');
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
