import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FileLock } from '../os/file-lock.js';

/**
 * One writer at a time for a site in a folder store (`desk serve`, `desk import` and `desk followup
 * record` may run side by side). Like the control room's data-directory lock: a kernel lock on a
 * file in the store (`locks/ID.lock`), which no other local user can take from outside and which
 * goes with its process, so nothing stale stays.
 */
export async function withStoreLock<T>(storeDir: string, site: string, fn: () => Promise<T>, waitMs = 30_000): Promise<T> {
  const dir = join(storeDir, 'locks');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${site}.lock`);
  const end = Date.now() + waitMs;
  let lock: FileLock | undefined;
  for (;;) {
    lock = FileLock.tryAcquire(file);
    if (lock) break;
    if (Date.now() > end) throw new Error(`desk store ${storeDir}: site ${site} stayed busy for ${waitMs / 1000} s (another import or follow-up is writing it); try again`);
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    return await fn();
  } finally {
    lock.release();
  }
}
