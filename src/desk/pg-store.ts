import type pg from 'pg';
import { GENESIS_HASH, type JournalEvent } from '../register/event.js';
import { dayOfAt } from '../time/zone.js';
import { purgedBefore } from './purge.js';
import type { SiteProfile } from '../sync/batch.js';
import type { DeskPosition } from '../sync/refusal.js';
import type { BatchRecord, DeskStore, FollowupRecord, SiteTx } from './store.js';

/**
 * The desk's tables. Events are keyed by site and seq; each keeps the exact line it came as
 * (`body`), so that `desk log --json` prints what the control room's `log --json` prints.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS desk_sites (
  site text PRIMARY KEY,
  profile text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS desk_events (
  site text NOT NULL,
  seq bigint NOT NULL,
  day text NOT NULL,
  at text NOT NULL,
  kind text NOT NULL,
  prev text NOT NULL,
  hash text NOT NULL,
  body text NOT NULL,
  PRIMARY KEY (site, seq)
);
CREATE INDEX IF NOT EXISTS desk_events_site_day ON desk_events (site, day);
CREATE TABLE IF NOT EXISTS desk_batches (
  site text NOT NULL,
  first_seq bigint NOT NULL,
  last_seq bigint NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  record text NOT NULL
);
CREATE TABLE IF NOT EXISTS desk_followups (
  site text NOT NULL,
  n integer NOT NULL,
  record text NOT NULL,
  PRIMARY KEY (site, n)
);
`;

/** A fixed advisory lock key for creating the tables (two sites may arrive at once at a new database). */
const SCHEMA_LOCK = 0x636f6e74;

/**
 * The desk store in PostgreSQL: head office, many estates, one database. An import runs in one
 * transaction holding an advisory lock on its site, so two batches of a site never interleave and
 * a refused or failed one leaves nothing behind; different sites import side by side.
 */
export class PgStore implements DeskStore {
  readonly description: string;

  private constructor(
    private readonly pool: pg.Pool,
    url: string,
  ) {
    this.description = `PostgreSQL ${describePgUrl(url)}`;
  }

