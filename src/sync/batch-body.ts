import { createHash, type Hash } from 'node:crypto';
import { eventProblem, instantOf } from '../desk/event-checks.js';
import { GENESIS_HASH, type JournalEvent } from '../register/event.js';
import { chainHash } from '../register/seal.js';
import { describeManifest, type Manifest, type VerifiedBatch } from './batch.js';
import { DeskRefusal } from './refusal.js';

/** One event's line is at most this long; a longer one is not an event the control room wrote. */
export const MAX_EVENT_LINE = 1 << 20;

/**
 * The events of a batch, checked as their bytes arrive, so that a batch is read in bounded pieces
 * (a chunk at a time, never the whole body as one string) and refused as soon as it cannot be one:
 * more events than its signed manifest says, a line over 1 MiB. Every event is checked for the
 * chain (seq, prev, its own hash) and for the fields the desk derives a path, a day or a
 * calculation from. The digest is checked at the end and outranks the other findings: a changed
 * byte is reported as a change, not as whatever it broke.
 */
export class BatchBody {
  private readonly digest: Hash = createHash('sha256');
  private readonly name: string;
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private readonly events: JournalEvent[] = [];
  private readonly lines: string[] = [];
  private prev: string;
  private lastAt: number | undefined;
  /** The first problem found in the events; reported at the end unless the digest says more. */
  private problem: DeskRefusal | undefined;

  /** @param notBefore the instant of the last event the desk holds for the site (time may not go back). */
  constructor(
    private readonly manifest: Manifest,
    notBefore?: number,
  ) {
    this.name = describeManifest(manifest);
    this.prev = manifest.hashBefore;
    this.lastAt = notBefore;
    if (manifest.firstSeq === 1 && manifest.hashBefore !== GENESIS_HASH) {
      this.problem = new DeskRefusal('broken-chain', `${this.name}: seq 1 must chain to the genesis hash (64 zeros)`);
    }
  }

  /** Takes the next bytes of the body (after the manifest's line). */
  push(chunk: Buffer): void {
    this.digest.update(chunk);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.line(this.take(chunk.subarray(start, nl)));
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.partial.push(chunk.subarray(start));
      this.partialBytes += chunk.length - start;
      if (this.partialBytes > MAX_EVENT_LINE) throw new DeskRefusal('changed', `${this.name}: a line of over ${MAX_EVENT_LINE >> 20} MiB is not an event; the batch was changed or is not one`);
    }
  }

  /** The body ended: the checked batch, or the refusal that says why not. */
  end(): VerifiedBatch {
    if (this.partialBytes > 0) this.line(this.take(Buffer.alloc(0)));
    if (this.digest.digest('hex') !== this.manifest.digest) {
      throw new DeskRefusal('changed', `${this.name}: the events do not match the signed digest: the batch was changed after the control room signed it`);
    }
    if (this.events.length !== this.manifest.count && !this.problem) {
      throw new DeskRefusal('changed', `${this.name}: holds ${this.events.length} events, the manifest says ${this.manifest.count}`);
    }
    if (this.problem) throw this.problem;
    if (this.prev !== this.manifest.hashAfter) throw new DeskRefusal('broken-chain', `${this.name}: the last event's hash is not the manifest's hashAfter`);
    return { manifest: this.manifest, events: this.events, lines: this.lines };
  }

  private take(tail: Buffer): Buffer {
    if (this.partial.length === 0) return tail;
    const whole = Buffer.concat([...this.partial, tail]);
    this.partial = [];
    this.partialBytes = 0;
    return whole;
  }

  private line(bytes: Buffer): void {
    const seq = this.manifest.firstSeq + this.events.length;
    if (this.events.length >= this.manifest.count) {
      throw new DeskRefusal('changed', `${this.name}: holds more events than the ${this.manifest.count} its manifest says`);
    }
    if (this.problem) {
      // Only counted from here on: the digest decides what is reported.
      this.events.length += 1;
      return;
    }
    const text = bytes.toString('utf8');
    let e: JournalEvent;
    try {
      e = JSON.parse(text) as JournalEvent;
    } catch {
      return this.fail(`the event for seq ${seq} is not valid JSON`);
    }
    if (typeof e !== 'object' || e === null || e.seq !== seq) return this.fail(`seq ${seq} is missing (found seq ${String((e as JournalEvent | null)?.seq)} in its place)`);
    // Neither store can keep a NUL (PostgreSQL text and jsonb refuse it): refused here, not half-way through a write.
    // An escaped NUL is `\u0000` after an even number of backslashes; `\\u0000` is a typed backslash.
    if (/(?<!\\)(?:\\\\)*\\u0000/.test(text)) return this.fail(`seq ${seq} holds a NUL character, which the desk cannot keep; run \`control-room verify\` at the site`);
    const problem = eventProblem(e, this.lastAt);
    if (problem) return this.fail(`seq ${seq} ${problem}; the desk keeps no event it cannot place. Run \`control-room verify\` at the site`);
    if (e.prev !== this.prev) return this.fail(`seq ${seq} does not chain to the hash before it`);
    if (chainHash(e) !== e.hash) return this.fail(`seq ${seq}'s hash does not match its content (changed before signing)`);
    this.prev = e.hash;
    this.lastAt = instantOf(e.at);
    this.events.push(e);
    this.lines.push(text);
  }

  private fail(what: string): void {
    this.problem = new DeskRefusal('broken-chain', `${this.name}: ${what}`);
    this.events.length += 1;
  }
}
