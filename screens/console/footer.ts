import { width as widthOf } from './markup.js';

/** Keys whose words stay longest: answering, syncing, quitting and leaving. */
const KEEP_WORDS = /^(Enter|F9|F10|F12|Esc)$/;
const CJK = /^[\u3000-\u9fff\uff00-\uffef]/;

interface Hint {
  key: string;
  word: string;
}

/**
 * A footer's hints (`KEY word  KEY word`, items two spaces apart) fitted to a width. When they do
 * not fit, Chinese words first move right against their key (`F2登记`), items one space apart;
 * then the words go before the keys: first those of the function keys F1-F8 from the
 * right, then the others from the right, Enter's, F9's, F10's, F12's and Esc's last. Every key
 * stays while any room is left, so F9 and F10 are always in sight.
 */
export function fitHints(hints: string, width: number): string {
  const items: Hint[] = hints
    .split(/ {2,}/)
    .filter(Boolean)
    .map((text) => {
      const at = text.indexOf(' ');
      return at > 0 ? { key: text.slice(0, at), word: text.slice(at + 1) } : { key: text, word: '' };
    });
  const spaced = () => items.map((i) => (i.word ? `${i.key} ${i.word}` : i.key)).join('  ');
  if (widthOf(spaced()) <= width) return spaced();
  // Chinese gives room first by setting each word against its key, items a space apart.
  const chinese = items.some((i) => CJK.test(i.word));
  const line = chinese ? () => items.map((i) => (!i.word ? i.key : CJK.test(i.word) ? `${i.key}${i.word}` : `${i.key} ${i.word}`)).join(' ') : spaced;
  if (widthOf(line()) <= width) return line();
  const order = [
    ...items.filter((i) => /^F[1-8]$/.test(i.key)).reverse(),
    ...items.filter((i) => !/^F[1-8]$/.test(i.key) && !KEEP_WORDS.test(i.key)).reverse(),
    ...items.filter((i) => KEEP_WORDS.test(i.key)).reverse(),
  ];
  for (const item of order) {
    item.word = '';
    if (widthOf(line()) <= width) return line();
  }
  return items.map((i) => i.key).join(' ');
}
