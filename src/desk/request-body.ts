import type { IncomingMessage } from 'node:http';
import { MAX_MANIFEST_LINE, parseManifest, type Manifest } from '../sync/batch.js';
import { DeskRefusal } from '../sync/refusal.js';

/** A body that came too slowly, or stopped coming: the slot it held goes to someone else. */
export class SlowBody extends Error {}

/** A body over the limit while it streamed in (chunked, or longer than its Content-Length said). */
export class BodyTooLarge extends Error {}

/**
 * A request's body, read a chunk at a time and never faster than it is used (the stream's own
 * backpressure): each chunk must come within `idleMs`, the whole body within `totalMs`, and no more
 * than `maxBytes` are taken.
 */
export class RequestBody {
  private readonly chunks: AsyncIterator<Buffer>;
  private readonly deadline: number;
  private bytes = 0;
  /** What came after the manifest's line in the chunk that ended it. */
  private leftover: Buffer | undefined;

  constructor(
    req: IncomingMessage,
    private readonly limits: { maxBytes: number; idleMs: number; totalMs: number },
  ) {
    this.chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.deadline = Date.now() + limits.totalMs;
  }

  /**
   * The first line, parsed as a manifest: read before anything else, at most 64 KiB of it, and
   * within `idleMs` in all (a client dribbling a byte now and then gets no longer).
   */
  async manifest(): Promise<Manifest> {
    const parts: Buffer[] = [];
    let size = 0;
    const by = Date.now() + this.limits.idleMs;
    for (;;) {
      const chunk = await this.next(by);
      if (!chunk) throw new DeskRefusal('unreadable', 'the batch has no manifest line (it is empty or cut short)');
      const nl = chunk.indexOf(0x0a);
      if (nl === -1) {
        parts.push(chunk);
        size += chunk.length;
        if (size > MAX_MANIFEST_LINE) throw new DeskRefusal('unreadable', `the first line is over ${MAX_MANIFEST_LINE / 1024} KiB: not a batch's manifest`);
        continue;
      }
      if (size + nl > MAX_MANIFEST_LINE) throw new DeskRefusal('unreadable', `the first line is over ${MAX_MANIFEST_LINE / 1024} KiB: not a batch's manifest`);
      parts.push(chunk.subarray(0, nl));
      if (nl + 1 < chunk.length) this.leftover = chunk.subarray(nl + 1);
      return parseManifest(Buffer.concat(parts));
    }
  }

  /** The rest of the body, a chunk at a time. */
  async *rest(): AsyncGenerator<Buffer> {
    if (this.leftover) {
      const first = this.leftover;
      this.leftover = undefined;
      yield first;
    }
    for (let chunk = await this.next(); chunk; chunk = await this.next()) yield chunk;
  }

  private async next(by = this.deadline): Promise<Buffer | undefined> {
    const wait = Math.min(this.limits.idleMs, by - Date.now(), this.deadline - Date.now());
    let timer: NodeJS.Timeout | undefined;
    const pending = this.chunks.next();
    pending.catch(() => undefined);
    const late = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), Math.max(0, wait))));
    const r = await Promise.race([pending, late]).finally(() => clearTimeout(timer));
    if (r === 'late') throw new SlowBody(`no bytes for ${Math.round(wait / 1000)} s, or the body took over ${this.limits.totalMs / 1000} s`);
    if (r.done) return undefined;
    this.bytes += r.value.length;
    if (this.bytes > this.limits.maxBytes) throw new BodyTooLarge();
    return r.value;
  }
}
