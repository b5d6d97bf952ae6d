import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../register/durable-write.js';

const CREATE_NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * Writes a new file that nobody else could have prepared: exclusive create, no link followed. In
 * a shared folder a planted symlink at the name must not make the desk write through it (a
 * refusal's reason over a root-owned file). Fails with EEXIST when the name is taken.
 */
export async function createExclusive(file: string, content: string | Uint8Array, mode = 0o640): Promise<void> {
  const handle = await open(file, CREATE_NEW, mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces a file durably without following links: the new content goes to a temp file of a
 * random name made with exclusive create, then is renamed over the target (a rename replaces a
 * symlink at the target rather than writing through it), and the directory is fsynced.
 */
export async function replaceExclusive(file: string, content: string | Uint8Array, mode = 0o640): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await createExclusive(temp, content, mode);
    await rename(temp, file);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(dirname(file));
}
