import type { DeskConfig } from '../../config/types.js';

/** Names for the desk's own badges (who recorded a follow-up); other text (old `--by` values) as it is. */
export function deskNames(config: Pick<DeskConfig, 'roster'>): (badge: string) => string {
  const names = new Map(config.roster.map((p) => [p.badge, p.name]));
  return (badge) => names.get(badge) ?? badge;
}
