import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/desk/folder-store.js';
import { deskStore, inboxDir, snapshot } from '../helpers/desk.js';
import { ForgedSite } from '../helpers/forged.js';
import { waitFor } from '../helpers/panel-site.js';
import { CLI, runCli } from '../helpers/site.js';

const SECRETS = { JY01: 'secret-of-jy01-0123456789abcdef', JY02: 'secret-of-jy02-0123456789abcdef' };

function secretsFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cr-secrets-')), 'secrets.json');
  writeFileSync(file, JSON.stringify(SECRETS), { mode: 0o600 });
  return file;
}

/** JY01 with 14 good events a minute apart from 2026-11-30 08:00 (+08:00), and JY02 with 3. */
function twoSites() {
  const jy01 = new ForgedSite('JY01', SECRETS.JY01);
  for (let i = 0; i < 14; i++) jy01.add(`2026-11-30T08:${String(i).padStart(2, '0')}:00.000+08:00`);
  const jy02 = new ForgedSite('JY02', SECRETS.JY02);
  jy02.add('2026-11-30T09:00:00.000+08:00', '2026-11-30T09:01:00.000+08:00', '2026-11-30T09:02:00.000+08:00');
  return { jy01, jy02 };
}

interface Report {
  taken: { site: string; seq: number; taken: number }[];
  refused: { file: string; reason: string }[];
  skipped: { file: string; reason: string }[];
  failed: { file: string; reason: string }[];
}

async function importJson(inbox: string, store: string, secrets: string) {
  const r = await runCli(['desk', 'import', inbox, '--store', store, '--secrets', secrets, '--json']);
  return { ...r, report: (r.stdout ? JSON.parse(r.stdout.trim().split('\n')[0]!) : undefined) as Report };
}

