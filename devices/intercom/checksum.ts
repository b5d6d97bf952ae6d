/** NMEA 0183 checksum: XOR of every byte between `$` and `*`, as two uppercase hex digits. */
export function checksum(body: string | Uint8Array): string {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  let x = 0;
  for (const b of bytes) x ^= b;
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** `$BODY*CS\r\n`, ready for the wire. */
export function encodeFrame(body: string, eol: '\r\n' | '\n' = '\r\n'): Buffer {
  return Buffer.from(`$${body}*${checksum(body)}${eol}`, 'latin1');
}
