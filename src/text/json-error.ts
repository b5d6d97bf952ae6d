/**
 * A JSON.parse error as a person reads it: "line 20, column 5: Unexpected number" instead of
 * "at position 505". V8 names the character position; lines and columns are counted from it.
 */
export function describeJsonError(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const m = /^(.*?)(?: in JSON)? at position (\d+)/.exec(message);
  if (!m) return message.replace(/ in JSON$/, '');
  const position = Number(m[2]);
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${m[1]}`;
}
