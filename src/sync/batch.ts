import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Category } from '../config/types.js';
import { canonical } from '../register/canonical.js';
import { GENESIS_HASH, type JournalEvent } from '../register/event.js';
import { chainHash } from '../register/seal.js';
import { DeskRefusal } from './refusal.js';

/**
 * What the desk needs to know about a site to show its register as the control room does: the
 * name, the time zone of its days and weeks, and the deadline hours behind `deadline` and `overdue`.
 */
export interface SiteProfile {
  name: string;
  timezone: string;
  deadlineHours: Record<Category, number>;
  /**
   * The control room's staff (badge, name, role: no resident's data), so the desk shows names where
   * the register records badges. Absent in batches from before it was sent: the desk shows badges.
   */
  staff?: StaffMember[];
  /** R5: minutes before a missed call's callback is overdue (the desk's quality view counts them). */
  callbackMinutes?: number;
}

export interface StaffMember {
  badge: string;
  name: string;
  role: string;
}

/** The first line of a batch. The HMAC covers every other field; `digest` ties the events to it. */
export interface Manifest {
  format: 1;
  site: string;
  firstSeq: number;
  lastSeq: number;
  /** The `prev` of the first event: the hash the desk must already hold at firstSeq - 1. */
  hashBefore: string;
  /** The hash of the last event. */
  hashAfter: string;
  count: number;
  /** sha256 hex of the bytes after the manifest's line: one event per line. */
  digest: string;
  createdAt: string;
  profile: SiteProfile;
  /** HMAC-SHA256(shared secret, canonical(manifest without hmac)), hex. */
  hmac: string;
}

/** A batch that passed every check the desk can make without its store. */
export interface VerifiedBatch {
  manifest: Manifest;
  events: JournalEvent[];
  /** Each event's line as it came (the desk keeps these bytes). */
  lines: string[];
}

/**
 * The bytes of a batch: the manifest's JSON on the first line, then one event per line. A changed
 * byte anywhere is caught: in the events by the digest, in the manifest by the HMAC.
 */
export function buildBatch(site: string, events: readonly JournalEvent[], profile: SiteProfile, secret: string, createdAt: string): { manifest: Manifest; bytes: Buffer } {
  const first = events[0];
  const last = events.at(-1);
  if (!first || !last) throw new Error('a batch needs at least one event');
  const lines = events.map((e) => JSON.stringify(e));
  const body = Buffer.from(`${lines.join('\n')}\n`);
  const unsigned: Omit<Manifest, 'hmac'> = {
    format: 1,
    site,
    firstSeq: first.seq,
    lastSeq: last.seq,
    hashBefore: first.prev,
    hashAfter: last.hash,
    count: events.length,
    digest: sha256(body),
    createdAt,
    profile,
  };
  const manifest: Manifest = { ...unsigned, hmac: sign(unsigned, secret) };
  return { manifest, bytes: Buffer.concat([Buffer.from(`${JSON.stringify(manifest)}\n`), body]) };
}

/** The manifest alone, unauthenticated: enough to find which site's secret checks it. */
export function readManifest(bytes: Buffer): Manifest {
  const nl = bytes.indexOf(0x0a);
  if (nl === -1) throw new DeskRefusal('unreadable', 'the batch has no manifest line (it is empty or cut short)');
  let manifest: unknown;
  try {
    manifest = JSON.parse(bytes.subarray(0, nl).toString('utf8'));
  } catch (err) {
    throw new DeskRefusal('unreadable', `the manifest is not valid JSON (${(err as Error).message}); the batch was damaged`);
  }
  const problem = manifestProblem(manifest);
  if (problem) throw new DeskRefusal('unreadable', `the manifest ${problem}`);
  return manifest as Manifest;
}

/**
 * Everything the desk checks before it touches its store: the HMAC with the shared secret, the
 * digest of the events, and the chain inside the batch (seqs in order, each prev the hash before,
 * each hash recomputed from its event).
 */
