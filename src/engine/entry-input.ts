import { CATEGORIES, CHANNELS, type Category, type Channel, type SiteConfig } from '../config/types.js';
import type { EntryFields } from '../domain/entry.js';
import { localIso, parseLocalTime } from '../time/zone.js';
import { Refused } from '../domain/refusal.js';

/** What a caller (the console, a device handler) hands in to record a request. */
export interface EntryInput {
  channel: string;
  category: string;
  station?: string | null;
  address?: string | null;
  resident?: string | null;
  phone?: string | null;
  content?: string | null;
  /** ISO 8601, or a local time like "2026-12-01 10:00" taken in the site's zone. */
  appointmentAt?: string | null;
  /** When the request arrived, if not now (e.g. typed in after a radio call). */
  receivedAt?: string;
  /** R4: who first took it, if not the person recording it. */
  firstResponder?: string;
  callId?: string;
}

const LIMITS: Partial<Record<keyof EntryFields, number>> = { address: 200, resident: 100, phone: 30, content: 2000, station: 20 };

/**
 * Checks and normalises an entry before it is recorded. Missing fields are allowed (the entry is
 * then unclear, R6); wrong ones are refused with a message that says what to enter instead.
 */
export function checkEntryInput(input: EntryInput, config: SiteConfig, now: number): EntryFields & { receivedAt?: string } {
  if (!CHANNELS.includes(input.channel as Channel)) {
    throw new Refused('bad-channel', `channel "${input.channel}" is not one of ${CHANNELS.join(', ')}`, { value: input.channel });
  }
  if (!CATEGORIES.includes(input.category as Category)) {
    throw new Refused('bad-category', `category "${input.category}" is not one of ${CATEGORIES.join(', ')}`, { value: input.category });
  }
  const fields: EntryFields & { receivedAt?: string } = { channel: input.channel as Channel, category: input.category as Category };
  for (const key of ['station', 'address', 'resident', 'phone', 'content'] as const) {
    const value = input[key]?.trim();
    if (!value) continue;
    const limit = LIMITS[key]!;
    if (value.length > limit) throw new Refused('field-too-long', `${key} is ${value.length} characters long; at most ${limit} fit the register`, { field: key, length: value.length, limit });
    fields[key] = value;
  }
  if (fields.phone && !/^\+?[0-9][0-9 -]{4,29}$/.test(fields.phone)) {
    throw new Refused('bad-phone', `phone "${fields.phone}" is not a phone number; enter digits only (e.g. 13800000000)`, { phone: fields.phone });
  }
  const appointment = input.appointmentAt?.trim();
  if (appointment) {
    const ms = parseLocalTime(appointment, config.site.timezone);
    if (ms === undefined) throw new Refused('bad-time', `appointment "${appointment}" is not a time; enter it as YYYY-MM-DD HH:MM`, { field: 'appointmentAt', text: appointment });
    fields.appointmentAt = localIso(ms, config.site.timezone);
  }
  if (input.receivedAt !== undefined) {
    const ms = parseLocalTime(input.receivedAt, config.site.timezone);
    if (ms === undefined) throw new Refused('bad-time', `received time "${input.receivedAt}" is not a time; enter it as YYYY-MM-DD HH:MM`, { field: 'receivedAt', text: input.receivedAt });
    // A request cannot arrive in the future; a few minutes' leeway covers a clock a little apart.
    if (ms > now + 5 * 60_000) throw new Refused('future-time', `received time "${input.receivedAt}" is in the future; enter when the request came in`, { field: 'receivedAt', text: input.receivedAt });
    fields.receivedAt = localIso(ms, config.site.timezone);
  }
  return fields;
}

/** An address the unit directory does not know: recorded so, and shown so in the register. */
export function addressUnlisted(address: string | null | undefined, config: SiteConfig): boolean {
  return !!address && !config.units.some((u) => u.address === address);
}
