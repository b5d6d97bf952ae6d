import type { Person, Role } from '../config/types.js';

export type BadgeCheck = { ok: true; person: Person } | { ok: false; reason: 'unknown' | 'inactive' };

/** H2: a badge signs only when it is on the roster and active. Codes compare exactly. */
export function checkBadge(code: string, roster: readonly Person[]): BadgeCheck {
  const person = roster.find((p) => p.badge === code);
  if (!person) return { ok: false, reason: 'unknown' };
  if (!person.active) return { ok: false, reason: 'inactive' };
  return { ok: true, person };
}

/** Who may be the accountable person on duty in the control room (H1; H8 wants supervisor or above on holidays). */
export const DUTY_ROLES: readonly Role[] = ['operator', 'supervisor', 'manager', 'director'];

export function mayBeOnDuty(person: Person): boolean {
  return DUTY_ROLES.includes(person.role);
}
