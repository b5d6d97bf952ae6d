import { DateTime } from 'luxon';
import type { Words } from './words.js';

/** `11-30 20:19` in the site's zone: how the pages and the command line show a time (never raw ISO). */
export function shortTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat('MM-dd HH:mm') : iso;
}

/** `2026-11-30 20:19`. */
export function fullTime(iso: string | null | undefined, zone: string): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? dt.toFormat('yyyy-MM-dd HH:mm') : iso;
}

/** `20:19` when on `day`, else `11-29 20:19`. */
export function timeOnDay(iso: string | null | undefined, day: string, zone: string): string {
  if (!iso) return '';
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) return iso;
  return dt.toFormat('yyyy-MM-dd') === day ? dt.toFormat('HH:mm') : dt.toFormat('MM-dd HH:mm');
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

export function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
