import type { JournalEvent, NewEvent } from '../src/register/event.js';
import { seal } from '../src/register/seal.js';

/**
 * What the reference stores append: the same draft, sealed exactly as Journal.append seals it
 * (continuing the history's seqs and hash chain), so every store does the same hashing work and
 * stores the same bytes. Sealing happens inside the timed region in every store.
 */
export class ChainTail {
  private seq: number;
  private prev: string;

  constructor(
    history: readonly JournalEvent[],
    private readonly at: string,
    private readonly siteKey: Buffer,
  ) {
    const last = history.at(-1);
    this.seq = last ? last.seq : 0;
    this.prev = last ? last.hash : '0'.repeat(64);
  }

  next(draft: NewEvent): JournalEvent {
    this.seq += 1;
    const event = seal(draft, this.seq, this.at, this.prev, this.siteKey);
    this.prev = event.hash;
    return event;
  }
}
