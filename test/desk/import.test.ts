import { cpSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importBatch } from '../../src/desk/import.js';
import { loadConfig } from '../../src/config/load.js';
import { Engine } from '../../src/engine/engine.js';
import { verifyBatch } from '../../src/sync/batch.js';
import { DeskRefusal } from '../../src/sync/refusal.js';
import { FakeClock } from '../../src/time/clock.js';
import { engineAt } from '../helpers/engine.js';
import { batchOf, deskEvents, deskStore, journalEvents, SECRET, snapshot } from '../helpers/desk.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';
import { makeSite } from '../helpers/site.js';

const secret = () => SECRET;
const NOW = '2026-12-01T08:30:05.000+08:00';

/** A site whose journal holds `n` entries, recorded a minute apart from 2026-11-30 08:00. */
async function siteWith(n: number) {
  const s = await engineAt('2026-11-30T08:00:00+08:00');
  for (let i = 0; i < n; i++) {
    await s.engine.recordEntry({ ...REPAIR, content: `${REPAIR.content} ${i}` }, OPERATOR);
    s.clock.advance(60_000);
  }
  return { ...s, events: await journalEvents(s.config) };
}

function refusal(fn: () => unknown): DeskRefusal {
  try {
    fn();
  } catch (err) {
    if (err instanceof DeskRefusal) return err;
    throw err;
  }
  throw new Error('expected the batch to be refused');
}

async function refusedBy(p: Promise<unknown>): Promise<DeskRefusal> {
  const outcome = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (outcome instanceof DeskRefusal) return outcome;
  throw new Error(`expected the batch to be refused, got ${String(outcome)}`);
}

describe('a batch is signed: any change is refused before the desk looks at its store', () => {
  it('every single changed byte of a batch, in the manifest or in the events, is refused', async () => {
    const { config, events } = await siteWith(2);
    const bytes = batchOf(config, events);
    expect(verifyBatch(bytes, SECRET).events.map((e) => e.seq)).toEqual([1, 2]);
    const codes = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      const changed = Buffer.from(bytes);
      changed[i] = changed[i]! ^ 0x01;
      codes.add(refusal(() => verifyBatch(changed, SECRET)).code);
    }
    // The manifest's bytes break its JSON or its HMAC; the events' bytes break the digest.
    expect([...codes].sort()).toEqual(['changed', 'unauthenticated', 'unreadable']);
  });

  it('a forged HMAC, or the wrong secret, is refused naming the batch and what to check', async () => {
    const { config, events } = await siteWith(2);
    const bytes = batchOf(config, events);
    const text = bytes.toString('utf8');
    const hmac = /"hmac":"([0-9a-f]{64})"/.exec(text)![1]!;
    const forged = Buffer.from(text.replace(hmac, hmac.replace(/^./, (c) => (c === '0' ? '1' : '0'))));
    expect(refusal(() => verifyBatch(forged, SECRET)).message).toMatch(/^batch JY01 seq 1-2: the HMAC does not match .*check sync\.secret/);
    expect(refusal(() => verifyBatch(bytes, 'another-secret-of-16-chars')).code).toBe('unauthenticated');
  });

  it('events re-signed by someone with the secret but changed inside still fail the chain', async () => {
    const { config, events } = await siteWith(3);
    const edited = events.map((e) => (e.seq === 2 ? { ...e, data: { ...e.data, content: '改过' } } : e));
    expect(refusal(() => verifyBatch(batchOf(config, edited), SECRET)).message).toMatch(/seq 2's hash does not match its content/);
    const dropped = events.filter((e) => e.seq !== 2);
    expect(refusal(() => verifyBatch(batchOf(config, dropped), SECRET)).message).toMatch(/count that does not fit firstSeq and lastSeq/);
  });
});

