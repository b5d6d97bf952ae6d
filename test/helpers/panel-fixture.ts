import { readFileSync } from 'node:fs';

/** One step of a recorded panel exchange (test/fixtures/panel/*.txt). */
export type Step = { kind: 'panel'; bytes: Buffer; line: number } | { kind: 'host'; bytes: Buffer; line: number } | { kind: 'action'; words: string[]; line: number };

/** `\r`, `\n` and `\xNN` escapes to bytes. */
function unescape(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === 'r') (bytes.push(0x0d), i++);
    else if (text[i] === '\\' && text[i + 1] === 'n') (bytes.push(0x0a), i++);
    else if (text[i] === '\\' && text[i + 1] === 'x') (bytes.push(parseInt(text.slice(i + 2, i + 4), 16)), (i += 3));
    else bytes.push(text.charCodeAt(i));
  }
  return Buffer.from(bytes);
}

/** Reads a fixture: `< bytes`, `> bytes`, `! action`, each with an optional `# comment`. */
export function readPanelFixture(file: string): Step[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((text, i) => ({ text: text.replace(/\s+#.*$/, '').trim(), line: i + 1 }))
    .filter(({ text }) => text && !text.startsWith('#'))
    .map(({ text, line }) => {
      const [mark, ...rest] = text.split(/\s+/);
      if (mark === '<') return { kind: 'panel', bytes: unescape(rest.join(' ')), line };
      if (mark === '>') return { kind: 'host', bytes: unescape(rest.join(' ')), line };
      if (mark === '!') return { kind: 'action', words: rest, line };
      throw new Error(`${file} line ${line}: starts with "${mark}", expected <, > or !`);
    });
}
