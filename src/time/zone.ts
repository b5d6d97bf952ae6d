import { DateTime, IANAZone } from 'luxon';

/** An instant as ISO 8601 with the site's UTC offset and milliseconds: 2026-11-30T23:59:59.000+08:00. */
export function localIso(ms: number, zone: string): string {
  const off = Number.isFinite(ms) && ms >= 0 && ms < 253402300800000 ? zoneOffsetAt(ms, zone) : undefined;
  if (off === undefined) return luxonIso(ms, zone);
  const t = new Date(ms + off.minutes * 60_000);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}T${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}.${String(t.getUTCMilliseconds()).padStart(3, '0')}${off.suffix}`;
}

function luxonIso(ms: number, zone: string): string {
  const iso = DateTime.fromMillis(ms, { zone }).toISO({ includeOffset: true, suppressMilliseconds: false });
  if (!iso) throw new Error(`cannot express ${ms} in time zone ${zone}`);
  return iso;
}

/**
 * A zone's offset for the quarter hour (UTC) holding an instant, as luxon writes it, remembered:
 * the zone database is asked twice per quarter hour rather than once per timestamp (a page of a
 * thousand entries asked it thousands of times). The same offset at both ends of a quarter hour
 * means the whole of it has that offset (offsets do not change twice in 15 minutes).
 */
const quarterHours = new Map<string, { minutes: number; suffix: string } | null>();

function zoneOffsetAt(ms: number, zone: string): { minutes: number; suffix: string } | undefined {
  const start = Math.floor(ms / 900_000) * 900_000;
  const key = `${zone} ${start}`;
  let off = quarterHours.get(key);
  if (off === undefined) {
    const dt = DateTime.fromMillis(start, { zone });
    const iso = dt.toISO({ includeOffset: true, suppressMilliseconds: false });
    // A quarter hour the offset changes within (St John's changed at 00:01 until 2011) is not
    // remembered: each instant in it goes to the zone database.
    off = iso && dt.offset === DateTime.fromMillis(start + 899_999, { zone }).offset ? { minutes: dt.offset, suffix: iso.slice(23) } : null;
    if (quarterHours.size > 100_000) quarterHours.clear();
    quarterHours.set(key, off);
  }
  return off ?? undefined;
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
