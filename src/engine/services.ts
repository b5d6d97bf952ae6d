import type { Person, SiteConfig } from '../config/types.js';
import { checkBadge } from '../domain/badges.js';
import type { DutyBoard } from '../projections/duty.js';
import type { JournalEvent } from '../register/event.js';
import type { Drafts } from '../register/journal.js';
import type { Clock } from '../time/clock.js';
import type { EngineBus } from './bus.js';
import { Refused } from '../domain/refusal.js';

/** What the engine hands the services it builds (duty, handover, escalations): its one door to the register. */
export interface ServiceDeps {
  config: SiteConfig;
  clock: Clock;
  bus: EngineBus;
  /** Engine.record: appends, projects and tells the bus; a builder runs inside the write. */
  record: (drafts: Drafts) => Promise<JournalEvent[]>;
  /** The duty projection as it stands (the engine may rebuild it after a purge). */
  duty: () => DutyBoard;
}

/** H2: the person a badge names, if it is on the roster and active; otherwise a refusal saying which. */
export function personOf(badge: string, roster: readonly Person[], as = 'badge'): Person {
  const check = checkBadge(badge, roster);
  if (check.ok) return check.person;
  if (check.reason === 'unknown') throw new Refused('unknown-badge', `${as} "${badge}" is not on the roster; it signs nothing. Scan your own badge`);
  const name = roster.find((p) => p.badge === badge)?.name ?? '';
  throw new Refused('inactive-badge', `${as} "${badge}" (${name}) is marked inactive on the roster; it signs nothing. Ask a supervisor`);
}

/** The part of a person that events carry. */
export function who(p: Person): { badge: string; name: string; role: Person['role'] } {
  return { badge: p.badge, name: p.name, role: p.role };
}
