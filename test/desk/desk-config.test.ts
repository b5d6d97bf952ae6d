import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../helpers/panel-site.js';
import { CLI, runCli } from '../helpers/site.js';

const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

function deskDir(desk: Record<string, unknown>, roster = 'badge,name,role,sites,active\nEMP-000501,林晓燕,clerk,JY01,1\nEMP-000601,黄文涛,director,*,1\n', secretsMode = 0o600) {
  const dir = mkdtempSync(join(tmpdir(), 'cr-deskcfg-'));
  writeFileSync(join(dir, 'desk-roster.csv'), roster);
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ JY01: 'a-secret-of-some-length-0001' }));
  chmodSync(join(dir, 'secrets.json'), secretsMode);
  writeFileSync(join(dir, 'desk.json'), JSON.stringify({ store: './store', sites: ['JY01'], secrets: 'secrets.json', roster: 'desk-roster.csv', ...desk }));
  return { dir, file: join(dir, 'desk.json') };
}

describe('desk.json', () => {
  it('every problem at once, each naming the file and the field or line (exit 2): secrets readable by others, a bad role and site, a GBK roster', async () => {
    const bad = deskDir({ listen: { port: 'eighty' }, colour: 'blue' }, 'badge,name,role,sites,active\nEMP-000501,林晓燕,boss,JY09,1\n', 0o644);
    const r = await runCli(['desk', 'verify', '--config', bad.file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('desk.json: (top level): unknown field "colour"');
    expect(r.stderr).toContain('desk.json: listen.port:');
    const fields = deskDir({}, 'badge,name,role,sites,active\nEMP-000501,林晓燕,boss,JY09,1\n', 0o644);
    const f = await runCli(['desk', 'verify', '--config', fields.file]);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain(`is readable by others (mode 644); run chmod 600 ${join(fields.dir, 'secrets.json')}`);
    expect(f.stderr).toContain('desk-roster.csv line 2: role "boss" is not one of clerk, supervisor, director');
    expect(f.stderr).toContain('desk-roster.csv line 2: site "JY09" is not one of the desk\'s sites (JY01)');
    const gbk = deskDir({}, 'x');
    writeFileSync(join(gbk.dir, 'desk-roster.csv'), Buffer.concat([Buffer.from('badge,name,role,sites,active\nEMP-000501,'), Buffer.from([0xc1, 0xd6]), Buffer.from(',clerk,JY01,1\n')]));
    const g = await runCli(['desk', 'verify', '--config', gbk.file]);
    expect(g.stderr).toContain('desk-roster.csv line 2: is not UTF-8 (saved as GBK?); convert it: iconv -f gbk -t utf-8');
  });

  it('set-password reads stdin (never argv) into a 0600 scrypt file; desk serve --config serves the pages and the batch API on one port, on localhost', async () => {
    const d = deskDir({ listen: { port: 0 } });
    const setPassword = async (password: string) => {
      const set = spawn(process.execPath, [CLI, 'desk', 'user', 'set-password', '--config', d.file, 'EMP-000501'], { env: process.env });
      let out = '';
      set.stdout.on('data', (b: Buffer) => (out += b.toString()));
      set.stderr.on('data', (b: Buffer) => (out += b.toString()));
      set.stdin.end(`${password}\n`);
      return { code: await new Promise((done) => set.on('exit', done)), out };
    };
    const ok = await setPassword('a-long-password-0501');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('已为 林晓燕（EMP-000501）设置密码');
    const file = join(d.dir, 'desk-data', 'passwords.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toMatch(/"hash": "scrypt\$32768\$8\$1\$/);
    expect(readFileSync(file, 'utf8')).not.toContain('a-long-password-0501');
    const short = await setPassword('short');
    expect(short.code).toBe(2);
    expect(short.out).toContain('密码至少要 10 个字符；什么都没有改');

    const serve = spawn(process.execPath, [CLI, 'desk', 'serve', '--config', d.file], { env: process.env });
    children.push(serve);
    let log = '';
    serve.stdout.on('data', (b: Buffer) => (log += b.toString()));
    await waitFor('desk serve to print its address', () => /请在浏览器打开 http:\/\/127\.0\.0\.1:\d+\//.test(log));
    const url = /请在浏览器打开 (http:\/\/127\.0\.0\.1:\d+)\//.exec(log)![1]!;
    const signin = await fetch(`${url}/signin`);
    expect(signin.status).toBe(200);
    expect(await signin.text()).toContain('工号');
    expect(signin.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect(signin.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The batch API answers beside the pages: an unsigned position request is refused by the intake.
    const position = await fetch(`${url}/sites/JY01/position`);
    expect(position.status).toBe(401);
    expect(await fetch(`${url}/assets/htmx.min.js`).then((r) => r.status)).toBe(200);
    serve.kill('SIGTERM');
    expect(await new Promise((done) => serve.on('exit', done))).toBe(0);
  });
});