export function verifyBatch(bytes: Buffer, secret: string): VerifiedBatch {
  const manifest = readManifest(bytes);
  const name = describeManifest(manifest);
  const { hmac, ...unsigned } = manifest;
  const expected = Buffer.from(sign(unsigned, secret), 'hex');
  const given = Buffer.from(hmac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DeskRefusal(
      'unauthenticated',
      `${name}: the HMAC does not match (a forged batch, or the desk and the control room do not share this secret); check sync.secret against the desk's secret for ${manifest.site}`,
    );
  }
  const body = bytes.subarray(bytes.indexOf(0x0a) + 1);
  if (sha256(body) !== manifest.digest) {
    throw new DeskRefusal('changed', `${name}: the events do not match the signed digest: the batch was changed after the control room signed it`);
  }
  const text = body.toString('utf8');
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  if (lines.length !== manifest.count || text === '') {
    throw new DeskRefusal('changed', `${name}: holds ${text === '' ? 0 : lines.length} events, the manifest says ${manifest.count}`);
  }
  const events: JournalEvent[] = [];
  let prev = manifest.hashBefore;
  for (const [i, line] of lines.entries()) {
    const seq = manifest.firstSeq + i;
    let e: JournalEvent;
    try {
      e = JSON.parse(line) as JournalEvent;
    } catch {
      throw new DeskRefusal('broken-chain', `${name}: the event for seq ${seq} is not valid JSON`);
    }
    if (e.seq !== seq) throw new DeskRefusal('broken-chain', `${name}: seq ${seq} is missing (found seq ${String(e.seq)} in its place)`);
    if (e.prev !== prev) throw new DeskRefusal('broken-chain', `${name}: seq ${seq} does not chain to the hash before it`);
    if (chainHash(e) !== e.hash) throw new DeskRefusal('broken-chain', `${name}: seq ${seq}'s hash does not match its content (changed before signing)`);
    prev = e.hash;
    events.push(e);
  }
  if (prev !== manifest.hashAfter) throw new DeskRefusal('broken-chain', `${name}: the last event's hash is not the manifest's hashAfter`);
  if (manifest.firstSeq === 1 && manifest.hashBefore !== GENESIS_HASH) {
    throw new DeskRefusal('broken-chain', `${name}: seq 1 must chain to the genesis hash (64 zeros)`);
  }
  return { manifest, events, lines };
}

export function describeManifest(m: Pick<Manifest, 'site' | 'firstSeq' | 'lastSeq'>): string {
  return `batch ${m.site} seq ${m.firstSeq}-${m.lastSeq}`;
}

function sign(unsigned: Omit<Manifest, 'hmac'>, secret: string): string {
  return createHmac('sha256', secret).update(canonical(unsigned)).digest('hex');
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

function manifestProblem(m: unknown): string | undefined {
  if (typeof m !== 'object' || m === null) return 'is not an object';
  const x = m as Record<string, unknown>;
  if (x.format !== 1) return `has format ${JSON.stringify(x.format)}, expected 1`;
  if (typeof x.site !== 'string' || !/^[A-Za-z0-9_-]{2,16}$/.test(x.site)) return 'has no valid site id';
  for (const k of ['firstSeq', 'lastSeq', 'count'] as const) {
    if (!Number.isInteger(x[k]) || (x[k] as number) < 1) return `has no valid ${k}`;
  }
  if ((x.lastSeq as number) - (x.firstSeq as number) + 1 !== x.count) return 'has a count that does not fit firstSeq and lastSeq';
  for (const k of ['hashBefore', 'hashAfter', 'digest', 'hmac'] as const) {
    if (typeof x[k] !== 'string' || !HEX64.test(x[k] as string)) return `has no valid ${k}`;
  }
  const p = x.profile as Record<string, unknown> | undefined;
  if (typeof p !== 'object' || p === null || typeof p.timezone !== 'string' || typeof p.name !== 'string' || typeof p.deadlineHours !== 'object') {
    return 'has no valid site profile';
  }
  return undefined;
}
