import stringWidth from 'string-width';

/** Pads or cuts text to a display width; a Chinese character takes two columns. */
export function fit(text: string, width: number): string {
  const chars = [...text.replace(/[\r\n\t\v\f]+/g, ' ')];
  if (stringWidth(chars.join('')) <= width) return chars.join('') + ' '.repeat(width - stringWidth(chars.join('')));
  // Too wide: as many characters as leave room for the ellipsis, padded to the exact width.
  let out = '';
  let used = 0;
  for (const ch of chars) {
    const w = stringWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…${' '.repeat(width - 1 - used)}`;
}

/** A plain table for a terminal: columns as wide as their widest cell, capped. */
export function renderTable(header: string[], rows: string[][], caps: number[] = []): string {
  // A reduce, not Math.max(...cells): a busy day's rows spread as arguments overflow the stack.
  const widths = header.map((h, i) => Math.min(caps[i] ?? 40, rows.reduce((w, r) => Math.max(w, stringWidth(r[i] ?? '')), stringWidth(h))));
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