  static async open(url: string): Promise<PgStore> {
    // Loaded when a PostgreSQL store is used, not by every daemon that syncs to a folder.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
    // An idle client that loses its server (a restart) must not crash the process.
    pool.on('error', () => undefined);
    const store = new PgStore(pool, url);
    try {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
        try {
          await client.query(SCHEMA);
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]);
        }
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new Error(`cannot use the desk database ${store.description}: ${pgReason(err)}`);
    }
    return store;
  }

  async importInto<T>(site: string, fn: (tx: SiteTx) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`control-room:${site}`]);
      const added: { events: JournalEvent[]; lines: string[] } = { events: [], lines: [] };
      const batches: BatchRecord[] = [];
      let profile: SiteProfile | undefined;
      const tx: SiteTx = {
        position: () => this.positionWith(client, site),
        lastAt: async () => {
          const r = await client.query<{ at: string }>('SELECT at FROM desk_events WHERE site = $1 ORDER BY seq DESC LIMIT 1', [site]);
          return r.rows[0]?.at;
        },
        hashes: async (from, to) => {
          const r = await client.query<{ seq: string; hash: string }>('SELECT seq, hash FROM desk_events WHERE site = $1 AND seq BETWEEN $2 AND $3', [site, from, to]);
          return new Map(r.rows.map((row) => [Number(row.seq), row.hash]));
        },
        add: (events, lines) => {
          // One by one: a batch's events spread as arguments would overflow the stack.
          for (const e of events) added.events.push(e);
          for (const l of lines) added.lines.push(l);
        },
        recordBatch: (b) => void batches.push(b),
        setProfile: (p) => void (profile = p),
      };
      const result = await fn(tx);
      if (added.events.length > 0) await insertEvents(client, site, added.events, added.lines);
      // P1: personal data the control room purged goes at the desk too, in the same transaction.
      for (const before of purgedBefore(added.events)) {
        await client.query(`UPDATE desk_events SET body = (body::jsonb - 'pii')::text WHERE site = $1 AND day < $2 AND body::jsonb ? 'pii'`, [site, before]);
      }
      for (const b of batches) {
        await client.query('INSERT INTO desk_batches (site, first_seq, last_seq, record) VALUES ($1, $2, $3, $4)', [site, b.firstSeq, b.lastSeq, JSON.stringify(b)]);
      }
      if (profile) {
        await client.query(
          'INSERT INTO desk_sites (site, profile) VALUES ($1, $2) ON CONFLICT (site) DO UPDATE SET profile = EXCLUDED.profile, updated_at = now()',
          [site, JSON.stringify(profile)],
        );
      }
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async sites(): Promise<string[]> {
    const r = await this.pool.query<{ site: string }>('SELECT site FROM desk_sites UNION SELECT DISTINCT site FROM desk_followups ORDER BY site');
    return r.rows.map((row) => row.site);
  }

  position(site: string): Promise<DeskPosition> {
    return this.positionWith(this.pool, site);
  }

  async hashAt(site: string, seq: number): Promise<string | undefined> {
    const r = await this.pool.query<{ hash: string }>('SELECT hash FROM desk_events WHERE site = $1 AND seq = $2', [site, seq]);
    return r.rows[0]?.hash;
  }

  private async positionWith(q: pg.Pool | pg.PoolClient, site: string): Promise<DeskPosition> {
    const r = await q.query<{ seq: string; hash: string }>('SELECT seq, hash FROM desk_events WHERE site = $1 ORDER BY seq DESC LIMIT 1', [site]);
    const row = r.rows[0];
    return row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  async profile(site: string): Promise<SiteProfile | undefined> {
    const r = await this.pool.query<{ profile: string }>('SELECT profile FROM desk_sites WHERE site = $1', [site]);
    return r.rows[0] ? (JSON.parse(r.rows[0].profile) as SiteProfile) : undefined;
  }

  async eventsBetween(site: string, fromDay: string, toDay?: string): Promise<JournalEvent[]> {
    const r = await this.pool.query<{ body: string }>(
      'SELECT body FROM desk_events WHERE site = $1 AND day >= $2 AND ($3::text IS NULL OR day <= $3) ORDER BY seq',
      [site, fromDay, toDay ?? null],
    );
    return r.rows.map((row) => JSON.parse(row.body) as JournalEvent);
  }

  async *days(site: string): AsyncIterable<{ day: string; events: JournalEvent[] }> {
    const r = await this.pool.query<{ day: string }>('SELECT DISTINCT day FROM desk_events WHERE site = $1 ORDER BY day', [site]);
    for (const { day } of r.rows) yield { day, events: await this.eventsBetween(site, day, day) };
  }

  async batches(site: string): Promise<BatchRecord[]> {
    const r = await this.pool.query<{ record: string }>('SELECT record FROM desk_batches WHERE site = $1 ORDER BY received_at, first_seq', [site]);
    return r.rows.map((row) => JSON.parse(row.record) as BatchRecord);
  }

  async followups(site: string): Promise<FollowupRecord[]> {
    const r = await this.pool.query<{ record: string }>('SELECT record FROM desk_followups WHERE site = $1 ORDER BY n', [site]);
    return r.rows.map((row) => JSON.parse(row.record) as FollowupRecord);
  }

  async addFollowup(site: string, build: (existing: readonly FollowupRecord[]) => FollowupRecord): Promise<FollowupRecord> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`control-room:${site}`]);
      const r = await client.query<{ record: string }>('SELECT record FROM desk_followups WHERE site = $1 ORDER BY n', [site]);
      const existing = r.rows.map((row) => JSON.parse(row.record) as FollowupRecord);
      const record = build(existing);
      await client.query('INSERT INTO desk_followups (site, n, record) VALUES ($1, $2, $3)', [site, existing.length + 1, JSON.stringify(record)]);
      await client.query('COMMIT');
      return record;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** One statement for the whole batch: arrays unnested into rows (9,000 events in one round trip). */
async function insertEvents(client: pg.PoolClient, site: string, events: readonly JournalEvent[], lines: readonly string[]): Promise<void> {
  const CHUNK = 5_000;
  for (let i = 0; i < events.length; i += CHUNK) {
    const part = events.slice(i, i + CHUNK);
    await client.query(
      `INSERT INTO desk_events (site, seq, day, at, kind, prev, hash, body)
       SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       ON CONFLICT (site, seq) DO NOTHING`,
      [
        site,
        part.map((e) => e.seq),
        part.map((e) => dayOfAt(e.at)),
        part.map((e) => e.at),
        part.map((e) => e.kind),
        part.map((e) => e.prev),
        part.map((e) => e.hash),
        lines.slice(i, i + CHUNK),
      ],
    );
  }
}

/** postgres://user:secret@host:5432/db -> user@host:5432/db: never a password in a message or a log. */
export function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return '(an unreadable postgres:// URL)';
  }
}

/** A connection failure in words a person can act on. */
export function pgReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { code?: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused (is PostgreSQL running and listening there?)';
  if (e.code === 'ENOTFOUND') return 'no such host';
  if (e.code === '28P01' || e.code === '28000') return 'the user or password was not accepted';
  if (e.code === '3D000') return 'no such database';
  return e.message ?? String(err);
}
