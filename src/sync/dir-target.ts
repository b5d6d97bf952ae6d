import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurably } from '../register/durable-write.js';
import { readRegularFile } from '../register/safe-file.js';
import type { DeskPosition } from './refusal.js';
import type { DeskTarget, OutgoingBatch } from './target.js';
import { SyncFailure } from './sync-failure.js';

/** `JY01-0000000001-0000009000.batch`: the site and the seqs it carries, so names never collide. */
export function batchFileName(site: string, firstSeq: number, lastSeq: number): string {
  return `${site}-${String(firstSeq).padStart(10, '0')}-${String(lastSeq).padStart(10, '0')}.batch`;
}

const BATCH_FILE = /^([A-Za-z0-9_-]{2,16})-(\d{10})-(\d{10})\.batch$/;

export function parseBatchFileName(name: string): { site: string; firstSeq: number; lastSeq: number } | undefined {
  const m = BATCH_FILE.exec(name);
  return m ? { site: m[1]!, firstSeq: Number(m[2]), lastSeq: Number(m[3]) } : undefined;
}

/** The desk's receipt for a site in a shared folder: `receipts/ID.json`, where its copy now ends. */
export interface Receipt extends DeskPosition {
  site: string;
  at: string;
}

export const receiptFile = (folder: string, site: string) => join(folder, 'receipts', `${site}.json`);

/** A receipt is one short JSON line; anything larger is not one. */
const MAX_RECEIPT_BYTES = 64 * 1024;

/**
 * A shared folder or mounted drive. A batch is written under a temporary name, fsynced and renamed,
 * so the desk never sees half a batch; a full or failing folder leaves no partial file behind. The
 * desk imports (`desk import`) and writes a receipt, which is the acknowledgement.
 */
export class DirTarget implements DeskTarget {
  readonly description: string;

  constructor(readonly folder: string) {
    this.description = `folder ${folder}`;
  }

  async position(site: string): Promise<DeskPosition | undefined> {
    await this.requireFolder();
    let text: string;
    try {
      // The folder is shared: a receipt is read only as a small regular file, never through a
      // link, and a FIFO planted there cannot hold the sync forever.
      text = (await readRegularFile(receiptFile(this.folder, site), MAX_RECEIPT_BYTES)).toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new SyncFailure('folder-denied', `cannot read the desk's receipt in ${this.folder}: ${(err as Error).message}`);
    }
    try {
      const r = JSON.parse(text) as Receipt;
      return Number.isInteger(r.seq) && typeof r.hash === 'string' ? { seq: r.seq, hash: r.hash } : undefined;
    } catch {
      return undefined; // a receipt being replaced by a non-atomic copy tool: read it next time
    }
  }

  async send(batch: OutgoingBatch): Promise<{ ack?: DeskPosition }> {
    await this.requireFolder();
    const { site, firstSeq, lastSeq } = batch.manifest;
    const name = batchFileName(site, firstSeq, lastSeq);
    const final = join(this.folder, name);
    // Delivered by an earlier sync and not yet taken: the same events, already signed.
    if (await stat(final).then(() => true, () => false)) return {};
    try {
      // A temp file under a name nobody can guess, created without following a link, fsynced, renamed.
      await writeFileDurably(final, batch.bytes, 0o640);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOSPC' ? 'the shared folder is full' : code === 'EACCES' ? 'no permission to write there' : (err as Error).message;
      throw new SyncFailure(
        code === 'ENOSPC' ? 'folder-full' : code === 'EACCES' || code === 'EPERM' ? 'folder-denied' : 'other',
        `could not deliver ${name} to ${this.folder}: ${why}. Nothing is lost: the events stay in the journal and go with the next try`,
      );
    }
    return {};
  }

  /**
   * Removes this site's earlier batch files (the ones just delivered carry everything not yet
   * receipted) and the temporary files of a delivery cut short (the daemon killed while writing).
   */
  async finish(site: string, delivered: readonly OutgoingBatch[]): Promise<void> {
    const keep = new Set(delivered.map((b) => batchFileName(site, b.manifest.firstSeq, b.manifest.lastSeq)));
    for (const name of await readdir(this.folder)) {
      const leftover = name.startsWith(`.${site}-`) && name.endsWith('.tmp') && parseBatchFileName(name.slice(1).replace(/\.[0-9a-f]+\.tmp$/, ''))?.site === site;
      const superseded = keep.size > 0 && !keep.has(name) && parseBatchFileName(name)?.site === site;
      if (leftover || superseded) await unlink(join(this.folder, name)).catch(() => undefined);
    }
  }

  async close(): Promise<void> {}

  private async requireFolder(): Promise<void> {
    try {
      if ((await stat(this.folder)).isDirectory()) return;
    } catch {
      // reported below
    }
    throw new SyncFailure('folder-missing', `the shared folder ${this.folder} is not there (not mounted, or a wrong sync.target); the events stay in the journal until it is`);
  }
}
