import { describe, expect, it } from 'vitest';
import { isBadgeCode, maskScan } from '../../devices/badge/badge-code.js';

describe('badge codes', () => {
  it('are 4-20 characters from A-Z 0-9 -, upper case only', () => {
    for (const ok of ['EMP-004217', 'AB12', '-A-9', 'ABCDEFGHIJKLMNOPQRST']) expect(isBadgeCode(ok), ok).toBe(true);
    for (const bad of ['ABC', 'ABCDEFGHIJKLMNOPQRSTU', 'emp-004217', 'EMP_0042', 'EMP 0042', 'EMP-0042\n', '']) expect(isBadgeCode(bad), bad).toBe(false);
  });

  it('a refused scan of at most 20 characters is shown as it is, with ? for anything not printable ASCII', () => {
    expect(maskScan('EMP-9999')).toBe('EMP-9999');
    expect(maskScan('emp 0042_x')).toBe('emp 0042_x');
    expect(maskScan('EMP\x1b[2J\t42')).toBe('EMP?[2J?42');
    expect(maskScan('工号-42😀')).toBe('??-42?');
  });

  it('a longer scan keeps its first 4 and last 2 characters, masked to 20 characters', () => {
    expect(maskScan('ABCDEFGHIJKLMNOPQRST')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(maskScan('ABCDEFGHIJKLMNOPQRSTU')).toBe('ABCD**************TU');
    expect(maskScan('ABCD' + '7'.repeat(500) + 'YZ')).toBe('ABCD**************YZ');
    expect(maskScan('\x00BCD' + 'x'.repeat(30) + 'Y\x7f')).toBe('?BCD**************Y?');
  });
});
