import { join } from 'node:path';
import type { ChainPosition } from './chain-check.js';
import { writeFileAtomically } from './durable-write.js';
import type { JournalEvent } from './event.js';
import { layout } from './layout.js';
import { readRegularFile } from './safe-file.js';

/** The last seq and hash the journal reached, kept beside the day files. */
export interface Head {
  seq: number;
  hash: string;
}

const file = (dataDir: string) => join(layout.journalDir(dataDir), 'head.json');

/**
 * Written after the events it names are durable, and not itself fsynced: after a power cut it may
 * lag behind the journal, never run ahead of it. So an event at or before the head was
 * acknowledged, and cutting it off is damage, never a torn tail.
 */
export async function writeHead(dataDir: string, head: Head): Promise<void> {
  await writeFileAtomically(file(dataDir), JSON.stringify(head));
}

/** The recorded head, or undefined when there is none or it is unreadable (it is not fsynced). */
export async function readHead(dataDir: string): Promise<Head | undefined> {
  try {
    const head = JSON.parse((await readRegularFile(file(dataDir), 4096)).toString('utf8')) as Partial<Head>;
    return Number.isSafeInteger(head.seq) && typeof head.hash === 'string' && /^[0-9a-f]{64}$/.test(head.hash) ? (head as Head) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The journal must reach at least the recorded head, through the same event. `next` is where the
 * chain ends; `events` any events at hand to compare the head's hash with.
 */
export function checkAgainstHead(head: Head, next: ChainPosition, events: readonly JournalEvent[]): string | undefined {
  const last = next.nextSeq - 1;
  if (head.seq > last) {
    return `the journal ends at seq ${last} but had reached seq ${head.seq} (journal/head.json): seq ${last + 1} to ${head.seq} were removed`;
  }
  const at = events.find((e) => e.seq === head.seq);
  if (at && at.hash !== head.hash) return `seq ${head.seq} is not the event the journal recorded there (journal/head.json)`;
  return undefined;
}
