import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/desk/folder-import.js';
import { readCursor } from '../../src/sync/sync-files.js';
import type { SyncState } from '../../src/sync/sync-state.js';
import { deskEvents, deskStore, inboxDir, journalEvents, SECRET } from '../helpers/desk.js';
import { engineAt } from '../helpers/engine.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';

const syncTo = (folder: string) => ({ sync: { times: ['08:30', '17:30'], target: `dir:${folder}`, secret: SECRET } });
const secret = () => SECRET;
const now = () => '2026-11-30T12:00:00.000+08:00';
const batchFiles = (folder: string) => readdirSync(folder).filter((n) => n.endsWith('.batch')).sort();

async function record(engine: Awaited<ReturnType<typeof engineAt>>['engine'], n: number, tag: string) {
  for (let i = 0; i < n; i++) await engine.recordEntry({ ...REPAIR, content: `${REPAIR.content} ${tag}-${i}` }, OPERATOR);
}

const mounts: string[] = [];
afterEach(() => {
  while (mounts.length > 0) execFileSync('umount', [mounts.pop()!]);
});

/** A real small file system (tmpfs) for the shared folder, so that it truly fills up. */
function smallFolder(bytes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'cr-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir]);
  } catch (err) {
    throw new Error(`this test mounts a small tmpfs as the shared folder and needs root (mount -t tmpfs): ${(err as Error).message}`);
  }
  mounts.push(dir);
  return dir;
}

/** Fills a folder's file system up to `leave` bytes free. */
function fill(folder: string, leave: number): string {
  const { bavail, bsize } = statfsSync(folder);
  const file = join(folder, 'someone-elses-files.bin');
  writeFileSync(file, Buffer.alloc(Math.max(0, Number(bavail) * Number(bsize) - leave)));
  return file;
}

