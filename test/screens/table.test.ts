import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { fit, renderTable } from '../../screens/text/table.js';

describe('plain-text tables with Chinese text', () => {
  it('fit pads or cuts to the exact display width, a Chinese character taking two columns', () => {
    for (const [text, width] of [
      ['嘉园3栋1单元1202室', 8],
      ['嘉园3栋1单元1202室', 9],
      ['卫生间下水道堵塞', 5],
      ['abc', 6],
      ['嘉园', 4],
    ] as const) {
      const out = fit(text, width);
      expect(stringWidth(out), `${text} in ${width}`).toBe(width);
    }
    expect(fit('嘉园3栋', 5)).toBe('嘉园…');
    expect(fit('abcdef', 4)).toBe('abc…');
  });

  it('columns line up whatever mix of Chinese and ASCII the cells hold', () => {
    const table = renderTable(['编号', '地址'], [['1', '嘉园3栋1单元1202室'], ['20261130-001', 'B03']], [12, 10]).split('\n');
    // The second column starts at display column 12 + 2 on every line.
    const starts = [table[0]!.indexOf('地址'), table[2]!.indexOf('嘉园'), table[3]!.indexOf('B03')].map((i, n) => stringWidth(table[[0, 2, 3][n]!]!.slice(0, i)));
    expect(starts).toEqual([14, 14, 14]);
    // Cut to fit its 10 columns: a Chinese character does not fit in the one column left before the …
    expect(table[2]).toBe('1             嘉园3栋1…');
  });
});
