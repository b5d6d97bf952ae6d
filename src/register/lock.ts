import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { writeFileAtomically } from './durable-write.js';
import { DataDirLockedError } from './errors.js';

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/**
 * One writer per data directory. The lock is a Unix socket in Linux's abstract namespace, named
 * after the directory: binding it is atomic, the kernel refuses a second holder (in this process
 * or another), and it vanishes with its process, so a killed daemon leaves nothing stale behind.
 * The file beside it only tells a person who holds the lock.
 */
export class DirLock {
  private constructor(
    private readonly server: Server,
    private readonly infoFile: string,
  ) {}

  static async acquire(dataDir: string, infoFile: string): Promise<DirLock> {
    const name = lockName(dataDir);
    const server = createServer((socket) => socket.destroy());
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(name, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      const holder = await readHolder(infoFile);
      const who = holder ? `pid ${holder.pid} on ${holder.host}, since ${holder.since}` : 'another process';
      throw new DataDirLockedError(
        `data directory ${dataDir} is in use by control-room (${who}); only one daemon may write it. ` +
          `Stop that daemon first, or use \`control-room status\` to see it.`,
      );
    }
    const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    // Replaced, not written into: a link planted at this name must not be written through.
    await writeFileAtomically(infoFile, JSON.stringify(info), 0o600);
    return new DirLock(server, infoFile);
  }

  async release(): Promise<void> {
    await unlink(this.infoFile).catch(() => undefined);
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

/** The abstract socket name for a data directory (the same for every path that reaches it). */
export function lockName(dataDir: string): string {
  const digest = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 32);
  return `\0control-room-${digest}`;
}

async function readHolder(file: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a daemon holds the data directory now (for `status`); asks the kernel, not the file. */
export async function isLocked(dataDir: string): Promise<boolean> {
  const { connect } = await import('node:net');
  let name: string;
  try {
    name = lockName(dataDir);
  } catch {
    return false; // no such directory: nobody can hold it
  }
  return new Promise((resolve) => {
    const socket = connect(name);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
