import type { Role } from '../config/types.js';
import { isSupervisorOrAbove } from './handover-checks.js';

/**
 * H8 (值班 七): on holidays and special days a mid-level manager (supervisor or above) is on duty.
 * Signing on alone, or the supervisor leaving mid-holiday, is not refused (that would leave the
 * room empty) but recorded as a breach, flagged until a supervisor signs on.
 */
export type HolidayBreachReason = 'operator-alone' | 'supervisor-left';

/** The data of `duty.breach`. */
export interface HolidayBreachData {
  rule: 'H8';
  reason: HolidayBreachReason;
  /** The holidays the shift touches. */
  holidays: string[];
  /** Who was left holding the room. */
  onDuty: { badge: string; name: string };
}

/** H8: a shift touching a holiday held by someone below supervisor with no supervisor beside them. */
export function holidayUnstaffed(holidays: readonly string[], holder: { role?: Role | undefined } | null, second: { role: Role } | null): boolean {
  const supervisor = (p: { role?: Role | undefined } | null) => p?.role !== undefined && isSupervisorOrAbove({ role: p.role });
  return holidays.length > 0 && holder !== null && !supervisor(holder) && !supervisor(second);
}