describe('R8: sync through a shared folder (dir:)', () => {
  it('R8: the batch is delivered whole; the cursor moves only on the desk\'s receipt; nothing lost, nothing doubled', async () => {
    const inbox = inboxDir();
    const { engine, clock, config } = await engineAt('2026-11-30T08:00:00+08:00', syncTo(inbox));
    const { store } = await deskStore('folder');
    const states: SyncState[] = [];
    engine.bus.on('sync-state', (s) => states.push(s));

    await record(engine, 3, 'a');
    // What a daemon killed while writing a batch leaves behind; cleared by the next delivery.
    writeFileSync(join(inbox, '.JY01-0000000001-0000000002.batch.4242.tmp'), '{"format":1');
    const first = await engine.syncNow();
    expect(first).toMatchObject({ ok: true, sent: 3, batches: 1, deliveredSeq: 3, acknowledgedSeq: 0, backlog: 3 });
    expect(states.some((s) => s.running) && states.at(-1)!.running === false).toBe(true);
    expect(batchFiles(inbox)).toEqual(['JY01-0000000001-0000000003.batch']);
    expect(await readCursor(config.dataDir)).toBeUndefined();
    expect(readdirSync(inbox).filter((n) => n.startsWith('.'))).toEqual([]);

    // Not yet imported: the next batch carries everything unacknowledged and replaces the first.
    await record(engine, 2, 'b');
    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 5, deliveredSeq: 5, acknowledgedSeq: 0 });
    expect(batchFiles(inbox)).toEqual(['JY01-0000000001-0000000005.batch']);

    const report = await importFolder(store, inbox, secret, now);
    expect(report.taken.map((t) => [t.seq, t.taken])).toEqual([[5, 5]]);
    expect(batchFiles(inbox)).toEqual([]);
    expect(JSON.parse(readFileSync(join(inbox, 'receipts', 'JY01.json'), 'utf8'))).toMatchObject({ site: 'JY01', seq: 5 });

    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 0, acknowledgedSeq: 5, backlog: 0 });
    expect(await readCursor(config.dataDir)).toMatchObject({ seq: 5, day: '2026-11-30' });

    // Past midnight: the day is closed and the next sync hands the desk the day whole.
    clock.set('2026-12-01T00:00:05+08:00');
    await engine.closeFinishedDays();
    await record(engine, 1, 'c');
    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 2, deliveredSeq: 7, acknowledgedSeq: 5 });
    await importFolder(store, inbox, secret, now);
    expect(await engine.syncNow()).toMatchObject({ acknowledgedSeq: 7, backlog: 0 });
    expect(await deskEvents(store, 'JY01')).toEqual(await journalEvents(config));
    expect((await deskEvents(store, 'JY01')).find((e) => e.kind === 'day.closed')?.data).toMatchObject({ day: '2026-11-30', count: 5 });
    expect(engine.sync.state()).toMatchObject({ acknowledgedSeq: 7, headSeq: 7, backlog: 0, failures: 0, lastError: null });
  });

  it('the same batch delivered twice: the second import takes nothing and changes no event', async () => {
    const inbox = inboxDir();
    const { engine, config } = await engineAt('2026-11-30T08:00:00+08:00', syncTo(inbox));
    const { store } = await deskStore('folder');
    await record(engine, 4, 'a');
    await engine.syncNow();
    const [name] = batchFiles(inbox);
    const copy = join(mkdtempSync(join(tmpdir(), 'cr-copy-')), name!);
    copyFileSync(join(inbox, name!), copy);
    await importFolder(store, inbox, secret, now);
    copyFileSync(copy, join(inbox, name!));
    const again = await importFolder(store, inbox, secret, now);
    expect(again.taken.map((t) => [t.taken, t.skipped])).toEqual([[0, 4]]);
    expect(again.refused).toEqual([]);
    expect(await deskEvents(store, 'JY01')).toEqual(await journalEvents(config));
  });

  it('a shared folder that is not there (not mounted) fails the sync with what to check; nothing is lost', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'cr-gone-')), 'not-mounted');
    const { engine } = await engineAt('2026-11-30T08:00:00+08:00', syncTo(missing));
    await record(engine, 1, 'a');
    const r = await engine.syncNow();
    expect(r.ok).toBe(false);
    expect(r.error).toBe(`the shared folder ${missing} is not there (not mounted, or a wrong sync.target); the events stay in the journal until it is`);
    expect(existsSync(missing)).toBe(false);
  });

  it('the shared folder is not trusted: a FIFO at the receipt fails the sync at once (it hung), a link there is not followed, and a link at a temp name is never written through', async () => {
    const folder = inboxDir();
    const { engine } = await engineAt('2026-11-30T08:00:00+08:00', syncTo(folder));
    await record(engine, 1, 'a');
    mkdirSync(join(folder, 'receipts'));
    const receipt = join(folder, 'receipts', 'JY01.json');
    execFileSync('mkfifo', [receipt]);
    const fifo = await engine.syncNow();
    expect(fifo.ok).toBe(false);
    expect(fifo.error).toMatch(/cannot read the desk's receipt in .*is not a regular file/);
    rmSync(receipt);
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'cr-elsewhere-')), 'receipt.json');
    writeFileSync(elsewhere, JSON.stringify({ site: 'JY01', seq: 1, hash: 'x', at: now() }));
    symlinkSync(elsewhere, receipt);
    const linked = await engine.syncNow();
    expect(linked.ok).toBe(false);
    expect(linked.error).toMatch(/is a symbolic link/);
    rmSync(receipt);
    // The old temp name was the pid's: guessable. Whatever is planted under it stays untouched.
    const victim = join(mkdtempSync(join(tmpdir(), 'cr-victim-')), 'victim');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, join(folder, `.JY01-0000000001-0000000001.batch.${process.pid}.tmp`));
    expect((await engine.syncNow()).ok).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(batchFiles(folder)).toEqual(['JY01-0000000001-0000000001.batch']);
  });

  it('a shared folder that fills up: the sync fails, shows overdue and retries later; no partial file; then everything arrives once', async () => {
    const folder = smallFolder(256 * 1024);
    const { engine, clock, config } = await engineAt('2026-11-30T08:00:00+08:00', syncTo(folder));
    const { store } = await deskStore('folder');
    await record(engine, 40, 'a');
    clock.set('2026-11-30T08:40:00+08:00'); // the 08:30 sync is owed
    const junk = fill(folder, 4096);

    const failed = await engine.syncNow();
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/^could not deliver JY01-0000000001-0000000040\.batch to .*: the shared folder is full\. Nothing is lost/);
    expect(readdirSync(folder).sort()).toEqual(['someone-elses-files.bin']);
    const state = engine.sync.state();
    expect(state).toMatchObject({ overdue: true, dueSince: '2026-11-30T08:30:00.000+08:00', failures: 1, backlog: 40, acknowledgedSeq: 0 });
    expect(Date.parse(state.retryAt!) - clock.now()).toBe(60_000);
    const again = await engine.syncNow();
    expect(again.ok).toBe(false);
    expect(Date.parse(engine.sync.state().retryAt!) - clock.now()).toBe(120_000);

    rmSync(junk);
    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 40, deliveredSeq: 40 });
    expect(engine.sync.state()).toMatchObject({ overdue: false, failures: 0, retryAt: null });

    // The desk imports while the folder is full again: its receipt cannot be written, so the batch stays.
    const junk2 = fill(folder, 0);
    const blocked = await importFolder(store, folder, secret, now);
    expect(blocked.taken.map((t) => t.taken)).toEqual([40]);
    expect(blocked.unreceipted).toHaveLength(1);
    expect(batchFiles(folder)).toEqual(['JY01-0000000001-0000000040.batch']);
    expect(readdirSync(join(folder, 'receipts')).filter((n) => n.startsWith('.'))).toEqual([]);
    rmSync(junk2);
    const retried = await importFolder(store, folder, secret, now);
    expect(retried.taken.map((t) => [t.taken, t.skipped])).toEqual([[0, 40]]);
    expect(batchFiles(folder)).toEqual([]);
    expect(await engine.syncNow()).toMatchObject({ ok: true, acknowledgedSeq: 40, backlog: 0 });
    expect(await deskEvents(store, 'JY01')).toEqual(await journalEvents(config));
  });

  it('a batch refused at the desk is set aside with its reason, and the sync does not move past it', async () => {
    const inbox = inboxDir();
    const { engine } = await engineAt('2026-11-30T08:00:00+08:00', syncTo(inbox));
    const { store } = await deskStore('folder');
    await record(engine, 2, 'a');
    await engine.syncNow();
    const [name] = batchFiles(inbox);
    const file = join(inbox, name!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 20] = bytes[bytes.length - 20]! ^ 0x01;
    writeFileSync(file, bytes);
    const report = await importFolder(store, inbox, secret, now);
    expect(report.refused.map((r) => r.reason)).toEqual(['batch JY01 seq 1-2: the events do not match the signed digest: the batch was changed after the control room signed it']);
    expect(readFileSync(join(inbox, 'refused', `${name}.txt`), 'utf8')).toContain('the events do not match the signed digest');
    expect(await store.position('JY01')).toMatchObject({ seq: 0 });
    // The control room still owes seq 1-2, and delivers them again.
    expect(await engine.syncNow()).toMatchObject({ ok: true, sent: 2, acknowledgedSeq: 0 });
    expect((await importFolder(store, inbox, secret, now)).taken.map((t) => t.seq)).toEqual([2]);
  });
});
