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
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`control-room: ${message}\n`);
  if (!expected && err instanceof Error && process.env.CONTROL_ROOM_DEBUG) process.stderr.write(`${err.stack}\n`);
  process.exit(err instanceof CliFailure ? err.exitCode : err instanceof ConfigError ? 2 : 1);
}
