import { dayOfAt } from '../time/zone.js';
import type { JournalEvent } from './event.js';
import { chainHash, piiDigest } from './seal.js';

export interface ChainPosition {
  /** The seq the next event must have. */
  nextSeq: number;
  /** The hash the next event's `prev` must equal. */
  prev: string;
}

export interface ChainProblem {
  seq: number;
  problem: string;
  /** Where in the day's events it was found (0-based; in a day file, the line number less one). */
  index: number;
}

/**
 * Checks a day's events against the chain so far. Returns the first problem, naming the seq where
 * the journal stops being trustworthy (a missing event is named by the seq that should be there).
 */
export function checkDayEvents(
  events: readonly JournalEvent[],
  day: string,
  from: ChainPosition,
  siteKey: Buffer | undefined,
): ChainProblem | undefined {
  let { nextSeq, prev } = from;
  for (const [index, event] of events.entries()) {
    const problem = eventProblem(event, day, { nextSeq, prev }, siteKey);
    if (problem) return { ...problem, index };
    nextSeq = event.seq + 1;
    prev = event.hash;
  }
  return undefined;
}

/** What is wrong with one event where the chain stands at `at`, if anything. */
export function eventProblem(event: JournalEvent, day: string, at: ChainPosition, siteKey: Buffer | undefined): Omit<ChainProblem, 'index'> | undefined {
  const { nextSeq, prev } = at;
  if (event.seq !== nextSeq) {
    const what = event.seq > nextSeq ? 'is missing' : 'is out of order or repeated';
    return { seq: nextSeq, problem: `seq ${nextSeq} ${what} (found seq ${event.seq} in its place)` };
  }
  if (event.prev !== prev) return { seq: event.seq, problem: `prev does not match the hash of seq ${event.seq - 1}` };
  if (chainHash(event) !== event.hash) return { seq: event.seq, problem: 'hash does not match its content (the event was changed)' };
  if (dayOfAt(event.at) !== day) return { seq: event.seq, problem: `time ${event.at} does not belong in the file of ${day}` };
  if (event.pii !== undefined) {
    if (event.piiDigest === undefined) return { seq: event.seq, problem: 'has personal data but no piiDigest' };
    if (siteKey && piiDigest(siteKey, event.pii) !== event.piiDigest) {
      return { seq: event.seq, problem: 'personal data does not match its digest (it was changed)' };
    }
  }
  return undefined;
}
