/** A badge code: 4-20 characters from `A-Z 0-9 -`, compared exactly (case-sensitive). */
export const BADGE_CODE = /^[A-Z0-9-]{4,20}$/;
export const MIN_BADGE_LENGTH = 4;
export const MAX_BADGE_LENGTH = 20;

export function isBadgeCode(s: string): boolean {
  return BADGE_CODE.test(s);
}

/**
 * A refused scan as the register shows it. Anything but printable ASCII becomes `?`, so that a
 * register line never carries a control character or a terminal escape. A scan longer than any
 * badge is some other barcode (a payment code, an identity card): only its first 4 and last 2
 * characters are kept, masked to the width of a badge code, so that the register neither stores
 * it nor grows with it.
 */
export function maskScan(s: string): string {
  const chars = Array.from(s, (c) => (c >= ' ' && c <= '~' ? c : '?'));
  if (chars.length <= MAX_BADGE_LENGTH) return chars.join('');
  return chars.slice(0, 4).join('') + '*'.repeat(MAX_BADGE_LENGTH - 6) + chars.slice(-2).join('');
}
