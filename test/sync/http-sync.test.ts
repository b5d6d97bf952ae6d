import { afterEach, describe, expect, it } from 'vitest';
import { importBatch } from '../../src/desk/import.js';
import { SyncService } from '../../src/sync/service.js';
import type { FakeClock } from '../../src/time/clock.js';
import { batchOf, deskEvents, deskStore, journalEvents, SECRET } from '../helpers/desk.js';
import { engineAt } from '../helpers/engine.js';
import { faultyDesk } from '../helpers/faulty-desk.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';
import { waitFor } from '../helpers/panel-site.js';

const services: SyncService[] = [];
afterEach(async () => {
  while (services.length > 0) await services.pop()!.stop();
});

/** A site syncing over HTTP to a desk whose failures the test controls; retries a minute apart, then 2, then 4 (the test calls the retries itself). */
async function httpSite() {
  const { store } = await deskStore('folder');
  const desk = await faultyDesk(store);
  const site = await engineAt('2026-11-30T08:00:00+08:00', { sync: { times: ['08:30', '17:30'], target: desk.url, secret: SECRET } });
  const sync = new SyncService({ config: site.config, clock: site.clock, httpTimeoutMs: 300, retryDelaysMs: [60_000, 120_000, 240_000] });
  services.push(sync);
  await sync.load();
  return { ...site, store, desk, sync };
}

async function record(s: { engine: Awaited<ReturnType<typeof engineAt>>['engine']; clock: FakeClock }, n: number, tag: string) {
  for (let i = 0; i < n; i++) {
    await s.engine.recordEntry({ ...REPAIR, content: `${REPAIR.content} ${tag}-${i}` }, OPERATOR);
    s.clock.advance(60_000);
  }
}

