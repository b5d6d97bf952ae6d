import type { FollowupRecord } from '../domain/followups.js';
import type { JournalEvent } from '../register/event.js';
import type { Manifest, SiteProfile } from '../sync/batch.js';
import type { DeskPosition } from '../sync/refusal.js';

export type { FollowupRecord, FollowupResult, FollowupRule } from '../domain/followups.js';

/** One batch the desk took, as its receipt log keeps it: its manifest's numbers and what came of it. */
export interface BatchRecord extends Pick<Manifest, 'firstSeq' | 'lastSeq' | 'hashBefore' | 'hashAfter' | 'count' | 'digest' | 'createdAt'> {
  hmac: string;
  receivedAt: string;
  /** Events new to the desk, and events it already held (same hash) and skipped. */
  taken: number;
  skipped: number;
}

/** What an import sees of one site, inside the store's lock for that site. */
export interface SiteTx {
  position(): Promise<DeskPosition>;
  /** The `at` of the last event the desk holds for the site (time may not go backwards from it). */
  lastAt(): Promise<string | undefined>;
  /** The hashes the desk holds for seqs from..to (inclusive). */
  hashes(fromSeq: number, toSeq: number): Promise<Map<number, string>>;
  /** New events (after position()), with the exact lines they came as. Kept only if the import completes. */
  add(events: readonly JournalEvent[], lines: readonly string[]): void;
  recordBatch(batch: BatchRecord): void;
  setProfile(profile: SiteProfile): void;
}

/**
 * Where the desk keeps what the control rooms sent: one chain per site, keyed by site and seq, and
 * the desk's own follow-up records. A folder (embedded, lowdb) or PostgreSQL.
 */
export interface DeskStore {
  /** For messages: the folder, or the database without its password. */
  readonly description: string;
  /** Runs an import for one site; one at a time per site, and nothing kept if `fn` throws. */
  importInto<T>(site: string, fn: (tx: SiteTx) => Promise<T>): Promise<T>;
  sites(): Promise<string[]>;
  position(site: string): Promise<DeskPosition>;
  /** The hash the desk holds at a seq, if it holds it. */
  hashAt(site: string, seq: number): Promise<string | undefined>;
  profile(site: string): Promise<SiteProfile | undefined>;
  /** Events of the local days from..to (inclusive; to open-ended when omitted), in seq order. */
  eventsBetween(site: string, fromDay: string, toDay?: string): Promise<JournalEvent[]>;
  /** Every day the desk holds for a site, oldest first (for `desk verify`). */
  days(site: string): AsyncIterable<{ day: string; events: JournalEvent[] }>;
  batches(site: string): Promise<BatchRecord[]>;
  followups(site: string): Promise<FollowupRecord[]>;
  /** Adds a follow-up record; `build` gets the records so far (in the lock) and returns the new one. */
  addFollowup(site: string, build: (existing: readonly FollowupRecord[]) => FollowupRecord): Promise<FollowupRecord>;
  close(): Promise<void>;
}

/** The id of the n-th follow-up record of a site. */
export function followupId(site: string, n: number): string {
  return `${site}-FU-${String(n).padStart(4, '0')}`;
}
