import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

/**
 * The day file's writes go through an instrumented FileHandle: a test can hold an fdatasync until
 * it lets it go, make one fail, or have a write stop half-way (a full disk).
 */
const disk = {
  log: [] as string[],
  gate: undefined as Promise<void> | undefined,
  failSync: false,
  halfWrite: false,
  failTruncate: false,
};
/** The day files' descriptors, whose writes a test can cut short. */
const dayFds = new Set<number>();
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    writeSync: (fd: number, buf: Buffer, offset: number, length: number) => {
      if (dayFds.has(fd) && disk.halfWrite) {
        disk.halfWrite = false;
        real.writeSync(fd, buf, offset, Math.floor(length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return real.writeSync(fd, buf, offset, length);
    },
  };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...real,
    open: async (...args: Parameters<typeof real.open>) => {
      const handle = await real.open(...args);
      if (!String(args[0]).endsWith('.jsonl')) return handle;
      dayFds.add(handle.fd);
      return {
        fd: handle.fd,
        datasync: async () => {
          disk.log.push('sync begins');
          await disk.gate;
          if (disk.failSync) {
            disk.failSync = false;
            throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
          }
          await handle.datasync();
          disk.log.push(`synced ${(await handle.stat()).size}`);
        },
        truncate: async (len: number) => {
          if (disk.failTruncate) throw Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
          return handle.truncate(len);
        },
        read: (...a: Parameters<typeof handle.read>) => handle.read(...a),
        stat: () => handle.stat(),
        close: () => (dayFds.delete(handle.fd), handle.close()),
      };
    },
  };
});

const { Journal } = await import('../../src/register/journal.js');
const { DayLogAdapter } = await import('../../src/register/day-log-adapter.js');
const { layout } = await import('../../src/register/layout.js');
const { readDay } = await import('../../src/register/reader.js');
const { verifyJournal } = await import('../../src/register/verify.js');
const { FakeClock } = await import('../../src/time/clock.js');
const { makeSite } = await import('../helpers/site.js');

function setUp(project?: (events: readonly { seq: number; kind: string }[]) => void) {
  const { config } = makeSite();
  disk.log = [];
  const open = () =>
    Journal.open({ dataDir: config.dataDir, timezone: 'Asia/Shanghai', clock: new FakeClock('2026-11-30T10:00:00+08:00'), siteKey: randomBytes(32), ...(project ? { project } : {}) });
  return { config, open, file: layout.dayFile(config.dataDir, '2026-11-30') };
}

const draft = (kind: string) => ({ kind, actor: 'system', data: {} });

describe('group commit', () => {
  it('appends that arrive during a flush go together into the next one; each resolves only once its own events are durable, in order', async () => {
    const { open, config } = setUp();
    const j = await open();
    let release!: () => void;
    disk.gate = new Promise((r) => (release = r));
    const first = j.append(draft('first')).then((e) => (disk.log.push(`resolved ${e[0]!.seq}`), e));
    await vi.waitFor(() => expect(disk.log).toContain('sync begins'));
    // The first flush is now waiting on the disk: these twenty arrive during it.
    const rest = Array.from({ length: 20 }, (_, i) => j.append(draft(`k${i}`)).then((e) => (disk.log.push(`resolved ${e[0]!.seq}`), e)));
    expect(j.backlog).toBe(21);
    disk.gate = undefined;
    release();
    await Promise.all([first, ...rest]);
    await j.close();
    const syncs = disk.log.filter((l) => l.startsWith('synced'));
    expect(syncs).toHaveLength(2);
    // Nobody was told before the flush holding their event returned.
    expect(disk.log.indexOf('resolved 1')).toBeGreaterThan(disk.log.indexOf(syncs[0]!));
    for (let seq = 2; seq <= 21; seq++) expect(disk.log.indexOf(`resolved ${seq}`)).toBeGreaterThan(disk.log.indexOf(syncs[1]!));
    expect(disk.log.filter((l) => l.startsWith('resolved'))).toEqual(Array.from({ length: 21 }, (_, i) => `resolved ${i + 1}`));
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => [e.seq, e.kind])).toEqual([[1, 'first'], ...Array.from({ length: 20 }, (_, i) => [i + 2, `k${i}`])]);
  });

  it('a later append of the same flush sees what an earlier one changed (projected as sealed); one that throws or cannot be sealed fails alone, leaving nothing', async () => {
    const seen: string[] = [];
    const { open, config } = setUp((events) => events.forEach((e) => seen.push(e.kind)));
    const j = await open();
    const results = await Promise.allSettled([
      j.append(draft('signed-on')),
      j.append(() => {
        throw new Error('refused inside the write');
      }),
      // Its first draft seals, its second cannot (NaN has no canonical form): none of it is kept.
      j.append([draft('half'), { kind: 'unsealable', actor: 'system', data: { n: Number.NaN } }]),
      j.append(() => [draft(seen.includes('signed-on') ? 'saw-it' : 'missed-it')]),
    ]);
    await j.close();
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => e.kind)).toEqual(['signed-on', 'saw-it']);
    expect(disk.log.filter((l) => l.startsWith('synced'))).toHaveLength(1);
  });
});

