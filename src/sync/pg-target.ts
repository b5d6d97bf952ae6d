import { importBatch } from '../desk/import.js';
import { PgStore, describePgUrl } from '../desk/pg-store.js';
import type { DeskPosition } from './refusal.js';
import type { DeskTarget, OutgoingBatch } from './target.js';
import { SyncFailure } from './sync-failure.js';

/**
 * Head office's database (many estates, one database): the control room takes its batches in
 * itself, with the desk's own import (the same checks, in one transaction per batch), so the
 * events are keyed by site and seq and inserted exactly once.
 */
export class PgTarget implements DeskTarget {
  readonly description: string;
  private store: PgStore | undefined;

  constructor(
    private readonly url: string,
    private readonly secret: string,
    private readonly now: () => string,
  ) {
    this.description = `PostgreSQL ${describePgUrl(url)}`;
  }

  async position(site: string): Promise<DeskPosition | undefined> {
    return (await this.open()).position(site);
  }

  async send(batch: OutgoingBatch): Promise<{ ack?: DeskPosition }> {
    const r = await importBatch(await this.open(), batch.bytes, () => this.secret, this.now());
    return { ack: { seq: r.seq, hash: r.hash } };
  }

  async close(): Promise<void> {
    const store = this.store;
    this.store = undefined;
    await store?.close();
  }

  private async open(): Promise<PgStore> {
    return (this.store ??= await PgStore.open(this.url).catch((err: Error) => {
      throw new SyncFailure('desk-unreachable', `${err.message}; retrying later`);
    }));
  }
}
