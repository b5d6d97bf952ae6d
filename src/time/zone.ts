import { DateTime, IANAZone } from 'luxon';

/** An instant as ISO 8601 with the site's UTC offset and milliseconds: 2026-11-30T23:59:59.000+08:00. */
export function localIso(ms: number, zone: string): string {
  const iso = DateTime.fromMillis(ms, { zone }).toISO({ includeOffset: true, suppressMilliseconds: false });
  if (!iso) throw new Error(`cannot express ${ms} in time zone ${zone}`);
  return iso;
}

/** The site's calendar day (YYYY-MM-DD) at an instant. */
export function localDay(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd');
}

/**
 * The local day of a journal timestamp. `at` already carries the site's offset, so its first ten
 * characters are the site's calendar day; no zone database is needed to read old files.
 */
export function dayOfAt(at: string): string {
  return at.slice(0, 10);
}

/** The instant local midnight starts the given day in the zone. */
export function startOfDay(day: string, zone: string): number {
  const dt = DateTime.fromISO(day, { zone }).startOf('day');
  if (!dt.isValid) throw new Error(`"${day}" is not a date (expected YYYY-MM-DD)`);
  return dt.toMillis();
}

export function nextDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: 1 }).toFormat('yyyy-MM-dd');
}

export function previousDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).minus({ days: 1 }).toFormat('yyyy-MM-dd');
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text).isValid;
}

/** Parses an operator-typed or ISO time; a time without an offset is taken in the site's zone. */
export function parseLocalTime(text: string, zone: string): number | undefined {
  const dt = DateTime.fromISO(text.trim().replace(' ', 'T'), { zone, setZone: false });
  return dt.isValid ? dt.toMillis() : undefined;
}
