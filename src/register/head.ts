import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChainPosition } from './chain-check.js';
import type { JournalEvent } from './event.js';
import { layout } from './layout.js';

/** The last seq and hash the journal reached, kept beside the day files. */
export interface Head {
  seq: number;
  hash: string;
}

const file = (dataDir: string) => join(layout.journalDir(dataDir), 'head.json');

export async function writeHead(dataDir: string, head: Head): Promise<void> {
  const target = file(dataDir);
  await writeFile(`${target}.tmp`, JSON.stringify(head));
  await rename(`${target}.tmp`, target);
}

/** The recorded head, or undefined when there is none or it was lost in a crash (it is not fsynced). */
export async function readHead(dataDir: string): Promise<Head | undefined> {
  try {
    const head = JSON.parse(await readFile(file(dataDir), 'utf8')) as Head;
    return Number.isInteger(head.seq) && typeof head.hash === 'string' ? head : undefined;
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
