import { timingSafeEqual } from 'node:crypto';

/** The form field and the header (htmx sends it on every request) that carry the session's token. */
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Whether a state-changing request carries its session's token (synchronizer token pattern): a
 * page of another origin cannot read the token, so it cannot forge a form that passes.
 */
export function csrfOk(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || expected === '') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
