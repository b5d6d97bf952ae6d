import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { SiteConfig } from '../src/config/types.js';
import { importFolder } from '../src/desk/folder-import.js';
import { FolderStore } from '../src/desk/folder-store.js';
import { PgStore } from '../src/desk/pg-store.js';
import type { JournalEvent } from '../src/register/event.js';
import { layout } from '../src/register/layout.js';
import { SyncService } from '../src/sync/service.js';
import { dayOfAt } from '../src/time/zone.js';
import { median, mark, msSince } from './stats.js';

export interface SyncBench {
  events: number;
  days: number;
  bytes: number;
  runs: number;
  /** ms per run */
  folder: { deliver: number[]; desk: number[]; cp: number[]; cpSync: number[] };
  postgres: { ours: number[]; copy: number[]; url: string };
}

const PG = process.env.CONTROL_ROOM_TEST_PG ?? 'postgres://control_room:control_room@127.0.0.1:5432/postgres';

/** COPY's text format: tab-separated, backslash escapes. */
function copyField(v: string | number): string {
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function withDatabase<T>(name: string, fn: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: PG });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`the sync bench needs PostgreSQL at ${PG} (${(err as Error).message}); run bash .ci/postgres, or set CONTROL_ROOM_TEST_PG`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(PG);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/**
 * A 30-day backlog synced to the service desk, against moving the same bytes by the plainest means:
 * to a shared folder (then taken in by the desk) against `cp` of the journal's day files, and to
 * PostgreSQL against a bare COPY of the same rows into the same table.
 */
export async function measureSync(config: SiteConfig, dataDir: string, events: readonly JournalEvent[], bytes: number, dirOf: (name: string) => string, runs: number): Promise<SyncBench> {
  const result: SyncBench = { events: events.length, days: new Set(events.map((e) => dayOfAt(e.at))).size, bytes, runs, folder: { deliver: [], desk: [], cp: [], cpSync: [] }, postgres: { ours: [], copy: [], url: PG } };
  const fresh = () => rmSync(join(dataDir, 'sync'), { recursive: true, force: true });

  for (let i = 0; i < runs; i++) {
    fresh();
    const inbox = dirOf(`inbox-${i}`);
    const service = new SyncService({ config: { ...config, dataDir, sync: { ...config.sync, target: `dir:${inbox}` } } });
    let t = mark();
    const outcome = await service.syncNow();
    result.folder.deliver.push(msSince(t));
    if (!outcome.ok || outcome.deliveredSeq !== events.length) throw new Error(`bench: folder sync failed: ${outcome.error ?? JSON.stringify(outcome)}`);
    const store = await FolderStore.open(join(dirOf(`store-${i}`), 'store'), true);
    t = mark();
    const report = await importFolder(store, inbox, () => config.sync.secret, () => new Date().toISOString());
    result.folder.desk.push(msSince(t));
    if (report.taken.reduce((n, r) => n + r.taken, 0) !== events.length) throw new Error('bench: the desk did not take every event');

    const target = join(dirOf(`cp-${i}`), 'journal');
    t = mark();
    const cp = spawnSync('cp', ['-r', layout.journalDir(dataDir), target]);
    result.folder.cp.push(msSince(t));
    if (cp.status !== 0) throw new Error(`bench: cp failed: ${cp.stderr.toString()}`);
    const target2 = join(dirOf(`cpsync-${i}`), 'journal');
    t = mark();
    spawnSync('cp', ['-r', layout.journalDir(dataDir), target2]);
    spawnSync('sync', ['-f', target2]);
    result.folder.cpSync.push(msSince(t));
  }

  const rows = events.map((e) => [config.site.id, e.seq, dayOfAt(e.at), e.at, e.kind, e.prev, e.hash, JSON.stringify(e)].map(copyField).join('\t')).join('\n') + '\n';
  for (let i = 0; i < runs; i++) {
    fresh();
    await withDatabase(`cr_bench_ours_${i}`, async (url) => {
      await (await PgStore.open(url)).close(); // the tables exist beforehand in both cases
      const service = new SyncService({ config: { ...config, dataDir, sync: { ...config.sync, target: url } } });
      const t = mark();
      const outcome = await service.syncNow();
      result.postgres.ours.push(msSince(t));
      if (!outcome.ok || outcome.acknowledgedSeq !== events.length) throw new Error(`bench: PostgreSQL sync failed: ${outcome.error ?? JSON.stringify(outcome)}`);
    });
    await withDatabase(`cr_bench_copy_${i}`, async (url) => {
      await (await PgStore.open(url)).close();
      const t = mark();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyFrom('COPY desk_events (site, seq, day, at, kind, prev, hash, body) FROM STDIN'));
        stream.on('finish', resolve).on('error', reject);
        stream.end(rows);
      });
      await client.end();
      result.postgres.copy.push(msSince(t));
    });
  }
  return result;
}

export function renderSync(r: SyncBench): string {
  const ms = (x: number) => (x < 100 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`);
  const f = { deliver: median(r.folder.deliver), desk: median(r.folder.desk), cp: median(r.folder.cp), cpSync: median(r.folder.cpSync) };
  const p = { ours: median(r.postgres.ours), copy: median(r.postgres.copy) };
  const row = (what: string, ours: number, ref: number, refLabel: string) => `| ${what} | ${ms(ours)} | ${ms(ref)} (${refLabel}) | ${(ours / ref).toFixed(1)} | – |`;
  return `
## Sync to the service desk

A ${r.days}-day backlog (${r.events.toLocaleString('en')} events, ${(r.bytes / 2 ** 20).toFixed(1)} MiB of day files), synced from
nothing, median of ${r.runs} runs each.

| measure | ours | reference | ratio | goal |
|---|---|---|---|---|
${row('to a shared folder: read the journal, sign, write the batches (fsync, rename)', f.deliver, f.cp, '`cp -r` of the day files')}
${row('the same, against `cp -r` followed by `sync -f`', f.deliver, f.cpSync, 'cp + sync')}
${row('to the folder desk: delivered and taken in (verified, stored, receipted)', f.deliver + f.desk, f.cp, '`cp -r` of the day files')}
${row('to PostgreSQL: read, sign, verify, one INSERT … unnest per 5,000 rows, commit', p.ours, p.copy, 'bare COPY of the same rows')}

- Runs (ms): folder delivery ${r.folder.deliver.map((x) => x.toFixed(0)).join(', ')}; desk import ${r.folder.desk.map((x) => x.toFixed(0)).join(', ')};
  cp ${r.folder.cp.map((x) => x.toFixed(0)).join(', ')}; PostgreSQL ${r.postgres.ours.map((x) => x.toFixed(0)).join(', ')}; COPY ${r.postgres.copy.map((x) => x.toFixed(0)).join(', ')}.
- Ours does what a copy does not: parses the journal, checks the chain it sends, signs each batch
  (sha256 and HMAC), and writes it durably (fsync, rename, directory fsync); the desk verifies the
  HMAC and recomputes every event's hash before it keeps anything. \`cp\` only moves bytes (and
  does not fsync: \`cp + sync\` shows what durability adds). COPY gets the rows prepared, in
  PostgreSQL's text format; ours connects, checks its tables, asks where the site stands, verifies
  and inserts in one transaction. Both PostgreSQL cases connect anew and start from empty tables.
`;
}
