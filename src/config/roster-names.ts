import type { Person } from './types.js';

/** The name a badge has on the roster, for people to read; the badge itself when it has none. */
export function nameOnRoster(roster: readonly Person[], badge: string): string {
  return roster.find((p) => p.badge === badge)?.name ?? badge;
}
