import { DeskRefusal } from './refusal.js';

/** Why a sync failed, as a code the console can say in the operator's language. */
export type SyncFailureCode =
  | 'folder-missing'
  | 'folder-full'
  | 'folder-denied'
  | 'desk-unreachable'
  | 'desk-timeout'
  | 'desk-refused'
  | 'desk-error'
  | 'stopping'
  | 'state-unreadable'
  | 'other';

/** A sync failed for a reason a person can act on; the message is for logs and the command line. */
export class SyncFailure extends Error {
  constructor(
    readonly code: SyncFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'SyncFailure';
  }
}

export function failureCode(err: unknown): SyncFailureCode {
  if (err instanceof SyncFailure) return err.code;
  if (err instanceof DeskRefusal) return 'desk-refused';
  return 'other';
}