describe('a write that fails', () => {
  it('an fdatasync that fails: nothing is recorded, the file is cut back, the seq is kept for the next event, and the error says what to check', async () => {
    const { open, config, file } = setUp();
    const j = await open();
    await j.append(draft('ok'));
    const size = statSync(file).size;
    disk.failSync = true;
    await expect(j.append(draft('lost'))).rejects.toThrow(/could not record lost in .*2026-11-30\.jsonl: EIO.*Nothing was recorded; check the disk/);
    expect(statSync(file).size).toBe(size);
    const [next] = await j.append(draft('after'));
    await j.close();
    expect(next!.seq).toBe(2);
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => e.kind)).toEqual(['ok', 'after']);
    expect((await verifyJournal(config.dataDir, undefined)).ok).toBe(true);
  });

  it('a write stopped half-way (disk full) leaves no half line: the next event follows the last whole one', async () => {
    const { open, config, file } = setUp();
    const j = await open();
    await j.append(draft('ok'));
    disk.halfWrite = true;
    await expect(j.append(draft('lost'))).rejects.toThrow(/ENOSPC/);
    await j.append(draft('after'));
    await j.close();
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => [e.seq, e.kind])).toEqual([[1, 'ok'], [2, 'after']]);
    expect((await verifyJournal(config.dataDir, undefined)).ok).toBe(true);
  });

  it('when even the cut back fails, the file takes no more appends; the next start removes the half line and records that it did', async () => {
    const { open, config, file } = setUp();
    const j = await open();
    await j.append(draft('ok'));
    const size = statSync(file).size;
    disk.halfWrite = true;
    disk.failTruncate = true;
    await expect(j.append(draft('lost'))).rejects.toThrow(/ENOSPC/);
    await expect(j.append(draft('refused'))).rejects.toThrow(/could not be cut back to \d+ bytes .*Restart the daemon: start-up removes the unfinished last line/);
    disk.failTruncate = false;
    await j.close();
    const torn = statSync(file).size - size;
    expect(torn).toBeGreaterThan(0);
    const again = await open();
    expect(again.recovered).toEqual({ file: 'journal/2026/11/2026-11-30.jsonl', offset: size, bytes: torn, line: 2, removed: false });
    await again.append(draft('after'));
    await again.close();
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => e.kind)).toEqual(['ok', 'after']);
  });
});

describe('the day file adapter (lowdb)', () => {
  it('appends only what is new, and refuses a document that would change or remove an event already on disk', async () => {
    const { open, file } = setUp();
    const j = await open();
    await j.append([draft('a'), draft('b')]);
    await j.close();
    const adapter = new DayLogAdapter(file, '2026-11-30');
    const doc = (await adapter.read())!;
    const size = statSync(file).size;
    await adapter.write(doc);
    expect(statSync(file).size).toBe(size);
    await expect(adapter.write({ ...doc, events: [{ ...doc.events[0]!, data: { changed: true } }, doc.events[1]!] })).rejects.toThrow(/refused: the write would change seq 1/);
    await expect(adapter.write({ ...doc, events: doc.events.slice(1) })).rejects.toThrow(/refused: the write would remove events from seq 2 on/);
    await expect(adapter.write({ ...doc, events: [] })).rejects.toThrow(/refused: the write would remove events from seq 1 on/);
    await adapter.close();
    expect(statSync(file).size).toBe(size);
  });
});
