import { ConfigError } from '../config/error.js';
import { DataDirLockedError, JournalDamagedError } from '../register/errors.js';

/** Exit codes: 1 = the thing asked for failed (verify found damage, start refused); 2 = bad input. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Prints an error a person can act on, without a stack trace for the expected kinds. */
export function reportAndExit(err: unknown): never {
  const expected = err instanceof CliFailure || err instanceof ConfigError || err instanceof JournalDamagedError || err instanceof DataDirLockedError;
  const message = fileSystemMessage(err) ?? (err instanceof Error ? err.message : String(err));
  process.stderr.write(`control-room: ${message}\n`);
  if (!expected && err instanceof Error && process.env.CONTROL_ROOM_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exit(err instanceof CliFailure ? err.exitCode : err instanceof ConfigError ? 2 : 1);
}

/** A file system error as a person reads it: what, where, what to do; undefined for other errors. */
function fileSystemMessage(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string') return undefined;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return `no permission to ${e.syscall === 'open' || e.syscall === 'scandir' || e.syscall === 'stat' ? 'read' : 'change'} ${e.path}: run as the user the daemon runs as (or root), or give this user access`;
    case 'ENOTDIR':
      return `${e.path}: a part of this path is a file where a folder should be; check the configured paths`;
    case 'ENOENT':
      return `${e.path} does not exist; check the configured paths`;
    case 'EROFS':
      return `${e.path} is on a read-only file system; the register needs a writable folder`;
    case 'ENOSPC':
      return `no space left on the disk of ${e.path}; free some space, nothing acknowledged was lost`;
    default:
      return undefined;
  }
}
