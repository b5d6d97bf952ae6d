import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Category } from '../config/types.js';
import { canonical } from '../register/canonical.js';
import { profileProblem } from '../desk/event-checks.js';
import type { JournalEvent } from '../register/event.js';
import { BatchBody } from './batch-body.js';
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
  /** W3: the default work standard per order kind, as the control room holds orders to it. */
  workStandardMinutes?: { repair: number; cleaning: number };
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

/**
 * The largest batch the desk reads (manifest and events). The control room cuts a long backlog into
 * batches of at most 5,000 events and 8 MiB; twice that is room enough, and bounds what one
 * request can make the desk hold.
 */
export const MAX_BATCH_BYTES = 16 * 2 ** 20;

/** The manifest's line is at most this long (a profile and a few hashes: under 2 KB in practice). */
export const MAX_MANIFEST_LINE = 64 * 1024;

/** The manifest alone, unauthenticated: enough to find which site's secret checks it. */
export function readManifest(bytes: Buffer): Manifest {
  const nl = bytes.subarray(0, MAX_MANIFEST_LINE + 1).indexOf(0x0a);
  if (nl === -1) {
    throw new DeskRefusal(
      'unreadable',
      bytes.length > MAX_MANIFEST_LINE ? `the first line is over ${MAX_MANIFEST_LINE / 1024} KiB: not a batch's manifest` : 'the batch has no manifest line (it is empty or cut short)',
    );
  }
  return parseManifest(bytes.subarray(0, nl));
}

/** The manifest's line (without its line end), parsed and checked for shape. */
export function parseManifest(line: Buffer): Manifest {
  let manifest: unknown;
  try {
    manifest = JSON.parse(line.toString('utf8'));
  } catch (err) {
    throw new DeskRefusal('unreadable', `the manifest is not valid JSON (${(err as Error).message}); the batch was damaged or is not a batch`);
  }
  const problem = manifestProblem(manifest);
  if (problem) throw new DeskRefusal('unreadable', `the manifest ${problem}`);
  return manifest as Manifest;
}

/** Refuses a manifest whose HMAC the shared secret does not give. */
export function checkHmac(manifest: Manifest, secret: string): void {
  const { hmac, ...unsigned } = manifest;
  const expected = Buffer.from(sign(unsigned, secret), 'hex');
  const given = Buffer.from(hmac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new DeskRefusal(
      'unauthenticated',
      `${describeManifest(manifest)}: the HMAC does not match (a forged batch, or the desk and the control room do not share this secret); check sync.secret against the desk's secret for ${manifest.site}`,
    );
  }
}

/**
 * Everything the desk checks before it touches its store: the HMAC with the shared secret, the
 * digest of the events, the chain inside the batch (seqs in order, each prev the hash before,
 * each hash recomputed from its event) and every field a path, a day or a calculation comes from.
 * `notBefore`: the instant of the last event the desk holds for the site.
 */
export function verifyBatch(bytes: Buffer, secret: string, notBefore?: number): VerifiedBatch {
  const manifest = readManifest(bytes);
  checkHmac(manifest, secret);
  const body = new BatchBody(manifest, notBefore);
  const rest = bytes.subarray(bytes.indexOf(0x0a) + 1);
  for (let i = 0; i < rest.length; i += 1 << 16) body.push(rest.subarray(i, i + (1 << 16)));
  return body.end();
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
  if (typeof x.createdAt !== 'string' || x.createdAt.length > 64) return 'has no valid createdAt';
  const p = x.profile as SiteProfile | undefined;
  if (typeof p !== 'object' || p === null) return 'has no site profile';
  const problem = profileProblem(p);
  return problem ? `has a site profile that ${problem}` : undefined;
}
