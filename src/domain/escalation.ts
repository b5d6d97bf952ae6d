import type { Department, Person, Role } from '../config/types.js';
import { refusal, type Refusal } from './refusal.js';

/** One rung of the W4 ladder above the technician. */
export interface EscalationStep {
  level: number;
  step: 'engineering-supervisor' | 'estate-manager';
  /** Roster roles that can take the job at this rung. */
  roles: readonly Role[];
  /** W4: the department the rung belongs to (工程部 for the supervisor, the management for the manager). */
  department: Department;
  /** The procedure says the resident is told when the engineering supervisor takes over. */
  residentTold: boolean;
  zh: string;
  en: string;
}

/**
 * W4: a job that cannot be done goes technician -> engineering supervisor (the resident told) ->
 * estate manager, one rung at a time, until it is solved. The technician is level 0.
 */
export const ESCALATION_LADDER: readonly EscalationStep[] = [
  { level: 1, step: 'engineering-supervisor', roles: ['supervisor'], department: 'engineering', residentTold: true, zh: '工程主管', en: 'engineering supervisor' },
  { level: 2, step: 'estate-manager', roles: ['manager', 'director'], department: 'management', residentTold: false, zh: '管理处经理', en: 'estate manager' },
];

/** The next rung from the current level, or undefined when the estate manager already has it. */
export function nextEscalation(level: number): EscalationStep | undefined {
  return ESCALATION_LADDER.find((s) => s.level === level + 1);
}

const DEPARTMENT_EN: Record<Department, string> = {
  'control-room': 'the control room',
  engineering: 'engineering',
  'service-desk': 'the service desk',
  management: 'management',
};

/** W4: whether a person can take a rung: its rank and its department both (a supervisor elsewhere is not the 工程主管). */
export function takesRung(step: EscalationStep, person: Pick<Person, 'role' | 'department'>): boolean {
  return step.roles.includes(person.role) && person.department === step.department;
}

/** Why a person cannot take a rung, or null when they can. */
export function rungRefusal(step: EscalationStep, person: Pick<Person, 'badge' | 'name' | 'role' | 'department'>): Refusal | null {
  if (takesRung(step, person)) return null;
  return refusal(
    'wrong-role',
    `"${person.badge}" (${person.name}) is a ${person.role} of ${DEPARTMENT_EN[person.department]}; ` +
      `the ${step.en} (${step.zh}, W4) is a ${step.roles.join(' or ')} of ${DEPARTMENT_EN[step.department]}`,
    { name: person.name, role: person.role, department: person.department, needs: step.step, rule: 'W4' },
  );
}
