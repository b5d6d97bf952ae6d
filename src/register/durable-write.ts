import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

/**
 * Replaces a file so that after a crash or power cut it holds either the old or the new content,
 * never a mix, an empty file or NUL bytes: write a temp file, fsync it, rename it over the target,
 * fsync the directory so the rename itself is on disk. lowdb's stock writer skips both fsyncs.
 */
export async function writeFileDurably(file: string, content: string | Uint8Array, mode = 0o640): Promise<void> {
  await replaceFile(file, content, mode, true);
  await fsyncDir(dirname(file));
}

/**
 * Replaces a file by rename without waiting for the disk: for notes that may lag behind after a
 * power cut (journal/head.json, status.json) but must never be half written.
 */
export async function writeFileAtomically(file: string, content: string | Uint8Array, mode = 0o640): Promise<void> {
  await replaceFile(file, content, mode, false);
}

/**
 * The temp file gets a name nobody can guess and is created exclusively, without following a
 * link: a symlink planted where a temp file would go cannot make the daemon write through it.
 * rename() then replaces the target's directory entry itself, even when that is a symlink.
 */
async function replaceFile(file: string, content: string | Uint8Array, mode: number, sync: boolean): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
  try {
    try {
      await handle.writeFile(content);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * mkdir -p whose new directories survive a power cut: each one created is fsynced into its parent,
 * or the first day file of a new month could vanish with its folder.
 */
export async function makeDirsDurably(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    await fsyncDir(dirname(d));
    if (d === first || dirname(d) === d) break;
  }
}