describe.each(['folder', 'postgres'] as const)('the desk store (%s): each event exactly once, forks refused', (kind) => {
  it('the same batch twice: the second takes nothing and is not recorded; the store holds each event once', async () => {
    const { config, events } = await siteWith(5);
    const { store } = await deskStore(kind);
    const bytes = batchOf(config, events);
    expect(await importBatch(store, bytes, secret, NOW)).toMatchObject({ site: 'JY01', seq: 5, hash: events[4]!.hash, taken: 5, skipped: 0 });
    expect(await importBatch(store, bytes, secret, NOW)).toMatchObject({ seq: 5, taken: 0, skipped: 5 });
    expect(await deskEvents(store, 'JY01')).toEqual(events);
    // A batch already held is acknowledged without growing the store (issue 17 item 3).
    expect((await store.batches('JY01')).map((b) => [b.firstSeq, b.lastSeq, b.taken, b.skipped])).toEqual([[1, 5, 5, 0]]);
  });

  it('a typed backslash before u0000 is text, not a NUL: the entry is taken (a real NUL is refused in hostile-folder)', async () => {
    const s = await engineAt('2026-11-30T08:00:00+08:00');
    await s.engine.recordEntry({ ...REPAIR, content: '门禁屏幕显示 \\u0000 错误' }, OPERATOR);
    const events = await journalEvents(s.config);
    const { store } = await deskStore(kind);
    expect(await importBatch(store, batchOf(s.config, events), secret, NOW)).toMatchObject({ taken: events.length });
    expect(((await deskEvents(store, 'JY01')).at(-1)!.data as { content: string }).content).toBe('门禁屏幕显示 \\u0000 错误');
  });

  it('an overlapping batch: the events already held are skipped (same hash), the rest taken', async () => {
    const { config, events } = await siteWith(8);
    const { store } = await deskStore(kind);
    await importBatch(store, batchOf(config, events.slice(0, 5)), secret, NOW);
    expect(await importBatch(store, batchOf(config, events.slice(2)), secret, NOW)).toMatchObject({ seq: 8, taken: 3, skipped: 3 });
    expect((await deskEvents(store, 'JY01')).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a batch that leaves a gap is refused with where the desk stands; nothing kept', async () => {
    const { config, events } = await siteWith(8);
    const { store, spec } = await deskStore(kind);
    await importBatch(store, batchOf(config, events.slice(0, 3)), secret, NOW);
    const before = await snapshot(store, spec);
    const err = await refusedBy(importBatch(store, batchOf(config, events.slice(5)), secret, NOW));
    expect(err.code).toBe('gap');
    expect(err.position).toEqual({ seq: 3, hash: events[2]!.hash });
    expect(err.message).toContain('the desk holds JY01 only up to seq 3; seq 4-5 are missing');
    expect(await snapshot(store, spec)).toBe(before);
  });

  it('a changed byte, a forged HMAC and a forked chain are each refused, loudly with the seq, and the store is unchanged', async () => {
    // The control room (A) and an old backup of it (B) that went on recording other events: a fork at seq 4.
    const a = await siteWith(3);
    const b = makeSite();
    await a.engine.stop();
    cpSync(a.config.dataDir, b.config.dataDir, { recursive: true });
    const clock = new FakeClock('2026-11-30T09:00:00+08:00');
    for (const [site, content] of [
      [a, '真实的后续'],
      [b, '旧备份上的另一条'],
    ] as const) {
      const engine = await Engine.start(loadConfig(site.configFile), { clock });
      await engine.recordEntry({ ...REPAIR, content }, OPERATOR);
      await engine.recordEntry({ ...REPAIR, content: `${content} 2` }, OPERATOR);
      await engine.stop();
    }
    const eventsA = await journalEvents(a.config);
    const eventsB = await journalEvents(b.config);
    expect(eventsB[3]!.hash).not.toBe(eventsA[3]!.hash);

    const { store, spec } = await deskStore(kind);
    await importBatch(store, batchOf(a.config, eventsA), secret, NOW);
    const before = await snapshot(store, spec);

    const changed = batchOf(a.config, eventsA);
    changed[changed.length - 40] = changed[changed.length - 40]! ^ 0x01;
    const forged = Buffer.from(batchOf(a.config, eventsA, 'a-forger-who-guessed-wrong!').toString('utf8'));
    const attempts = [
      { bytes: changed, code: 'changed', message: /batch JY01 seq 1-5: the events do not match the signed digest/ },
      { bytes: forged, code: 'unauthenticated', message: /batch JY01 seq 1-5: the HMAC does not match/ },
      { bytes: batchOf(b.config, eventsB.slice(3)), code: 'fork', message: /batch JY01 seq 4-5 FORKS the chain of JY01: at seq 4 the desk holds hash [0-9a-f]{12}…, the batch brings [0-9a-f]{12}…\. Nothing was kept/ },
      { bytes: batchOf(b.config, eventsB), code: 'fork', message: /batch JY01 seq 1-5 FORKS the chain of JY01: at seq 4/ },
    ];
    for (const t of attempts) {
      const err = await refusedBy(importBatch(store, t.bytes, secret, NOW));
      expect(err.code).toBe(t.code);
      expect(err.message).toMatch(t.message);
      expect(await snapshot(store, spec)).toBe(before);
    }
    expect(await deskEvents(store, 'JY01')).toEqual(eventsA);
  });

  it('a site the desk has no secret for is refused, saying how to add one', async () => {
    const { config, events } = await siteWith(1);
    const { store, spec } = await deskStore(kind);
    const before = await snapshot(store, spec);
    await expect(importBatch(store, batchOf(config, events), () => undefined, NOW)).rejects.toThrow(/the desk has no shared secret for site JY01; add it to the secrets file/);
    expect(await snapshot(store, spec)).toBe(before);
  });
});
