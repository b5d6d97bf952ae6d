import type { SiteProfile } from '../sync/batch.js';

/**
 * Names for the badges the register records, from the control room's roster as its last batch
 * carried it (the site profile's `staff`). A badge not in it (or a batch from before profiles
 * carried staff) shows as the badge itself; `system` and `panel` as they are.
 */
export function staffNames(profile: SiteProfile | undefined): (badge: string | null | undefined) => string {
  const names = new Map<string, string>();
  for (const p of Array.isArray(profile?.staff) ? profile.staff : []) {
    if (typeof p?.badge === 'string' && typeof p.name === 'string') names.set(p.badge, p.name);
  }
  return (badge) => (badge ? (names.get(badge) ?? badge) : '');
}
