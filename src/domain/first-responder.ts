import type { Person } from '../config/types.js';
import { isSupervisorOrAbove } from './handover-checks.js';
import { refusal, type Refusal } from './refusal.js';

/**
 * R4 (首问责任制 一): the staff member who first took a request owns it until it is closed. Closing
 * takes the first responder, or a supervisor or above who closes it for them with a reason.
 * Returns why `closer` may not close the entry now, or null when they may.
 */
export function closingRefusal(
  entryId: string,
  firstResponder: Pick<Person, 'badge' | 'name'>,
  closer: Pick<Person, 'badge' | 'role'>,
  reason: string,
): Refusal | null {
  if (closer.badge === firstResponder.badge) return null;
  const owner = `${firstResponder.name} (${firstResponder.badge})`;
  if (!isSupervisorOrAbove(closer)) {
    return refusal('not-first-responder', `entry ${entryId} belongs to its first responder ${owner}; they close it, or a supervisor closes it for them with a reason (R4)`, { id: entryId, name: firstResponder.name });
  }
  if (!reason.trim()) return refusal('no-reason', `closing entry ${entryId} for its first responder ${owner} needs the reason (R4)`, { id: entryId, name: firstResponder.name });
  return null;
}
