/** Where a site's chain stands at the desk: the last seq it holds and that event's hash (seq 0: nothing yet). */
export interface DeskPosition {
  seq: number;
  hash: string;
}

export type RefusalCode =
  /** not a batch at all, or damaged beyond reading */
  | 'unreadable'
  /** the HMAC does not match (forged, or another secret), or the desk has no secret for the site */
  | 'unauthenticated'
  /** the events are not the ones that were signed */
  | 'changed'
  /** the events inside the batch do not form a chain */
  | 'broken-chain'
  /** the batch disagrees with what the desk already holds for the site */
  | 'fork'
  /** the batch starts after the desk's last seq: events in between are missing */
  | 'gap';

const REFUSAL_CODES: readonly RefusalCode[] = ['unreadable', 'unauthenticated', 'changed', 'broken-chain', 'fork', 'gap'];

/** A refusal code read back from a file or an answer (anything else is not one). */
export function isRefusalCode(code: unknown): code is RefusalCode {
  return REFUSAL_CODES.includes(code as RefusalCode);
}

/**
 * The desk refused a batch. Nothing from it was kept. Says which batch, what is wrong and what to
 * do; a gap carries the desk's position so that the control room can send from there.
 */
export class DeskRefusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly position?: DeskPosition,
  ) {
    super(message);
    this.name = 'DeskRefusal';
  }

  /** The HTTP status `desk serve` answers with. */
  get httpStatus(): number {
    return this.code === 'unauthenticated' ? 401 : this.code === 'fork' || this.code === 'gap' ? 409 : 422;
  }
}
