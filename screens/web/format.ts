import { DateTime } from 'luxon';
import { formatFen } from '../../src/domain/money.js';
import type { Words } from './words.js';

/**
 * The site's wall-clock time of an instant, as `2026-11-30T20:19`. The register stamps every time
 * with the site's own offset, so its first 16 characters are already the site's time; only a time
 * written otherwise goes through the zone database (which costs ~50x more, a thousand times a page).
 */
function siteLocal(iso: string, zone: string): string | undefined {
  const offset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$/.exec(iso)?.[3];
  if (offset !== undefined) {
    // Same offset as the zone has then: the written wall-clock time is the site's.
    if (offsetCache(zone, iso.slice(0, 13)) === offset || (offset === 'Z' && offsetCache(zone, iso.slice(0, 13)) === '+00:00')) return iso.slice(0, 16);
  }
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat("yyyy-MM-dd'T'HH:mm") : undefined;
}

const offsets = new Map<string, string>();

/** The zone's UTC offset at a local hour (`2026-11-30T20`), remembered: offsets change rarely. */
function offsetCache(zone: string, localHour: string): string {
  const key = `${zone} ${localHour}`;
  let o = offsets.get(key);
  if (o === undefined) {
    o = DateTime.fromISO(`${localHour}:00`, { zone }).toFormat('ZZ');
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, o);
  }
  return o;
}

/** `11-30 20:19` in the site's zone: how the pages and the command line show a time (never raw ISO). */
export function shortTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const t = siteLocal(iso, zone);
  return t ? `${t.slice(5, 10)} ${t.slice(11, 16)}` : iso;
}

/** `2026-11-30 20:19`. */
export function fullTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const t = siteLocal(iso, zone);
  return t ? `${t.slice(0, 10)} ${t.slice(11, 16)}` : iso;
}

/** `20:19` when on `day`, else `11-29 20:19`. */
export function timeOnDay(iso: string | null | undefined, day: string, zone: string): string {
  if (!iso) return '';
  const t = siteLocal(iso, zone);
  if (!t) return iso;
  return t.slice(0, 10) === day ? t.slice(11, 16) : `${t.slice(5, 10)} ${t.slice(11, 16)}`;
}

/** A span of time left (or past) in words: `2天3小时`, `5小时10分`, `40分钟`. */
export function span(ms: number, w: Words): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return w.time.days(d, h);
  if (h > 0) return w.time.hours(h, m);
  return w.time.minutes(m);
}

/** Money is whole fen, never a float: 750 → 7.50. */
export const yuan = formatFen;
