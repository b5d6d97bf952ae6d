import type { Manifest } from './batch.js';
import type { DeskPosition } from './refusal.js';

export interface OutgoingBatch {
  manifest: Manifest;
  bytes: Buffer;
}

/**
 * Where the control room's batches go. Three kinds: a shared folder (`dir:`), a desk running
 * `desk serve` (`http(s)://`), and a head-office database (`postgres://`).
 */
export interface DeskTarget {
  /** The configured target without secrets, for messages, logs and `status`. */
  readonly description: string;
  /** Where the desk's copy of this site ends, when the desk can say (a folder: its last receipt). */
  position(site: string, signal: AbortSignal): Promise<DeskPosition | undefined>;
  /**
   * Delivers one batch. A desk that takes it at once answers with its position (the
   * acknowledgement); a folder only has it delivered, and acknowledges later by a receipt.
   */
  send(batch: OutgoingBatch, signal: AbortSignal): Promise<{ ack?: DeskPosition }>;
  /** After a sync's batches are delivered: tidy up (a folder: remove this site's superseded batch files). */
  finish?(site: string, delivered: readonly OutgoingBatch[]): Promise<void>;
  close(): Promise<void>;
}