describe('desk import: a shared folder with links, FIFOs and signed nonsense (issue 17 items 4-7)', () => {
  it('a refused batch that cannot be moved to refused/ (an immutable folder) is still reported refused, saying it stays and what to check, not as a store failure', async () => {
    const inbox = inboxDir();
    const store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
    const forger = new ForgedSite('JY01', 'not-the-secret-of-jy01-at-all');
    forger.add('2026-11-30T08:00:00.000+08:00');
    const name = forger.deliver(inbox, 1);
    mkdirSync(join(inbox, 'refused'));
    execFileSync('chattr', ['+i', join(inbox, 'refused')]);
    try {
      const r = await importJson(inbox, store, secretsFile());
      expect(r.code).toBe(1);
      expect(r.report.refused).toEqual([expect.objectContaining({ code: 'unauthenticated', notSetAside: 'EPERM' })]);
      expect(r.report.failed).toEqual([]);
      const text = await runCli(['desk', 'import', inbox, '--store', store, '--secrets', secretsFile()]);
      expect(text.stderr).toContain(`拒收 ${name}：签名不符`);
      expect(text.stderr).toContain('它未能移至 refused/（EPERM），仍留在原处，下次运行会再次拒收：请检查共享文件夹中 refused/ 的权限');
      expect(existsSync(join(inbox, name))).toBe(true);
    } finally {
      execFileSync('chattr', ['-i', join(inbox, 'refused')]);
    }
  });

  it('item 4: a link planted at the refusal\'s name, a refused/ that is a link, and a batch that is a link: nothing is written or read through a link', async () => {
    const inbox = inboxDir();
    const store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
    const secrets = secretsFile();
    const outside = mkdtempSync(join(tmpdir(), 'cr-outside-'));
    const precious = join(outside, 'precious');
    writeFileSync(precious, 'root-owned, 0600\n', { mode: 0o600 });
    const shadow = join(outside, 'shadow');
    writeFileSync(shadow, 'root:$6$SECRET-HASH:19000:0:99999:7:::\n', { mode: 0o600 });
    const { jy01, jy02 } = twoSites();
    // A batch signed with the wrong secret (refused), with a link waiting at its refusal's name.
    const bad = new ForgedSite('JY02', 'not-the-secret-of-jy02-at-all-000');
    bad.add('2026-11-30T09:00:00.000+08:00');
    const badName = bad.deliver(inbox, 1);
    mkdirSync(join(inbox, 'refused'));
    symlinkSync(precious, join(inbox, 'refused', `${badName}.txt`));
    // A batch file that is a link to a secret file.
    symlinkSync(shadow, join(inbox, 'JY03-0000000001-0000000001.batch'));
    jy01.deliver(inbox, 1);
    const r = await importJson(inbox, store, secrets);
    expect(r.code).toBe(1);
    expect(readFileSync(precious, 'utf8')).toBe('root-owned, 0600\n');
    expect(r.report.taken).toMatchObject([{ site: 'JY01', seq: 14 }]);
    expect(r.report.refused).toHaveLength(1);
    expect(r.report.skipped).toEqual([{ file: join(inbox, 'JY03-0000000001-0000000001.batch'), why: 'link', reason: 'is a symbolic link, not a batch file; not opened. Remove it' }]);
    const reasons = readdirSync(join(inbox, 'refused')).filter((n) => n.endsWith('.txt') && !lstatSync(join(inbox, 'refused', n)).isSymbolicLink());
    expect(reasons).toHaveLength(1);
    expect(readFileSync(join(inbox, 'refused', reasons[0]!), 'utf8')).toMatch(/HMAC does not match/);
    expect(JSON.stringify(r)).not.toContain('SECRET-HASH');

    // refused/ itself a link to a folder elsewhere: moved aside, made anew, nothing lands elsewhere.
    const elsewhere = mkdtempSync(join(tmpdir(), 'cr-elsewhere-'));
    const renamed = join(inbox, `refused.before`);
    execFileSync('mv', [join(inbox, 'refused'), renamed]);
    symlinkSync(elsewhere, join(inbox, 'refused'));
    bad.deliver(inbox, 1);
    jy02.deliver(inbox, 1);
    const again = await importJson(inbox, store, secrets);
    expect(again.report.taken).toMatchObject([{ site: 'JY02', seq: 3 }]);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(lstatSync(join(inbox, 'refused')).isDirectory()).toBe(true);
    expect(readdirSync(join(inbox, 'refused')).sort()).toEqual([badName, `${badName}.txt`]);
  });

  it('item 5: a FIFO and a link to /dev/zero named like batches are skipped unopened; the other sites\' batches are taken; SIGTERM stops a watching import at once', async () => {
    const inbox = inboxDir();
    const store = join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store');
    const secrets = secretsFile();
    const { jy01, jy02 } = twoSites();
    execFileSync('mkfifo', [join(inbox, 'AA01-0000000001-0000000009.batch')]);
    symlinkSync('/dev/zero', join(inbox, 'AB01-0000000001-0000000009.batch'));
    jy01.deliver(inbox, 1);
    jy02.deliver(inbox, 1);
    const r = await importJson(inbox, store, secrets);
    expect(r.code).toBe(1);
    expect(r.report.taken.map((t) => t.site)).toEqual(['JY01', 'JY02']);
    expect(r.report.skipped.map((s) => s.reason)).toEqual(['is a FIFO (named pipe), not a batch file; not opened. Remove it', 'is a symbolic link, not a batch file; not opened. Remove it']);

    const watching = spawn(process.execPath, [CLI, 'desk', 'import', inbox, '--store', store, '--secrets', secrets, '--watch', '600'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    watching.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const exited = new Promise<number | null>((done) => watching.on('exit', (code) => done(code)));
    await waitFor('the first look at the folder', () => err.includes('跳过 '));
    watching.kill('SIGTERM');
    let code: number | null | undefined;
    void exited.then((c) => (code = c));
    // A hang check, not a timing measure: the old import slept out its 600 s before looking at the flag.
    await waitFor('the import to stop after SIGTERM', () => code !== undefined, 10_000);
    expect(code).toBe(1);
  });

  for (const kind of ['folder', 'postgres'] as const) {
    it(`items 6, 7 (${kind}): a signed batch with a NUL in \`at\`, a path in \`at\`, time going backwards, a made-up time zone: each refused whole and set aside, the store unchanged; the other site is taken and the next run is clean`, async () => {
      const inbox = inboxDir();
      const { store, spec } = await deskStore(kind);
      const secrets = secretsFile();
      const { jy01, jy02 } = twoSites();
      jy01.deliver(inbox, 1);
      expect((await importJson(inbox, spec, secrets)).code).toBe(0);
      const before = await snapshot(store, spec);
      const attempts: [string, (s: ForgedSite) => string, RegExp][] = [
        ['NUL in at', (s) => (s.add('2026-11-30T08:15:00.000+08:00', '2026-11-30T08:16:00\u0000+08:00'), s.deliver(inbox, 15)), /seq 16 holds a NUL character, which the desk cannot keep/],
        ['a path in at', (s) => (s.add('../../../../tmp/cr-escaped-T08:17:00+08:00'), s.deliver(inbox, 15)), /seq 15 has an `at` that is not an ISO 8601 time/],
        ['backwards in the batch', (s) => (s.add('2026-11-30T08:20:00.000+08:00', '2026-11-30T08:19:00.000+08:00'), s.deliver(inbox, 15)), /seq 16 is dated 2026-11-30T08:19:00\.000\+08:00, before the event ahead of it/],
        ['backwards from the desk', (s) => (s.add('2026-11-30T07:00:00.000+08:00'), s.deliver(inbox, 15)), /seq 15 is dated 2026-11-30T07:00:00\.000\+08:00, before seq 14 the desk holds/],
        ['a zone on Mars', (s) => (s.add('2026-11-30T08:30:00.000+08:00'), s.deliver(inbox, 15, s.events.length, { ...s.profile, timezone: 'Mars/Olympus' })), /time zone that is not an IANA zone/],
      ];
      for (const [what, make, reason] of attempts) {
        const forger = new ForgedSite('JY01', SECRETS.JY01);
        forger.events.push(...jy01.events);
        (forger as unknown as { key: Buffer }).key = (jy01 as unknown as { key: Buffer }).key;
        const name = make(forger);
        jy02.deliver(inbox, 1);
        const r = await importJson(inbox, spec, secrets);
        expect(r.code, what).toBe(1);
        expect(r.report.refused.map((x) => x.file.split('/').at(-1)), what).toEqual([name]);
        expect(r.report.refused[0]!.reason, what).toMatch(reason);
        expect(r.report.taken.map((t) => t.site), what).toEqual(['JY02']);
        expect(existsSync(join(inbox, name)), what).toBe(false);
        expect(existsSync(join(inbox, 'refused', name)), what).toBe(true);
        const clean = await importJson(inbox, spec, secrets);
        expect([clean.code, clean.stdout.trim()], what).toEqual([0, JSON.stringify({ taken: [], refused: [], skipped: [], failed: [], unreceipted: [] })]);
      }
      expect(existsSync('/tmp/cr-escaped-T08:17:00+08:00')).toBe(false);
      if (store instanceof FolderStore) expect((await snapshot(store, spec)).split('\n').filter((l) => !l.includes('JY02'))).toEqual(before.split('\n'));
      expect(await store.position('JY01')).toMatchObject({ seq: 14 });
      const followups = await runCli(['desk', 'followups', '--store', spec, '--date', '2026-11-30', '--json']);
      expect(followups.code).toBe(0);
      expect((await runCli(['desk', 'verify', '--store', spec])).code).toBe(0);
    });
  }
});
