import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DEADLINE_HOURS } from '../../src/config/load.js';
import { GENESIS_HASH, type JournalEvent } from '../../src/register/event.js';
import { seal } from '../../src/register/seal.js';
import { buildBatch, type SiteProfile } from '../../src/sync/batch.js';
import { batchFileName } from '../../src/sync/dir-target.js';

/**
 * A control room gone wrong (buggy or compromised) that still holds the secret: it signs whatever
 * it is given. `at` of each event is taken as given, so a test can date events anywhere.
 */
export class ForgedSite {
  readonly events: JournalEvent[] = [];
  private readonly key = randomBytes(32);

  constructor(
    readonly site: string,
    readonly secret: string,
    readonly profile: SiteProfile = { name: `${site} 管理处`, timezone: 'Asia/Shanghai', deadlineHours: DEFAULT_DEADLINE_HOURS },
  ) {}

  /** Appends events at the given times (a note each), sealed into the chain. */
  add(...ats: string[]): JournalEvent[] {
    return ats.map((at) => {
      const prev = this.events.at(-1)?.hash ?? GENESIS_HASH;
      const e = seal({ kind: 'note.added', actor: 'system', data: { n: this.events.length + 1 } }, this.events.length + 1, at, prev, this.key);
      this.events.push(e);
      return e;
    });
  }

  /** The signed batch of events fromSeq..toSeq (1-based, inclusive). */
  batch(fromSeq: number, toSeq = this.events.length, profile = this.profile): Buffer {
    return buildBatch(this.site, this.events.slice(fromSeq - 1, toSeq), profile, this.secret, '2026-12-01T08:30:00.000+08:00').bytes;
  }

  /** Drops the batch into a shared folder under the name a dir: target gives it. */
  deliver(folder: string, fromSeq: number, toSeq = this.events.length, profile = this.profile): string {
    const name = batchFileName(this.site, fromSeq, toSeq);
    writeFileSync(join(folder, name), this.batch(fromSeq, toSeq, profile));
    return name;
  }
}
