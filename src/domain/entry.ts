import type { Category, Channel } from '../config/types.js';

/** What an operator records about a request: the columns of 《业户服务/需求/意见记录表》. */
export interface EntryFields {
  channel: Channel;
  /** The panel station the call came from, when it came over the intercom. */
  station?: string;
  address?: string;
  resident?: string;
  phone?: string;
  category: Category;
  content?: string;
  /** ISO 8601 with offset. */
  appointmentAt?: string;
}

/** Fields an operator may correct with an amendment. */
export const AMENDABLE_FIELDS = ['channel', 'station', 'address', 'resident', 'phone', 'category', 'content', 'appointmentAt'] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];

/** Personal data goes into the event's `pii`, outside the hash chain (P1). */
export const PII_FIELDS = ['resident', 'phone'] as const;

/**
 * Fields each category must have for the entry to be clear (R6). R1 names address, resident,
 * content, phone and appointment for requests needing work; a complaint must be answerable within
 * 3 days (F1), so it needs a way to reach the resident; a question or remark needs its content.
 */
export const REQUIRED_FIELDS: Record<Category, readonly (keyof EntryFields)[]> = {
  repair: ['address', 'resident', 'phone', 'content', 'appointmentAt'],
  request: ['address', 'resident', 'phone', 'content', 'appointmentAt'],
  complaint: ['address', 'resident', 'phone', 'content'],
  consultation: ['content'],
  feedback: ['content'],
  other: ['content'],
};

/** R6: the required fields that are missing or blank; an entry with any is "unclear". */
export function missingFields(fields: EntryFields): (keyof EntryFields)[] {
  return REQUIRED_FIELDS[fields.category].filter((f) => {
    const v = fields[f];
    return v === undefined || v === null || String(v).trim() === '';
  });
}

/** F1: a complaint gets a clear answer within 3 days. */
export const COMPLAINT_ANSWER_MS = 3 * 24 * 3600 * 1000;

/**
 * When an open entry becomes overdue (R5). A complaint: 3 days after it was received (F1). Other
 * categories: the configured hours after the appointment, or after receipt when there is none.
 */
export function deadlineOf(
  fields: Pick<EntryFields, 'category' | 'appointmentAt'>,
  receivedAt: string,
  deadlineHours: Record<Category, number>,
): number {
  const received = Date.parse(receivedAt);
  if (fields.category === 'complaint') return received + Math.min(COMPLAINT_ANSWER_MS, deadlineHours.complaint * 3600_000);
  const from = fields.appointmentAt ? Math.max(Date.parse(fields.appointmentAt), received) : received;
  return from + deadlineHours[fields.category] * 3600_000;
}

/** R5: open past its deadline. Closed entries are never overdue. */
export function isOverdue(open: boolean, deadline: number, now: number): boolean {
  return open && now > deadline;
}

/** Entry ids carry their day (YYYYMMDD-NNN), so an id alone says which day file holds it. */
export function entryId(day: string, n: number): string {
  return `${day.replace(/-/g, '')}-${String(n).padStart(3, '0')}`;
}

export function dayOfEntryId(id: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-\d{3,}$/.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}
