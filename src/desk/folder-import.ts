import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../register/durable-write.js';
import { MAX_BATCH_BYTES } from '../sync/batch.js';
import { parseBatchFileName, receiptFile, type Receipt } from '../sync/dir-target.js';
import { DeskRefusal, type RefusalCode } from '../sync/refusal.js';
import { createExclusive, replaceExclusive } from './exclusive-write.js';
import { importBatch, type ImportResult, type SecretFor } from './import.js';
import type { DeskStore } from './store.js';

/** Why a file in the folder was not read, for the words people read (the reason says it in English). */
export type SkipWhy = 'link' | 'fifo' | 'folder' | 'socket' | 'device' | 'not-a-file' | 'too-big' | 'cannot-open' | 'replaced';

export interface Skip {
  why: SkipWhy;
  reason: string;
  /** The size in MiB (too-big) or the system's error code (cannot-open: EACCES…). */
  detail?: string;
}

export interface FolderImportReport {
  taken: (ImportResult & { file: string })[];
  /** Refused; `notSetAside` is the system's error code when it could not be moved to refused/ (it stays, and is refused again). */
  refused: { file: string; code: RefusalCode; reason: string; notSetAside?: string }[];
  /** Not looked at: not a regular file (a link, a FIFO, a device), or over the size limit. Left where they are. */
  skipped: ({ file: string } & Skip)[];
  /** Checked, but the store failed while taking it (a database away): left in place for the next run. */
  failed: { file: string; reason: string }[];
  /** Taken, but the receipt could not be written (the folder is full?): the batch stays for the next run. */
  unreceipted: { file: string; reason: string }[];
}

