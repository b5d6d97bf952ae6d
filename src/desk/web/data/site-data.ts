import { EntryBook, type RegisterEntry } from '../../../projections/entries.js';
import { dayOfEntryId } from '../../../domain/entry.js';
import { todayIn } from '../../../domain/followups.js';
import type { SiteProfile } from '../../../sync/batch.js';
import { nextDay, previousDay } from '../../../time/zone.js';
import { staffNames } from '../../staff-names.js';
import { zoneIso } from '../../../time/offset-cache.js';
import type { DeskStore } from '../../store.js';

/** A site as a page needs it: its profile, names for badges, today at the site. */
export interface SitePage {
  site: string;
  profile: SiteProfile;
  name: (badge: string | null | undefined) => string;
  today: string;
}

/**
 * The site, or undefined when the desk holds nothing for it (the page says so). A store that
 * fails (a database away) throws, and the page says that instead, not "nothing for this site".
 */
export async function sitePage(store: DeskStore, site: string, now: number): Promise<SitePage | undefined> {
  const profile = await store.profile(site);
  if (!profile) return undefined;
  return { site, profile, name: staffNames(profile), today: todayIn(profile.timezone, now) };
}

/** A day's register as the control room shows it, and whether the desk holds the day whole. */
export async function registerDay(store: DeskStore, s: SitePage, day: string, now: number): Promise<{ entries: RegisterEntry[]; closed: boolean }> {
  const events = await store.eventsBetween(s.site, day);
  const entries = new EntryBook(s.profile.timezone, s.profile.deadlineHours, zoneIso(s.profile.timezone)).applyAll(events).ofDay(day, now);
  const closed = events.some((e) => e.kind === 'day.closed' && (e.data as { day?: string }).day === day);
  return { entries, closed };
}

/** The longest search across days: a quarter. */
export const MAX_SEARCH_DAYS = 92;

/** Entries of the days from..to (with every later correction and closing applied). */
export async function registerRange(store: DeskStore, s: SitePage, from: string, to: string, now: number): Promise<RegisterEntry[]> {
  const events = await store.eventsBetween(s.site, from);
  return new EntryBook(s.profile.timezone, s.profile.deadlineHours, zoneIso(s.profile.timezone))
    .applyAll(events)
    .all(now)
    .filter((e) => {
      const d = dayOfEntryId(e.id) ?? '';
      return d >= from && d <= to;
    });
}

export function dayAround(day: string): { prevDay: string; nextDay: string } {
  return { prevDay: previousDay(day), nextDay: nextDay(day) };
}
