import { DateTime } from 'luxon';
import { CATEGORIES } from '../config/types.js';
import type { JournalEvent } from '../register/event.js';
import type { SiteProfile } from '../sync/batch.js';
import { isDay, isValidZone } from '../time/zone.js';

/**
 * What the desk checks in every event before it keeps it: the fields it derives a path, a day or a
 * calculation from. A signed batch is only as sound as the control room that signed it (a buggy
 * or compromised one, or any site when all share one secret): `at` names the day file it goes
 * into, so `../../../../tmp/x` or a NUL must never reach the file system; time going backwards
 * would break the site's chain for every later batch; a category or a deadline that is not one
 * breaks the register and the follow-up lists of the desk.
 */

/** ISO 8601 with seconds and an explicit offset, as the journal stamps it: 2026-11-30T21:00:00.000+08:00. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** The instant of a valid `at` (epoch ms), or undefined. */
export function instantOf(text: unknown): number | undefined {
  if (typeof text !== 'string' || !INSTANT.test(text)) return undefined;
  const dt = DateTime.fromISO(text, { setZone: true });
  return dt.isValid ? dt.toMillis() : undefined;
}

/** Days that event data names (what `day.closed` closed, what `pii.purged` purged before). */
const DAY_FIELDS: Record<string, readonly string[]> = {
  'day.closed': ['day'],
  'pii.purged': ['before'],
};

/** Instants an entry's deadlines are counted from. */
const INSTANT_FIELDS: Record<string, readonly string[]> = {
  'entry.created': ['receivedAt'],
};

/** Why an event cannot be kept, or undefined. `notBefore` is the instant of the event before it. */
export function eventProblem(e: JournalEvent, notBefore: number | undefined): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'is not an object';
  if (!Number.isSafeInteger(e.seq) || e.seq < 1) return 'has no valid seq';
  const at = instantOf(e.at);
  if (at === undefined) return `has an \`at\` that is not an ISO 8601 time with its offset (${JSON.stringify(String(e.at).slice(0, 40))})`;
  if (notBefore !== undefined && at < notBefore) return `is dated ${e.at}, before the event ahead of it: time going backwards`;
  if (typeof e.kind !== 'string' || !/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/.test(e.kind)) return 'has no valid kind';
  if (typeof e.actor !== 'string' || e.actor.length === 0 || e.actor.length > 64) return 'has no valid actor';
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data)) return 'has no data object';
  if (e.pii !== undefined && (typeof e.pii !== 'object' || e.pii === null || Object.values(e.pii).some((v) => typeof v !== 'string'))) return 'has personal data that is not text';
  if (typeof e.prev !== 'string' || !HEX64.test(e.prev) || typeof e.hash !== 'string' || !HEX64.test(e.hash)) return 'has no valid prev or hash';
  for (const field of DAY_FIELDS[e.kind] ?? []) {
    const v = e.data[field];
    if (typeof v !== 'string' || !isDay(v)) return `has data.${field} that is not a day (YYYY-MM-DD)`;
  }
  for (const field of INSTANT_FIELDS[e.kind] ?? []) {
    if (instantOf(e.data[field]) === undefined) return `has data.${field} that is not an ISO 8601 time with its offset`;
  }
  if (e.kind === 'entry.created' && !CATEGORIES.includes(e.data.category as (typeof CATEGORIES)[number])) return 'has a category that is not one of the register\'s';
  return undefined;
}

/** Why a site profile cannot be used (its zone makes the desk's days, its hours the deadlines), or undefined. */
export function profileProblem(p: SiteProfile): string | undefined {
  if (typeof p.name !== 'string' || p.name.length === 0 || p.name.length > 200) return 'has no valid site name';
  if (typeof p.timezone !== 'string' || !isValidZone(p.timezone)) return `has a time zone that is not an IANA zone (${JSON.stringify(String(p.timezone).slice(0, 40))})`;
  const hours = p.deadlineHours as unknown;
  if (typeof hours !== 'object' || hours === null) return 'has no deadline hours';
  for (const c of CATEGORIES) {
    const h = (hours as Record<string, unknown>)[c];
    if (typeof h !== 'number' || !Number.isFinite(h) || h <= 0 || h > 24 * 366) return `has deadline hours for ${c} that are not a number of hours`;
  }
  // The staff's names the desk shows for badges, and the callback minutes its quality view counts with.
  if (p.staff !== undefined) {
    if (!Array.isArray(p.staff) || p.staff.length > 5_000) return 'has a staff list that is not a list (of at most 5,000)';
    for (const m of p.staff as unknown[]) {
      const x = m as Record<string, unknown>;
      if (typeof m !== 'object' || m === null || [x.badge, x.name, x.role].some((v) => typeof v !== 'string' || v.length === 0 || v.length > 64)) return 'has a staff member without a badge, name and role';
    }
  }
  const w = p.workStandardMinutes as Record<string, unknown> | undefined;
  if (w !== undefined && (typeof w !== 'object' || w === null || ['repair', 'cleaning'].some((k) => typeof w[k] !== 'number' || !Number.isFinite(w[k]) || (w[k] as number) <= 0 || (w[k] as number) > 7 * 24 * 60))) return 'has work standard minutes that are not a number of minutes';
  if (p.callbackMinutes !== undefined && (typeof p.callbackMinutes !== 'number' || !Number.isInteger(p.callbackMinutes) || p.callbackMinutes < 1 || p.callbackMinutes > 7 * 24 * 60)) return 'has callback minutes that are not a whole number of minutes';
  return undefined;
}
