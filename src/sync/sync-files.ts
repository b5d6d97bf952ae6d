import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirsDurably, writeFileDurably } from '../register/durable-write.js';

/**
 * What the control room remembers about syncing, in `DATA/sync/`, written durably:
 * - `cursor.json`: the last seq (and its hash and day) the desk acknowledged. It moves only on an
 *   acknowledgement; the events after it are what the next batch carries.
 * - `state.json`: attempts, successes and failures, for `status` and the console.
 */
export interface SyncCursor {
  /** The target the acknowledgement came from; another target starts over from seq 0. */
  target: string;
  seq: number;
  hash: string;
  /** The local day of that seq's event: where reading the journal starts. */
  day: string;
  at: string;
}

export interface SyncRecord {
  target: string;
  /** When this site began syncing: the schedule is counted from here (ms). */
  since: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  /** Failed attempts since the last success. */
  failures: number;
  /** The last seq delivered (for a folder target: written to the folder, not yet receipted). */
  deliveredSeq: number;
}

const dir = (dataDir: string) => join(dataDir, 'sync');
export const syncFiles = {
  cursor: (dataDir: string) => join(dir(dataDir), 'cursor.json'),
  state: (dataDir: string) => join(dir(dataDir), 'state.json'),
};

async function readJson<T>(file: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    // Written durably, so this is damage from outside; starting over only resends what the desk skips.
    return undefined;
  }
}

export function readCursor(dataDir: string): Promise<SyncCursor | undefined> {
  return readJson<SyncCursor>(syncFiles.cursor(dataDir));
}

export async function writeCursor(dataDir: string, cursor: SyncCursor): Promise<void> {
  await makeDirsDurably(dir(dataDir));
  await writeFileDurably(syncFiles.cursor(dataDir), `${JSON.stringify(cursor)}\n`);
}

export function readSyncRecord(dataDir: string): Promise<SyncRecord | undefined> {
  return readJson<SyncRecord>(syncFiles.state(dataDir));
}

export async function writeSyncRecord(dataDir: string, record: SyncRecord): Promise<void> {
  await makeDirsDurably(dir(dataDir));
  await writeFileDurably(syncFiles.state(dataDir), `${JSON.stringify(record)}\n`);
}
