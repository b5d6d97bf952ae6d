import { width as widthOf } from './markup.js';

/** Keys whose words stay longest: answering, syncing and quitting. */
const KEEP_WORDS = /^(Enter|F9|F10|F12|Esc)$/;

/**
 * A footer's hints (`KEY word  KEY word`, items two spaces apart) fitted to a width. When they do
 * not fit the words go before the keys: first those of the function keys F1-F8 from the right,
 * then the others from the right, Enter's, F9's, F10's and Esc's last; then the spaces between
 * keys shrink. Every key stays while any room is left, so F9 and F10 are always in sight.
 */
export function fitHints(hints: string, width: number): string {
  const items = hints
    .split(/ {2,}/)
    .filter(Boolean)
    .map((text) => {
      const at = text.indexOf(' ');
      return at > 0 ? { key: text.slice(0, at), word: text.slice(at + 1) } : { key: text, word: '' };
    });
  const line = (sep: string) => items.map((i) => (i.word ? `${i.key} ${i.word}` : i.key)).join(sep);
  if (widthOf(line('  ')) <= width) return line('  ');
  const order = [
    ...items.filter((i) => /^F[1-8]$/.test(i.key)).reverse(),
    ...items.filter((i) => !/^F[1-8]$/.test(i.key) && !KEEP_WORDS.test(i.key)).reverse(),
    ...items.filter((i) => KEEP_WORDS.test(i.key)).reverse(),
  ];
  for (const item of order) {
    item.word = '';
    if (widthOf(line('  ')) <= width) return line('  ');
  }
  return line(' ');
}
