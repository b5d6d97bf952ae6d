import { Transform, type TransformCallback } from 'node:stream';

/**
 * Passes bytes through but never more than `max` bytes of one line: the rest of an over-long line
 * is dropped up to its LF (the LF itself is kept, so the line still ends). Put in front of
 * @serialport/parser-readline, which otherwise buffers without limit until a delimiter comes.
 */
export class LineCap extends Transform {
  private lineLength = 0;
  private overflowing = false;
  /** Lines cut short since the start. */
  cut = 0;

  constructor(private readonly max: number) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    const out: Buffer[] = [];
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(0x0a, start);
      const stop = lf === -1 ? chunk.length : lf;
      const keep = Math.min(stop - start, this.max - this.lineLength);
      if (keep > 0) out.push(chunk.subarray(start, start + keep));
      this.lineLength += keep;
      if (keep < stop - start && !this.overflowing) {
        this.overflowing = true;
        this.cut += 1;
      }
      if (lf === -1) break;
      out.push(chunk.subarray(lf, lf + 1));
      this.lineLength = 0;
      this.overflowing = false;
      start = lf + 1;
    }
    if (out.length > 0) this.push(Buffer.concat(out));
    done();
  }
}
