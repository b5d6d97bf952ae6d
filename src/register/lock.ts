import { open, readFile, rename, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { DataDirLockedError } from './errors.js';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/**
 * One writer per data directory. The lock file names the holder; a lock left by a process that no
 * longer exists (a crash, a power cut) is taken over, so a killed daemon restarts without help.
 */
export class DirLock {
  private constructor(private readonly file: string) {}

  static async acquire(file: string): Promise<DirLock> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const handle = await open(file, 'wx', 0o600);
        const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
        await handle.writeFile(JSON.stringify(info));
        await handle.sync();
        await handle.close();
        return new DirLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = await readHolder(file);
      if (holder && isAlive(holder)) {
        throw new DataDirLockedError(
          `data directory is in use by control-room (pid ${holder.pid} on ${holder.host}, since ${holder.since}); ` +
            `only one daemon may write it. Stop that daemon first. If it is surely not running, delete ${file}.`,
        );
      }
      // Stale: move it aside atomically so that two starters cannot both take it over.
      await rename(file, `${file}.stale-${process.pid}`).catch(() => undefined);
      await unlink(`${file}.stale-${process.pid}`).catch(() => undefined);
    }
    throw new DataDirLockedError(`could not take the lock ${file}; another process keeps taking it`);
  }

  async release(): Promise<void> {
    const holder = await readHolder(this.file);
    if (holder?.pid === process.pid) await unlink(this.file).catch(() => undefined);
  }
}

async function readHolder(file: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    // Unreadable or half-written by a starter that died: nobody holds it.
    return undefined;
  }
}

function isAlive(info: LockInfo): boolean {
  if (info.host !== hostname()) return true; // cannot tell for another machine: assume it is held
  if (info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
