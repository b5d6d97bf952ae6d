import { existsSync, statSync } from 'node:fs';
import { readdir, readFile, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { DayLogAdapter, type DayLog } from '../register/day-log-adapter.js';
import { fsyncDir, makeDirsDurably } from '../register/durable-write.js';
import { GENESIS_HASH, type JournalEvent } from '../register/event.js';
import { writeHead } from '../register/head.js';
import { checkJournalAtStart, type JournalTail } from '../register/journal-check.js';
import { layout, listDayFiles } from '../register/layout.js';
import { convertLegacyDays } from '../register/migrate.js';
import { readDay } from '../register/reader.js';
import { dayOfAt } from '../time/zone.js';
import { purgePiiBefore } from '../register/retention.js';
import { purgedBefore } from './purge.js';
import type { SiteProfile } from '../sync/batch.js';
import type { DeskPosition } from '../sync/refusal.js';
import { DurableJsonAdapter } from './json-adapter.js';
import type { BatchRecord, DeskStore, FollowupRecord, SiteTx } from './store.js';
import { replaceExclusive } from './exclusive-write.js';
import { withStoreLock } from './store-lock.js';

interface SiteDoc {
  profile?: SiteProfile;
  batches: BatchRecord[];
}

interface FollowupDoc {
  records: FollowupRecord[];
}

/** An import decided but not yet applied: written whole before any day file is touched. */
interface PendingImport {
  lines: string[];
  batches: BatchRecord[];
  profile?: SiteProfile;
}

const PENDING = 'import.pending.json';

/**
 * The embedded desk store: a folder, one sub-folder per site. Each site's events are kept exactly as
 * a control room keeps its journal (`sites/ID/journal/YYYY/MM/YYYY-MM-DD.jsonl`, appended through
 * the register's lowdb adapter), so the register's own readers and verifier work on it unchanged.
 * Beside them: `desk.json` (the site's profile and the batches taken) and `followups.json` (the
 * desk's follow-up records).
 *
 * An import is all or nothing: what it decided (the new events, the batch's record, the profile)
 * is first written whole to `import.pending.json` (temp file, fsync, rename): that is the commit.
 * Then the day files, the head, P1 purges and `desk.json` are brought up to it, and the pending
 * file goes. A crash or a full disk part-way leaves the pending file, and the next import or
 * opening of the store for the site finishes it (every step skips what is already done) before
 * anything else; a failure before the commit leaves the store as it was.
 */
/** A --store that cannot be a desk store (a file, a folder of other things): bad input, exit 2. */
export class StoreSpecError extends Error {}

export class FolderStore implements DeskStore {
  readonly description: string;

  private constructor(readonly dir: string) {
    this.description = `folder ${dir}`;
  }

  static async open(dir: string, create: boolean): Promise<FolderStore> {
    const root = resolve(dir);
    if (!existsSync(root)) {
      if (!create) throw new Error(`there is no desk store at ${root}; import a batch into it first (desk import SOURCE --store ${dir})`);
      await makeDirsDurably(join(root, 'sites'));
    } else if (!statSync(root).isDirectory()) {
      throw new StoreSpecError(`--store ${dir}: ${root} is a file, not a desk store folder; give a folder (created on the first import) or a postgres:// URL`);
    } else if (!existsSync(join(root, 'sites'))) {
      if ((await readdir(root)).length > 0) {
        throw new StoreSpecError(`--store ${dir}: ${root} is a folder with other things in it, not a desk store (no sites/ folder); give an empty or new folder`);
      }
      if (!create) throw new Error(`there is no desk store at ${root}; import a batch into it first (desk import SOURCE --store ${dir})`);
      await makeDirsDurably(join(root, 'sites'));
    }
    const store = new FolderStore(root);
    for (const site of await store.sites()) {
      if (existsSync(join(store.siteDir(site), PENDING))) await withStoreLock(root, site, () => store.finishPending(site));
    }
    return store;
  }

  siteDir(site: string): string {
    return join(this.dir, 'sites', site);
  }

  async importInto<T>(site: string, fn: (tx: SiteTx) => Promise<T>): Promise<T> {
    return withStoreLock(this.dir, site, async () => {
      await this.finishPending(site);
      const pending: PendingImport = { lines: [], batches: [] };
      const tx: SiteTx = {
        position: () => this.position(site),
        lastAt: () => this.lastAt(site),
        hashes: (from, to) => this.hashes(site, from, to),
        add: (_events, lines) => {
          for (const line of lines) pending.lines.push(line);
        },
        recordBatch: (b) => void pending.batches.push(b),
        setProfile: (p) => void (pending.profile = p),
      };
      const result = await fn(tx);
      if (pending.lines.length === 0 && pending.batches.length === 0 && !pending.profile) return result;
      // The site's folder comes with its first events: a refused batch leaves no trace.
      await makeDirsDurably(this.siteDir(site));
      await replaceExclusive(join(this.siteDir(site), PENDING), JSON.stringify(pending));
      await this.finishPending(site);
      return result;
    });
  }

  /** Brings the site's files up to its committed import, if one is pending; in the site's lock. */
  private async finishPending(site: string): Promise<void> {
    const file = join(this.siteDir(site), PENDING);
    let pending: PendingImport;
    try {
      pending = JSON.parse(await readFile(file, 'utf8')) as PendingImport;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new Error(`desk store ${this.dir}: ${file} cannot be read (${(err as Error).message}); restore the store from backup`);
    }
    const added = pending.lines.map((l) => JSON.parse(l) as JournalEvent);
    await this.writeEvents(site, added);
    // P1: personal data the control room purged goes at the desk too (the chain still verifies).
    for (const before of purgedBefore(added)) await purgePiiBefore(this.siteDir(site), before);
    const db = await this.siteDoc(site);
    const known = new Set(db.data.batches.map((b) => `${b.digest} ${b.receivedAt}`));
    const batches = pending.batches.filter((b) => !known.has(`${b.digest} ${b.receivedAt}`));
    if (pending.profile) db.data.profile = pending.profile;
    for (const b of batches) db.data.batches.push(b);
    if (pending.profile || batches.length > 0) await db.write();
    await unlink(file);
    await fsyncDir(this.siteDir(site));
  }

  /** Appends events to their day files, oldest first, skipping any the site's journal already holds. */
  private async writeEvents(site: string, events: readonly JournalEvent[]): Promise<void> {
    const siteDir = this.siteDir(site);
    // A store written by an earlier version is converted first; an unfinished line is cut off.
    await convertLegacyDays(siteDir, undefined);
    const { tail, position } = await checkJournalAtStart(siteDir, undefined);
    const fresh = events.filter((e) => e.seq >= position.nextSeq);
    const last = fresh.at(-1);
    if (!last) return;
    let open: { db: Low<DayLog>; adapter: DayLogAdapter } | undefined;
    for (const e of fresh) {
      const day = dayOfAt(e.at);
      if (open?.db.data.day !== day) {
        if (open) await this.finishDay(open);
        open = await this.dayLog(siteDir, day, tail);
      }
      open.db.data.events.push(e);
    }
    await this.finishDay(open!);
    await writeHead(siteDir, { seq: last.seq, hash: last.hash });
  }

  private async dayLog(siteDir: string, day: string, tail: JournalTail | undefined): Promise<{ db: Low<DayLog>; adapter: DayLogAdapter }> {
    const file = layout.dayFile(siteDir, day);
    await makeDirsDurably(dirname(file));
    const existing = tail?.day === day ? tail : undefined;
    const adapter = new DayLogAdapter(file, day, existing);
    return { db: new Low<DayLog>(adapter, { day, events: existing ? existing.events.slice() : [] }), adapter };
  }

  private async finishDay(open: { db: Low<DayLog>; adapter: DayLogAdapter }): Promise<void> {
    try {
      await open.db.write();
    } finally {
      await open.adapter.close();
    }
  }

  async sites(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, 'sites'), { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  async position(site: string): Promise<DeskPosition> {
    const siteDir = this.siteDir(site);
    const files = await listDayFiles(siteDir);
    for (const ref of files.reverse()) {
      const last = (await readDay(siteDir, ref.day)).at(-1);
      if (last) return { seq: last.seq, hash: last.hash };
    }
    return { seq: 0, hash: GENESIS_HASH };
  }

  async hashAt(site: string, seq: number): Promise<string | undefined> {
    return (await this.hashes(site, seq, seq)).get(seq);
  }

  private async lastAt(site: string): Promise<string | undefined> {
    const siteDir = this.siteDir(site);
    for (const ref of (await listDayFiles(siteDir)).reverse()) {
      const last = (await readDay(siteDir, ref.day)).at(-1);
      if (last) return last.at;
    }
    return undefined;
  }

  private async hashes(site: string, from: number, to: number): Promise<Map<number, string>> {
    const siteDir = this.siteDir(site);
    const out = new Map<number, string>();
    for (const ref of (await listDayFiles(siteDir)).reverse()) {
      const events = await readDay(siteDir, ref.day);
      for (const e of events) if (e.seq >= from && e.seq <= to) out.set(e.seq, e.hash);
      if ((events[0]?.seq ?? Infinity) <= from) break;
    }
    return out;
  }

  async profile(site: string): Promise<SiteProfile | undefined> {
    return (await this.siteDoc(site)).data.profile;
  }

  async eventsBetween(site: string, fromDay: string, toDay?: string): Promise<JournalEvent[]> {
    const siteDir = this.siteDir(site);
    const out: JournalEvent[] = [];
    for (const ref of await listDayFiles(siteDir)) {
      if (ref.day < fromDay || (toDay !== undefined && ref.day > toDay)) continue;
      out.push(...(await readDay(siteDir, ref.day)));
    }
    return out;
  }

  async *days(site: string): AsyncIterable<{ day: string; events: JournalEvent[] }> {
    const siteDir = this.siteDir(site);
    for (const ref of await listDayFiles(siteDir)) yield { day: ref.day, events: await readDay(siteDir, ref.day) };
  }

  async batches(site: string): Promise<BatchRecord[]> {
    return (await this.siteDoc(site)).data.batches;
  }

  async followups(site: string): Promise<FollowupRecord[]> {
    return (await this.followupDoc(site)).data.records;
  }

  async addFollowup(site: string, build: (existing: readonly FollowupRecord[]) => FollowupRecord): Promise<FollowupRecord> {
    await makeDirsDurably(this.siteDir(site));
    return withStoreLock(this.dir, site, async () => {
      const db = await this.followupDoc(site);
      const record = build(db.data.records);
      db.data.records.push(record);
      await db.write();
      return record;
    });
  }

  async close(): Promise<void> {}

  private async siteDoc(site: string): Promise<Low<SiteDoc>> {
    const db = new Low<SiteDoc>(new DurableJsonAdapter(join(this.siteDir(site), 'desk.json')), { batches: [] });
    await db.read();
    return db;
  }

  private async followupDoc(site: string): Promise<Low<FollowupDoc>> {
    const db = new Low<FollowupDoc>(new DurableJsonAdapter(join(this.siteDir(site), 'followups.json')), { records: [] });
    await db.read();
    return db;
  }
}
