import { constants, closeSync, fstatSync, ftruncateSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import fsx from 'fs-native-extensions';

/**
 * A lock the kernel holds for this process on a file: an open-file-description lock (Linux's
 * F_OFD_SETLK, through fs-native-extensions, which ships its binaries and needs no install
 * script). It belongs to the open file, not to a name anyone may take (as an abstract socket's
 * was), so only a user who may open the file can contend for it; and it is released by the
 * kernel when the process ends however it ends (SIGKILL too), so nothing stale is left behind.
 * The file is never opened through a link, and it is made 0600.
 */
export class FileLock {
  private constructor(
    readonly file: string,
    private readonly fd: number,
  ) {}

  /** The lock, or undefined when another open file holds it (in this process or another). */
  static tryAcquire(file: string): FileLock | undefined {
    for (;;) {
      const fd = openSync(file, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
      let locked = false;
      try {
        const st = fstatSync(fd);
        if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTFILE' });
        if (process.geteuid && st.uid !== process.geteuid()) throw Object.assign(new Error(`${file} belongs to another user (uid ${st.uid})`), { code: 'EPERM' });
        locked = fsx.tryLock(fd);
        if (!locked) {
          closeSync(fd);
          return undefined;
        }
        // The name may have been removed (a holder releasing) between our open and our lock: a
        // lock on an unlinked file guards nothing, so try again on what the name holds now.
        if (statSync(file, { throwIfNoEntry: false })?.ino === st.ino) return new FileLock(file, fd);
      } catch (err) {
        closeSync(fd);
        throw err;
      }
      closeSync(fd);
    }
  }

  /** Replaces what the file says (who holds it, for people). */
  write(text: string): void {
    ftruncateSync(this.fd, 0);
    writeSync(this.fd, text, 0);
  }

  /** Removes the file, then lets go of the lock (in that order, so no one locks a name about to vanish). */
  release(): void {
    try {
      unlinkSync(this.file);
    } catch {
      // already gone: nothing to tidy
    }
    closeSync(this.fd);
  }
}

/** Whether someone holds the lock on `file` now: asks the kernel (a shared lock it cannot have), not the file's words. */
export function isFileLocked(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    if (!fsx.tryLock(fd, { shared: true })) return true;
    fsx.unlock(fd);
    return false;
  } finally {
    closeSync(fd);
  }
}

/** What a lock file says about its holder, if anything readable. */
export function readLockNote(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
