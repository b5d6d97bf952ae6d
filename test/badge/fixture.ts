import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '../fixtures/badge');

/** The lines of test/fixtures/badge/<name> that are not blank or comments, split into words. */
function steps(name: string): { at: number; words: string[]; line: number }[] {
  return readFileSync(join(DIR, name), 'utf8')
    .split('\n')
    .map((text, i) => ({ text: text.replace(/#.*$/, '').trim(), line: i + 1 }))
    .filter(({ text }) => text !== '')
    .map(({ text, line }) => {
      const [at, ...words] = text.split(/\s+/);
      if (!/^\d+$/.test(at!) || words.length === 0) throw new Error(`${name} line ${line}: expected "<ms> <...>"`);
      return { at: Number(at), words, line };
    });
}

/** A recorded HID report sequence: `<ms> <bytes in hex>  # comment`. */
export function readReports(name: string): { at: number; report: Uint8Array }[] {
  return steps(name).map(({ at, words, line }) => {
    if (!words.every((w) => /^[0-9a-f]{2}$/i.test(w))) throw new Error(`${name} line ${line}: expected hex bytes`);
    return { at, report: Uint8Array.from(words, (w) => parseInt(w, 16)) };
  });
}

/** Recorded key timings: `<ms> <key>  # comment`, the key a character, `enter` or `space`. */
export function readKeys(name: string): { at: number; key: string }[] {
  return steps(name).map(({ at, words, line }) => {
    if (words.length !== 1) throw new Error(`${name} line ${line}: expected one key`);
    return { at, key: words[0] === 'space' ? ' ' : words[0]! };
  });
}
