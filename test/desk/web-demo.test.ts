import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { launchChromium, shot, signIn } from '../helpers/desk-web.js';
import { CLI } from '../helpers/site.js';
import { englishSentences } from '../helpers/tmux.js';

const children: ReturnType<typeof spawn>[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
});

describe('the desk demo (npm run desk-demo)', () => {
  it("prints an address and accounts; the director signs in and sees the fortnight's problems, in Chinese and English", async () => {
    const child = spawn(process.execPath, [CLI, 'desk', 'demo', '--port', '0'], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.stderr.on('data', (b: Buffer) => (text += b.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /请在浏览器打开 (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
        if (m) (clearInterval(timer), resolve(m[1]!));
      }, 100);
      child.once('exit', (code) => (clearInterval(timer), reject(new Error(`desk demo exited ${code}: ${text}`))));
    });
    expect(text).toMatch(/主任 +工号 EMP-000601 +密码 demo-director/);
    expect(englishSentences(text)).toEqual([]);
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' })).newPage();
      await signIn(page, url, { badge: 'EMP-000601', password: 'demo-director' });
      await page.goto(`${url}/quality`);
      expect(await page.locator('table.findings[data-kind="cash"] tr').count()).toBe(1);
      expect(await page.locator('table.findings[data-kind="late"] tr').count()).toBeGreaterThan(0);
      await shot(page, 'demo-quality');
      await page.goto(`${url}/followups/JY01`);
      await shot(page, 'demo-followups');
      await page.goto(`${url}/summaries/JY01`);
      await page.waitForFunction(() => document.querySelectorAll('.chart canvas').length === 3);
      await shot(page, 'demo-summaries');
      await page.goto(`${url}/register/JY01?lang=en`);
      expect(await page.locator('h1').textContent()).toMatch(/嘉园管理处 register \d{4}-\d{2}-\d{2}/);
      await page.goto(`${url}/sites`);
      expect(await page.locator('h1').textContent()).toBe('Sites'); // the choice is remembered
      await shot(page, 'demo-sites-en');
    } finally {
      await browser.close();
    }
  });
});
