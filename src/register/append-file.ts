import { constants, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir } from './durable-write.js';

const { O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

/**
 * A file that only grows: bytes go on its end (O_APPEND) and are durable when append() returns,
 * one fdatasync per call. It is never opened through a symlink, and a new file is created
 * exclusively, its directory fsynced after the first append so that the file itself survives a
 * power cut. When an append fails, the file is cut back to what it held before, so that a
 * half-written line can never end up in the middle of the file; if even that fails, the file
 * takes no more appends (the next start removes the unfinished line).
 */
export class AppendOnlyFile {
  private broken: string | undefined;
  private dirSynced: boolean;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private length: number,
    created: boolean,
  ) {
    this.dirSynced = !created;
  }

  /** Creates the file; fails if anything (a file, a link) is already there. */
  static async create(path: string, mode = 0o640): Promise<AppendOnlyFile> {
    return new AppendOnlyFile(path, await open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW, mode), 0, true);
  }

  /** Opens an existing file that must be a regular file of exactly `size` bytes (what was read and checked). */
  static async openExisting(path: string, size: number): Promise<AppendOnlyFile> {
    const handle = await open(path, O_WRONLY | O_APPEND | O_NOFOLLOW);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new Error(`${path} is not a regular file`);
      if (stat.size !== size) throw new Error(`${path} changed since it was checked (${stat.size} bytes, expected ${size}); another program writes the journal`);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return new AppendOnlyFile(path, handle, size, false);
  }

  get size(): number {
    return this.length;
  }

  async append(bytes: Buffer): Promise<void> {
    if (this.broken) throw new Error(this.broken);
    try {
      // The write only copies into the page cache, so it is made right here: a trip through the
      // thread pool cost more than the copy. The fdatasync, which waits for the disk, does not
      // hold up the event loop.
      for (let done = 0; done < bytes.length; ) done += writeSync(this.handle.fd, bytes, done, bytes.length - done);
      await this.handle.datasync();
      if (!this.dirSynced) {
        await fsyncDir(dirname(this.path));
        this.dirSynced = true;
      }
    } catch (err) {
      await this.cutBack(err as Error);
      throw err;
    }
    this.length += bytes.length;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  private async cutBack(cause: Error): Promise<void> {
    try {
      await this.handle.truncate(this.length);
      await this.handle.datasync();
    } catch (err) {
      this.broken =
        `${this.path} could not be cut back to ${this.length} bytes after a failed write (${cause.message}; then ${(err as Error).message}); ` +
        `it takes no more appends. Restart the daemon: start-up removes the unfinished last line`;
    }
  }
}
