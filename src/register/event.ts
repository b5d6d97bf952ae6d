/** Personal data carried by an event (resident name, phone). Kept out of the hash chain (P1). */
export type Pii = Record<string, string>;

/** What a writer asks to record; the journal stamps seq, time and the chain. */
export interface NewEvent {
  kind: string;
  /** Badge code of the person who did it, or `panel` / `system`. */
  actor: string;
  data: Record<string, unknown>;
  pii?: Pii;
}

/** One fact in the register, as stored. */
export interface JournalEvent extends NewEvent {
  seq: number;
  /** ISO 8601 with the site's UTC offset. */
  at: string;
  /** HMAC-SHA256(siteKey, canonical(pii)); present whenever pii was recorded, also after a purge. */
  piiDigest?: string;
  prev: string;
  hash: string;
}

/** The `prev` of the first event. */
export const GENESIS_HASH = '0'.repeat(64);
