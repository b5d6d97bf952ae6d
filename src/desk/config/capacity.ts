import type { FollowupRole } from '../../domain/followup-fields.js';
import type { DeskRole } from './types.js';

/**
 * The capacity a desk person's follow-up is recorded in: a clerk as the desk's (事务管理员), the
 * supervisor as the desk supervisor (F4, 4.6.2), the director as the director (F6).
 */
export function deskCapacity(role: DeskRole): FollowupRole {
  return role === 'director' ? 'director' : role === 'supervisor' ? 'desk supervisor' : 'desk';
}
