import { hostname } from 'node:os';
import { FileLock, isFileLocked, readLockNote } from '../os/file-lock.js';
import { systemClock } from '../time/clock.js';
import { DataDirLockedError } from './errors.js';
import { layout } from './layout.js';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/** A daemon starting while `status` peeks at the lock (a shared lock held for a moment) tries again this long. */
const CONTENDED_MS = 500;

/**
 * One writer per data directory: a kernel lock on `DATA/daemon.lock` (see FileLock). Only a user
 * who may open that file (0600: the daemon's user, or root) can take it, so no other local user
 * can keep the daemon from starting; a killed daemon's lock goes with its process. The file's
 * words (pid, host, since) only tell a person who holds it.
 */
export class DirLock {
  private constructor(private readonly lock: FileLock) {}

  static async acquire(dataDir: string, lockFile: string): Promise<DirLock> {
    const until = Date.now() + CONTENDED_MS;
    for (;;) {
      let lock: FileLock | undefined;
      try {
        lock = FileLock.tryAcquire(lockFile);
      } catch (err) {
        throw new DataDirLockedError(`cannot take the lock of data directory ${dataDir} (${lockFile}: ${describe(err)})`);
      }
      if (lock) {
        const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date(systemClock.now()).toISOString() };
        lock.write(JSON.stringify(info));
        return new DirLock(lock);
      }
      if (Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const holder = parseHolder(readLockNote(lockFile));
    const who = holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.since}` : 'another process';
    throw new DataDirLockedError(
      `data directory ${dataDir} is in use by control-room (${who}); only one daemon may write it. ` +
        `Stop that daemon first, or use \`control-room status\` to see it.`,
    );
  }

  async release(): Promise<void> {
    this.lock.release();
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EACCES') return 'no permission: run as the user the daemon runs as (or root)';
  if (e.code === 'ELOOP') return 'it is a symbolic link; remove it (the daemon makes its own)';
  if (e.code === 'EPERM' || e.code === 'ENOTFILE') return `${e.message}; remove it (the daemon makes its own)`;
  return e.message;
}

function parseHolder(text: string | undefined): LockInfo | undefined {
  try {
    const info = JSON.parse(text ?? '') as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a daemon holds the data directory now (for `status` and `sync`); asks the kernel, not the file. */
export async function isLocked(dataDir: string): Promise<boolean> {
  const lockFile = layout.lock(dataDir);
  try {
    return isFileLocked(lockFile);
  } catch (err) {
    throw new DataDirLockedError(`cannot tell whether a daemon holds ${lockFile}: ${describe(err)}`);
  }
}
