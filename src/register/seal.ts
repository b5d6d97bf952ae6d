import { createHash, createHmac } from 'node:crypto';
import { canonical } from './canonical.js';
import type { JournalEvent, NewEvent, Pii } from './event.js';

/** The part of an event the chain covers: everything but `hash` and the purgeable `pii`. */
function chained(event: Omit<JournalEvent, 'hash'> | JournalEvent): Record<string, unknown> {
  const { hash: _hash, pii: _pii, ...rest } = event as JournalEvent;
  return rest as unknown as Record<string, unknown>;
}

/** hash = sha256hex(prev + canonical(event without hash and pii)). */
export function chainHash(event: Omit<JournalEvent, 'hash'> | JournalEvent): string {
  return createHash('sha256')
    .update(event.prev + canonical(chained(event)))
    .digest('hex');
}

/** A digest that proves personal data unchanged but cannot be turned back into a phone number. */
export function piiDigest(siteKey: Buffer, pii: Pii): string {
  return createHmac('sha256', siteKey).update(canonical(pii)).digest('hex');
}

/** Stamps a new event with its place in the chain. */
export function seal(draft: NewEvent, seq: number, at: string, prev: string, siteKey: Buffer): JournalEvent {
  const hasPii = draft.pii !== undefined && Object.keys(draft.pii).length > 0;
  const body: Omit<JournalEvent, 'hash'> = {
    seq,
    at,
    kind: draft.kind,
    actor: draft.actor,
    data: draft.data,
    ...(hasPii ? { pii: draft.pii, piiDigest: piiDigest(siteKey, draft.pii as Pii) } : {}),
    prev,
  };
  return { ...body, hash: chainHash(body) };
}
