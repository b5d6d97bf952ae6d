import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir } from './durable-write.js';
import { layout } from './layout.js';

/** The per-site secret that keys the personal-data digests; readable by its owner only (P1). */
export async function readSiteKey(dataDir: string): Promise<Buffer | undefined> {
  const file = layout.siteKey(dataDir);
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (!/^[0-9a-f]{64}$/.test(text)) {
      throw new Error(`${file} is not a site key (expected 64 hex digits); restore it from backup`);
    }
    return Buffer.from(text, 'hex');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code) throw new Error(`cannot read the site key ${file} (${code}); run as the user that runs the daemon (the key is readable by its owner only)`);
    throw err;
  }
}

/** Reads the key, creating it on the very first start; tightens its permissions if they drifted. */
export async function loadOrCreateSiteKey(dataDir: string, journalIsEmpty: boolean): Promise<Buffer> {
  const file = layout.siteKey(dataDir);
  const existing = await readSiteKey(dataDir);
  if (existing) {
    if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600);
    return existing;
  }
  if (!journalIsEmpty) {
    throw new Error(
      `${file} is missing but the journal holds events; personal data cannot be checked without it. ` +
        `Restore site.key from the backup of this data directory.`,
    );
  }
  await mkdir(dirname(file), { recursive: true });
  const key = randomBytes(32);
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(`${key.toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsyncDir(dirname(file));
  return key;
}
