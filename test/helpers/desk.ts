import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { FolderStore } from '../../src/desk/folder-store.js';
import { PgStore } from '../../src/desk/pg-store.js';
import type { DeskStore } from '../../src/desk/store.js';
import type { SiteConfig } from '../../src/config/types.js';
import type { JournalEvent } from '../../src/register/event.js';
import { readSince } from '../../src/register/reader.js';
import { buildBatch } from '../../src/sync/batch.js';
import { siteProfileOf } from '../../src/sync/service.js';

/** The example estate's sync.secret (examples/config.json). */
export const SECRET = 'example-shared-secret-change-me-0123456789';

/** Where the tests find PostgreSQL (.ci/postgres makes this role); each test gets a database of its own. */
export const TEST_PG = process.env.CONTROL_ROOM_TEST_PG ?? 'postgres://control_room:control_room@127.0.0.1:5432/postgres';

const databases: string[] = [];
const stores: DeskStore[] = [];

/**
 * Drops a test's database. FORCE ends the sessions still on it, but PostgreSQL refuses to end one
 * of another role (a background worker, for a moment): then wait for it and drop plainly.
 */
async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(attempt === 0 ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

afterEach(async () => {
  while (stores.length > 0) await stores.pop()!.close();
  if (databases.length === 0) return;
  const admin = new pg.Client({ connectionString: TEST_PG });
  await admin.connect();
  try {
    while (databases.length > 0) await dropDatabase(admin, databases.pop()!);
  } finally {
    await admin.end();
  }
});

/**
 * A fresh, empty database on the test PostgreSQL, as a postgres:// URL. Fails the test, saying how
 * to get PostgreSQL, when there is none: the desk over PostgreSQL is part of what must be shown.
 */
export async function freshPgDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: TEST_PG, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `these tests need PostgreSQL at ${TEST_PG} (${(err as Error).message}). On Debian: apt-get install -y postgresql && bash .ci/postgres ` +
        `(starts the cluster and makes the control_room role), or set CONTROL_ROOM_TEST_PG=postgres://USER:PASSWORD@HOST:PORT/DB for a role with CREATEDB`,
    );
  }
  const name = `cr_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  databases.push(name);
  const url = new URL(TEST_PG);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A desk store of either kind, closed after the test. */
export async function deskStore(kind: 'folder' | 'postgres'): Promise<{ store: DeskStore; spec: string }> {
  const spec = kind === 'folder' ? join(mkdtempSync(join(tmpdir(), 'cr-desk-')), 'store') : await freshPgDatabase();
  const store = kind === 'folder' ? await FolderStore.open(spec, true) : await PgStore.open(spec);
  stores.push(store);
  return { store, spec };
}

/** A shared folder for a dir: target. */
export function inboxDir(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'cr-inbox-')), 'inbox');
  mkdirSync(dir);
  return dir;
}

export async function journalEvents(config: SiteConfig): Promise<JournalEvent[]> {
  return readSince(config.dataDir, '0000-00-00');
}

/** A signed batch of the given events, as the control room builds one. */
export function batchOf(config: SiteConfig, events: readonly JournalEvent[], secret = SECRET): Buffer {
  return buildBatch(config.site.id, events, siteProfileOf(config), secret, '2026-12-01T08:30:00.000+08:00').bytes;
}

/** Everything the desk holds, to show a refused batch changed nothing: every file's bytes, or every row. */
export async function snapshot(store: DeskStore, spec: string): Promise<string> {
  if (store instanceof FolderStore) {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(`${relative(spec, p)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
      }
    };
    walk(spec);
    return files.join('\n');
  }
  const client = new pg.Client({ connectionString: spec });
  await client.connect();
  try {
    const parts: string[] = [];
    for (const table of ['desk_sites', 'desk_events', 'desk_batches', 'desk_followups']) {
      const r = await client.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
      parts.push(`${table}: ${JSON.stringify(r.rows)}`);
    }
    return parts.join('\n');
  } finally {
    await client.end();
  }
}

/** Every event the desk holds for a site, oldest first. */
export async function deskEvents(store: DeskStore, site: string): Promise<JournalEvent[]> {
  return store.eventsBetween(site, '0000-00-00');
}
