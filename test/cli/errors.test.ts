import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillJournal, editDayFile } from '../helpers/journal.js';
import { CLI, makeSite, runCli, type CliResult } from '../helpers/site.js';

/** Issue 17 item 14: errors that said what, where and what to do, with exit 2 for bad input. */
describe('errors a person can act on', () => {
  it('a data directory that is a file is bad input, said plainly (not EEXIST, ENOTDIR or a site-key hint)', async () => {
    const { dir, configFile } = makeSite();
    writeFileSync(join(dir, 'data'), 'not a folder');
    for (const command of [['start', '--headless'], ['register'], ['verify']]) {
      const r = await runCli([...command, '--config', configFile]);
      expect(r.code, command.join(' ')).toBe(2);
      expect(r.stderr, command.join(' ')).toBe(`control-room: config.json: dataDir ${join(dir, 'data')} is a file, not a folder; point dataDir at the register's folder (it is made when missing)\n`);
    }
  });

  it('desk import of a folder that is not there, and desk serve on a store that is a file, are bad input (exit 2); serve never says "listening"', async () => {
    const secrets = join(mkdtempSync(join(tmpdir(), 'cr-secrets-')), 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ JY01: 'secret-of-jy01-0123456789abcdef' }));
    const store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
    const missing = await runCli(['desk', 'import', '/nonexistent', '--store', store, '--secrets', secrets]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('control-room: /nonexistent does not exist; give the shared folder the control rooms sync to (their sync.target dir:PATH), mounted\n');
    const file = join(mkdtempSync(join(tmpdir(), 'cr-file-')), 'passwd');
    writeFileSync(file, 'root:x:0:0:root:/root:/bin/bash\n');
    const serve = await runCli(['desk', 'serve', '--port', '0', '--store', file, '--secrets', secrets]);
    expect(serve.code).toBe(2);
    expect(serve.stdout).not.toContain('listening');
    expect(serve.stderr).toContain(`--store ${file}: ${file} is a file, not a desk store folder`);
  });

  it('verify names what verifies by seq: a journal broken at seq 11 says seq 1-10 before it verify', async () => {
    const { configFile, config } = makeSite();
    await fillJournal(config, '2026-11-30T08:00:00+08:00', 1, 12);
    editDayFile(config, '2026-11-30', (t) => t.replace('卫生间下水道堵塞 0-10', '卫生间下水道堵塞 0-1O'));
    const r = await runCli(['verify', '--config', configFile]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/first bad seq 11 in .*2026-11-30\.jsonl: line 11: hash does not match its content \(the event was changed\)\. seq 1-10 before it verify\./);
  });

  it('a user without rights to the data directory is told so, not shown a raw EACCES', async () => {
    const { dir, configFile, config } = makeSite();
    await fillJournal(config, '2026-11-30T08:00:00+08:00', 1, 1);
    chmodSync(dir, 0o755);
    mkdirSync(config.dataDir, { recursive: true });
    chmodSync(config.dataDir, 0o700);
    const r = await new Promise<CliResult>((done) =>
      execFile('setpriv', ['--reuid=nobody', '--regid=nogroup', '--clear-groups', process.execPath, CLI, 'register', '--config', configFile, '--date', '2026-11-30'], (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^control-room: no permission to read \/tmp\/.*: run as the user the daemon runs as \(or root\), or give this user access\n$/);
  });
});
