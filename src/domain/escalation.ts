import type { Role } from '../config/types.js';

/** One rung of the W4 ladder above the technician. */
export interface EscalationStep {
  level: number;
  step: 'engineering-supervisor' | 'estate-manager';
  /** Roster roles that can take the job at this rung. */
  roles: readonly Role[];
  /** The procedure says the resident is told when the engineering supervisor takes over. */
  residentTold: boolean;
  zh: string;
}

/**
 * W4: a job that cannot be done goes technician -> engineering supervisor (the resident told) ->
 * estate manager, one rung at a time, until it is solved. The technician is level 0.
 */
export const ESCALATION_LADDER: readonly EscalationStep[] = [
  { level: 1, step: 'engineering-supervisor', roles: ['supervisor'], residentTold: true, zh: '工程主管' },
  { level: 2, step: 'estate-manager', roles: ['manager', 'director'], residentTold: false, zh: '管理处经理' },
];

/** The next rung from the current level, or undefined when the estate manager already has it. */
export function nextEscalation(level: number): EscalationStep | undefined {
  return ESCALATION_LADDER.find((s) => s.level === level + 1);
}