describe('R8: the desk down for several scheduled syncs, then back', () => {
  it('R8: refused, 503 and timeouts fail the scheduled syncs (overdue, retries growing); back up, the desk gets every event once', async () => {
    const s = await httpSite();
    const { desk, sync, clock } = s;
    await record(s, 5, 'a');

    const tries: { at: string; mode: Parameters<typeof desk.setMode>[0]; error: RegExp }[] = [
      { at: '2026-11-30T08:30:00+08:00', mode: 'refused', error: /^cannot reach the desk at http:\/\/127\.0\.0\.1:\d+: connection refused \(is `control-room desk serve` running there\?\); retrying later$/ },
      { at: '2026-11-30T17:30:00+08:00', mode: '503', error: /answered 503 Service Unavailable while asking the desk where JY01 stands: maintenance; retrying later$/ },
      { at: '2026-12-01T08:30:00+08:00', mode: 'hang', error: /^no answer from the desk at http:\/\/127\.0\.0\.1:\d+ within 0\.3 s; retrying later$/ },
    ];
    const retryIn: number[] = [];
    for (const [i, t] of tries.entries()) {
      clock.set(t.at);
      await desk.setMode(t.mode);
      const r = await sync.syncNow();
      expect(r.ok).toBe(false);
      expect(r.error).toMatch(t.error);
      const state = sync.state();
      expect(state).toMatchObject({ overdue: true, dueSince: '2026-11-30T08:30:00.000+08:00', failures: i + 1, acknowledgedSeq: 0, lastSuccessAt: null });
      retryIn.push(Date.parse(state.retryAt!) - clock.now());
      await record(s, 2, `b${i}`);
    }
    expect(retryIn).toEqual([60_000, 120_000, 240_000]);
    expect(await s.store.position('JY01')).toMatchObject({ seq: 0 });

    clock.set('2026-12-01T08:40:00+08:00');
    await desk.setMode('up');
    const back = await sync.syncNow();
    const journal = await journalEvents(s.config);
    expect(back).toMatchObject({ ok: true, sent: journal.length, batches: 1, acknowledgedSeq: journal.length, backlog: 0 });
    expect(sync.state()).toMatchObject({ overdue: false, failures: 0, lastError: null, retryAt: null, lastSuccessAt: '2026-12-01T08:40:00.000+08:00', nextDueAt: '2026-12-01T17:30:00.000+08:00' });
    expect(await deskEvents(s.store, 'JY01')).toEqual(journal);
    expect((await s.store.batches('JY01')).map((b) => [b.firstSeq, b.lastSeq, b.taken])).toEqual([[1, journal.length, journal.length]]);
  });

  it('the desk took the batch but its answer was lost: the next sync learns where the desk stands and sends only what is new', async () => {
    const s = await httpSite();
    await record(s, 4, 'a');
    await s.desk.setMode('lose-answer');
    const lost = await s.sync.syncNow();
    expect(lost.ok).toBe(false);
    expect(lost.error).toMatch(/no answer from the desk .* within 0\.3 s/);
    expect(await s.store.position('JY01')).toMatchObject({ seq: 4 }); // it did arrive
    await record(s, 1, 'b');
    await s.desk.setMode('up');
    expect(await s.sync.syncNow()).toMatchObject({ ok: true, sent: 1, acknowledgedSeq: 5 });
    expect(await deskEvents(s.store, 'JY01')).toEqual(await journalEvents(s.config));
    expect((await s.store.batches('JY01')).map((b) => [b.firstSeq, b.lastSeq])).toEqual([
      [1, 4],
      [5, 5],
    ]);
  });

  it('a desk restored from an older backup: the control room sends again from where the desk stands', async () => {
    const s = await httpSite();
    await record(s, 6, 'a');
    expect(await s.sync.syncNow()).toMatchObject({ ok: true, acknowledgedSeq: 6 });
    const { store: restored } = await deskStore('folder');
    await importBatch(restored, batchOf(s.config, (await journalEvents(s.config)).slice(0, 2)), () => SECRET, 'x');
    await s.desk.useStore(restored);
    await record(s, 1, 'b');
    expect(await s.sync.syncNow()).toMatchObject({ ok: true, sent: 5, acknowledgedSeq: 7 });
    expect(await deskEvents(restored, 'JY01')).toEqual(await journalEvents(s.config));
  });

  it('a desk that does not share the secret answers nothing (401): the sync says so and keeps the events', async () => {
    const s = await httpSite();
    const other = new SyncService({ config: { ...s.config, sync: { ...s.config.sync, secret: 'not-the-desks-secret-at-all' } }, clock: s.clock, httpTimeoutMs: 300 });
    services.push(other);
    await record(s, 2, 'a');
    const r = await other.syncNow();
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/refused to say where JY01 stands: the desk does not share this secret for JY01; check sync\.secret/);
    expect(await s.store.position('JY01')).toMatchObject({ seq: 0 });
  });

  it('a failed sync retries by itself, after the delay, until the desk takes the batch', async () => {
    const s = await httpSite();
    const retrying = new SyncService({ config: s.config, clock: s.clock, httpTimeoutMs: 2_000, retryDelaysMs: [50, 100] });
    services.push(retrying);
    await record(s, 3, 'a');
    await s.desk.setMode('503');
    expect((await retrying.syncNow()).ok).toBe(false);
    await waitFor('two retries to have failed', () => retrying.state().failures >= 3);
    await s.desk.setMode('up');
    await waitFor('a retry to succeed', () => retrying.state().acknowledgedSeq === 3);
    expect(retrying.state()).toMatchObject({ failures: 0, retryAt: null, backlog: 0 });
    expect(await deskEvents(s.store, 'JY01')).toEqual(await journalEvents(s.config));
  });

  it('a long backlog goes in several batches, the cursor moving after each', async () => {
    const s = await httpSite();
    const told: { running: boolean; acknowledgedSeq: number; backlog: number }[] = [];
    const small = new SyncService({ config: s.config, clock: s.clock, httpTimeoutMs: 2_000, maxBatchEvents: 4, notify: (st) => told.push(st) });
    services.push(small);
    await record(s, 10, 'a');
    await small.load();
    expect(await small.syncNow()).toMatchObject({ ok: true, sent: 10, batches: 3, acknowledgedSeq: 10 });
    // The status line hears the sync begin, the backlog shrink batch by batch, and the end.
    expect(told.map((t) => [t.running, t.acknowledgedSeq, t.backlog])).toEqual([
      [true, 0, 10],
      [true, 4, 6],
      [true, 8, 2],
      [true, 10, 0],
      [false, 10, 0],
    ]);
    expect((await s.store.batches('JY01')).map((b) => [b.firstSeq, b.lastSeq])).toEqual([
      [1, 4],
      [5, 8],
      [9, 10],
    ]);
  });
});