/** Reads a regular file, never following a link and never blocking on a FIFO or a device. */
const READ_SAFELY = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * `desk import SOURCE`: takes every batch in a shared folder, oldest first per site. After each,
 * the desk writes its receipt (`receipts/ID.json`: the seq and hash it now holds; the control
 * room's acknowledgement) and removes the batch. A refused batch goes to `refused/` with its reason
 * beside it, and the receipt says where the desk still stands. Importing the same batch twice
 * changes nothing.
 *
 * The folder is shared, so nothing in it is trusted: only regular files up to the batch size
 * limit are opened (no link is followed, a FIFO or a device is never opened), and the desk writes
 * only new files (exclusive create) in `refused/` and `receipts/` folders it made itself. One bad
 * batch or one failing site does not stop the others. `signal` stops the run between batches.
 */
export async function importFolder(store: DeskStore, folder: string, secretFor: SecretFor, now: () => string, signal?: AbortSignal): Promise<FolderImportReport> {
  const report: FolderImportReport = { taken: [], refused: [], skipped: [], failed: [], unreceipted: [] };
  const names = (await readdir(folder))
    .map((name) => ({ name, parsed: parseBatchFileName(name) }))
    .filter((f): f is { name: string; parsed: NonNullable<ReturnType<typeof parseBatchFileName>> } => f.parsed !== undefined)
    .sort((a, b) => (a.parsed.site === b.parsed.site ? a.parsed.firstSeq - b.parsed.firstSeq : a.parsed.site < b.parsed.site ? -1 : 1));
  for (const { name, parsed } of names) {
    if (signal?.aborted) break;
    const file = join(folder, name);
    const read = await readBatchFile(file);
    if (read === 'gone') continue; // replaced by a newer batch meanwhile
    if (typeof read === 'object' && 'skip' in read) {
      report.skipped.push({ file, ...read.skip });
      continue;
    }
    try {
      const result = await importBatch(store, read, secretFor, now());
      report.taken.push({ ...result, file });
      await acknowledge(folder, result.site, result, now(), file, report);
    } catch (err) {
      if (!(err instanceof DeskRefusal)) {
        report.failed.push({ file, reason: (err as Error).message });
        continue;
      }
      const refused: FolderImportReport['refused'][number] = { file, code: err.code, reason: err.message };
      report.refused.push(refused);
      await setAside(folder, name, `${err.code}: ${err.message}`).catch((e: NodeJS.ErrnoException) => (refused.notSetAside = e.code ?? e.message));
      // The control room learns where the desk stands (after a gap: where to send from).
      await acknowledge(folder, parsed.site, await store.position(parsed.site), now(), undefined, report).catch(() => undefined);
    }
  }
  return report;
}

/** The bytes of a batch file, or why it was not read. */
async function readBatchFile(file: string): Promise<Buffer | 'gone' | { skip: Skip }> {
  let link: Stats;
  try {
    link = await lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    const detail = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { skip: { why: 'cannot-open', detail, reason: `cannot be looked at (${detail})` } };
  }
  if (!link.isFile()) {
    const kind = kindOf(link);
    return { skip: { why: kind.why, reason: `is ${kind.words}, not a batch file; not opened. Remove it` } };
  }
  const mib = (size: number) => (size / 2 ** 20).toFixed(1);
  if (link.size > MAX_BATCH_BYTES) return { skip: { why: 'too-big', detail: mib(link.size), reason: `is ${mib(link.size)} MiB, over the ${MAX_BATCH_BYTES / 2 ** 20} MiB a batch may be; not read. Remove it` } };
  let handle;
  try {
    handle = await open(file, READ_SAFELY);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'gone';
    if (code === 'ELOOP') return { skip: { why: 'link', reason: 'became a link; not followed' } };
    const detail = code ?? (err as Error).message;
    return { skip: { why: 'cannot-open', detail, reason: `cannot be opened (${detail})` } };
  }
  try {
    const st = await handle.stat();
    // The name may have been swapped between the look and the open: only the file looked at is read.
    if (!st.isFile() || st.ino !== link.ino || st.dev !== link.dev) return { skip: { why: 'replaced', reason: 'was replaced while being opened; not read' } };
    if (st.size > MAX_BATCH_BYTES) return { skip: { why: 'too-big', detail: mib(st.size), reason: `grew over the ${MAX_BATCH_BYTES / 2 ** 20} MiB a batch may be; not read` } };
    const bytes = Buffer.alloc(st.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

function kindOf(st: Stats): { why: SkipWhy; words: string } {
  if (st.isSymbolicLink()) return { why: 'link', words: 'a symbolic link' };
  if (st.isFIFO()) return { why: 'fifo', words: 'a FIFO (named pipe)' };
  if (st.isDirectory()) return { why: 'folder', words: 'a folder' };
  if (st.isSocket()) return { why: 'socket', words: 'a socket' };
  if (st.isCharacterDevice() || st.isBlockDevice()) return { why: 'device', words: 'a device' };
  return { why: 'not-a-file', words: 'not a regular file' };
}

/**
 * A folder of the desk's own in the shared folder (`refused/`, `receipts/`): a real directory made
 * by this user. Anything else under that name (a symlink planted to redirect the desk's writes, a
 * file, someone else's folder) is moved aside, named so, and the folder made anew.
 */
async function ownFolder(folder: string, name: string): Promise<string> {
  const dir = join(folder, name);
  let st: Stats | undefined;
  try {
    st = await lstat(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const mine = st?.isDirectory() && (process.getuid === undefined || st.uid === process.getuid());
  if (st && !mine) await rename(dir, join(folder, `${name}.not-made-by-the-desk.${randomBytes(4).toString('hex')}`));
  if (!mine) {
    await mkdir(dir, { mode: 0o750 });
    await fsyncDir(folder);
  }
  return dir;
}

async function acknowledge(folder: string, site: string, at: { seq: number; hash: string }, when: string, batchFile: string | undefined, report: FolderImportReport): Promise<void> {
  const receipt: Receipt = { site, seq: at.seq, hash: at.hash, at: when };
  try {
    await ownFolder(folder, 'receipts');
    await replaceExclusive(receiptFile(folder, site), `${JSON.stringify(receipt)}\n`, 0o644);
  } catch (err) {
    // The system's code (ENOSPC, EACCES) reads the same in any language.
    if (batchFile) report.unreceipted.push({ file: batchFile, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message });
    return;
  }
  if (batchFile) await unlink(batchFile).catch(() => undefined);
}

/** Moves a refused batch into `refused/` (a rename moves a link itself, never its target) and writes its reason beside it. */
async function setAside(folder: string, name: string, reason: string): Promise<void> {
  const dir = await ownFolder(folder, 'refused');
  await rename(join(folder, name), join(dir, name));
  const text = `${reason}\n`;
  try {
    await createExclusive(join(dir, `${name}.txt`), text, 0o640);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // An earlier refusal of the same name (or something planted there): a name of its own, never written through.
    await createExclusive(join(dir, `${name}.${randomBytes(4).toString('hex')}.txt`), text, 0o640);
  }
  await fsyncDir(dir);
}
