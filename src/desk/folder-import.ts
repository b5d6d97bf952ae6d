import { readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirsDurably, writeFileDurably } from '../register/durable-write.js';
import { parseBatchFileName, receiptFile, type Receipt } from '../sync/dir-target.js';
import { DeskRefusal } from '../sync/refusal.js';
import { importBatch, type ImportResult, type SecretFor } from './import.js';
import type { DeskStore } from './store.js';

export interface FolderImportReport {
  taken: (ImportResult & { file: string })[];
  refused: { file: string; reason: string }[];
  /** Taken, but the receipt could not be written (the folder is full?): the batch stays for the next run. */
  unreceipted: { file: string; reason: string }[];
}

/**
 * `desk import SOURCE`: takes every batch in a shared folder, oldest first per site. After each,
 * the desk writes its receipt (`receipts/ID.json`: the seq and hash it now holds; the control
 * room's acknowledgement) and removes the batch. A refused batch goes to `refused/` with its reason
 * beside it, and the receipt says where the desk still stands. Importing the same batch twice
 * changes nothing.
 */
export async function importFolder(store: DeskStore, folder: string, secretFor: SecretFor, now: () => string): Promise<FolderImportReport> {
  const report: FolderImportReport = { taken: [], refused: [], unreceipted: [] };
  const names = (await readdir(folder))
    .map((name) => ({ name, parsed: parseBatchFileName(name) }))
    .filter((f): f is { name: string; parsed: NonNullable<ReturnType<typeof parseBatchFileName>> } => f.parsed !== undefined)
    .sort((a, b) => (a.parsed.site === b.parsed.site ? a.parsed.firstSeq - b.parsed.firstSeq : a.parsed.site < b.parsed.site ? -1 : 1));
  for (const { name, parsed } of names) {
    const file = join(folder, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // replaced by a newer batch meanwhile
      // Not a readable batch (a directory under a batch's name, no permission): reported, and the
      // other sites' batches are still taken.
      report.refused.push({ file, reason: `cannot be read as a batch: ${(err as Error).message}` });
      continue;
    }
    try {
      const result = await importBatch(store, bytes, secretFor, now());
      report.taken.push({ ...result, file });
      await acknowledge(folder, result.site, result, now(), file, report);
    } catch (err) {
      if (!(err instanceof DeskRefusal)) throw err;
      report.refused.push({ file, reason: err.message });
      await setAside(folder, name, err.message);
      // The control room learns where the desk stands (after a gap: where to send from).
      await acknowledge(folder, parsed.site, await store.position(parsed.site), now(), undefined, report).catch(() => undefined);
    }
  }
  return report;
}

async function acknowledge(folder: string, site: string, at: { seq: number; hash: string }, when: string, batchFile: string | undefined, report: FolderImportReport): Promise<void> {
  const receipt: Receipt = { site, seq: at.seq, hash: at.hash, at: when };
  try {
    await makeDirsDurably(join(folder, 'receipts'));
    await writeFileDurably(receiptFile(folder, site), `${JSON.stringify(receipt)}\n`);
  } catch (err) {
    // A full folder: the temporary receipt must not go on taking the space.
    await unlink(join(folder, 'receipts', `.${site}.json.${process.pid}.tmp`)).catch(() => undefined);
    if (batchFile) report.unreceipted.push({ file: batchFile, reason: (err as Error).message });
    return;
  }
  if (batchFile) await unlink(batchFile).catch(() => undefined);
}

async function setAside(folder: string, name: string, reason: string): Promise<void> {
  const dir = join(folder, 'refused');
  await makeDirsDurably(dir);
  await rename(join(folder, name), join(dir, name)).catch(() => undefined);
  await writeFile(join(dir, `${name}.txt`), `${reason}\n`).catch(() => undefined);
}
