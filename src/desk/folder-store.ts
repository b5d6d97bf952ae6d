import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { DayLogAdapter, type DayLog } from '../register/day-log-adapter.js';
import { makeDirsDurably } from '../register/durable-write.js';
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
import { withStoreLock } from './store-lock.js';

interface SiteDoc {
  profile?: SiteProfile;
  batches: BatchRecord[];
}

interface FollowupDoc {
  records: FollowupRecord[];
}

/**
 * The embedded desk store: a folder, one sub-folder per site. Each site's events are kept exactly as
 * a control room keeps its journal (`sites/ID/journal/YYYY/MM/YYYY-MM-DD.jsonl`, appended through
 * the register's lowdb adapter), so the register's own readers and verifier work on it unchanged.
 * Beside them: `desk.json` (the site's profile and the batches taken) and `followups.json` (the
 * desk's follow-up records).
 *
 * An import appends to its day files oldest first, then writes the receipt log: a crash part-way
 * leaves the site's chain ending at an earlier seq, never broken (the next import first cuts off
 * a line the crash left unfinished, as the control room's start-up does), and the control room
 * sends the rest again.
 */
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
    }
    return new FolderStore(root);
  }

  siteDir(site: string): string {
    return join(this.dir, 'sites', site);
  }

  async importInto<T>(site: string, fn: (tx: SiteTx) => Promise<T>): Promise<T> {
    return withStoreLock(this.dir, site, async () => {
      const added: JournalEvent[] = [];
      const batches: BatchRecord[] = [];
      let profile: SiteProfile | undefined;
      const tx: SiteTx = {
        position: () => this.position(site),
        hashes: (from, to) => this.hashes(site, from, to),
        add: (events) => events.forEach((e) => added.push(e)),
        recordBatch: (b) => void batches.push(b),
        setProfile: (p) => void (profile = p),
      };
      const result = await fn(tx);
      // The site's folder comes with its first events: a refused batch leaves no trace.
      await this.writeEvents(site, added);
      // P1: personal data the control room purged goes at the desk too (the chain still verifies).
      for (const before of purgedBefore(added)) await purgePiiBefore(this.siteDir(site), before);
      const db = await this.siteDoc(site);
      if (profile) db.data.profile = profile;
      for (const b of batches) db.data.batches.push(b);
      if (profile || batches.length > 0) await db.write();
      return result;
    });
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
