const strict = new TextDecoder('utf-8', { fatal: true });

/**
 * The first line (1-based) holding bytes that are not UTF-8, or undefined when the text is UTF-8.
 * A list exported from a Chinese spreadsheet is often GBK: read as UTF-8 it turns names into
 * replacement characters, which the register would then keep for good.
 */
export function firstNonUtf8Line(bytes: Uint8Array): number | undefined {
  try {
    strict.decode(bytes);
    return undefined;
  } catch {
    // found below, line by line
  }
  let line = 1;
  let start = 0;
  for (;;) {
    const lf = bytes.indexOf(0x0a, start);
    const end = lf === -1 ? bytes.length : lf;
    try {
      strict.decode(bytes.subarray(start, end));
    } catch {
      return line;
    }
    if (lf === -1) return undefined;
    start = lf + 1;
    line += 1;
  }
}

/** Decodes UTF-8 bytes, dropping a byte-order mark; throws NonUtf8Error naming the line otherwise. */
export function decodeUtf8(bytes: Uint8Array): string {
  const line = firstNonUtf8Line(bytes);
  if (line !== undefined) throw new NonUtf8Error(line);
  return strict.decode(bytes).replace(/^\uFEFF/, '');
}

export class NonUtf8Error extends Error {
  constructor(readonly line: number) {
    super(`line ${line} is not UTF-8`);
    this.name = 'NonUtf8Error';
  }
}
