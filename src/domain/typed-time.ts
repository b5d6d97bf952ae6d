import { DateTime } from 'luxon';

/**
 * What an operator types for an appointment, made whole: `10:00` is today (tomorrow once today's
 * 10:00 has passed), `12-01 10:00` this year, `2026-12-01 10:00` as it is. Anything else is
 * handed on unchanged, for the engine to refuse with its own message.
 */
export function expandTypedTime(text: string, now: number, zone: string): string {
  const t = text.trim().replace(/：/g, ':');
  const local = DateTime.fromMillis(now, { zone });
  let m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (m) {
    let at = local.set({ hour: Number(m[1]), minute: Number(m[2]), second: 0, millisecond: 0 });
    if (at.toMillis() < now) at = at.plus({ days: 1 });
    return at.isValid ? at.toFormat('yyyy-MM-dd HH:mm') : t;
  }
  m = /^(\d{1,2})-(\d{1,2})\s+(\d{1,2}):(\d{2})$/.exec(t);
  if (m) {
    const at = local.set({ month: Number(m[1]), day: Number(m[2]), hour: Number(m[3]), minute: Number(m[4]), second: 0, millisecond: 0 });
    return at.isValid ? at.toFormat('yyyy-MM-dd HH:mm') : t;
  }
  return t;
}
