import { checkHmac, describeManifest, readManifest, type Manifest, type VerifiedBatch } from '../sync/batch.js';
import { BatchBody } from '../sync/batch-body.js';
import { instantOf } from './event-checks.js';
import { DeskRefusal, type DeskPosition } from '../sync/refusal.js';
import type { DeskStore } from './store.js';

/** What the desk answers a batch with: where the site's chain now ends there, and what was new. */
export interface ImportResult extends DeskPosition {
  site: string;
  taken: number;
  skipped: number;
}

/** The shared secret for a site, or undefined when the desk has none for it. */
export type SecretFor = (site: string) => string | undefined;

/** Refuses a batch whose site the desk has no secret for, or whose HMAC that secret does not give. */
export function authenticate(manifest: Manifest, secretFor: SecretFor): void {
  const secret = secretFor(manifest.site);
  if (!secret) {
    throw new DeskRefusal(
      'unauthenticated',
      `${describeManifest(manifest)}: the desk has no shared secret for site ${manifest.site}; add it to the secrets file (--secrets)`,
    );
  }
  checkHmac(manifest, secret);
}

/**
 * A batch the desk already holds whole (a replay, or a resend whose answer was lost): its last seq
 * is held with the manifest's hashAfter, and the chain ties every event before it. Acknowledged
 * from its signed manifest alone, without reading its events or growing the store.
 */
export async function alreadyHeld(store: DeskStore, manifest: Manifest): Promise<ImportResult | undefined> {
  const held = await store.position(manifest.site);
  if (held.seq < manifest.lastSeq) return undefined;
  if ((await store.hashAt(manifest.site, manifest.lastSeq)) !== manifest.hashAfter) return undefined;
  return { site: manifest.site, ...held, taken: 0, skipped: manifest.count };
}

/**
 * Takes a batch into the store: checks the HMAC, then the digest, the chain and the fields of
 * every event, and only then, in the store's lock for the site, continuity
 * with what the store holds. Events the desk already has are skipped when their hash matches; a
 * different hash at any held seq is a fork, and a batch starting after the desk's last seq leaves
 * a gap. A refused batch leaves the store unchanged.
 */
export async function importBatch(store: DeskStore, bytes: Buffer, secretFor: SecretFor, receivedAt: string): Promise<ImportResult> {
  const manifest = readManifest(bytes);
  authenticate(manifest, secretFor);
  // The bytes are in hand: checked whole even when the desk holds them already, so that a changed
  // copy is refused loudly rather than acknowledged.
  const body = new BatchBody(manifest);
  const rest = bytes.subarray(bytes.indexOf(0x0a) + 1);
  for (let i = 0; i < rest.length; i += 1 << 16) body.push(rest.subarray(i, i + (1 << 16)));
  return takeVerified(store, body.end(), receivedAt);
}

/** The store's part of an import: continuity with what it holds, then all of it or nothing. */
export async function takeVerified(store: DeskStore, batch: VerifiedBatch, receivedAt: string): Promise<ImportResult> {
  const { manifest, events, lines } = batch;
  const name = describeManifest(manifest);
  return store.importInto(manifest.site, async (tx) => {
    const held = await tx.position();
    if (manifest.firstSeq > held.seq + 1) {
      throw new DeskRefusal(
        'gap',
        `${name}: the desk holds ${manifest.site} only up to seq ${held.seq}; seq ${held.seq + 1}-${manifest.firstSeq - 1} are missing. ` +
          `Nothing was kept; the control room sends again from seq ${held.seq + 1}`,
        held,
      );
    }
    const overlapTo = Math.min(held.seq, manifest.lastSeq);
    if (overlapTo >= manifest.firstSeq) {
      const hashes = await tx.hashes(manifest.firstSeq, overlapTo);
      for (const e of events) {
        if (e.seq > overlapTo) break;
        const mine = hashes.get(e.seq);
        if (mine !== e.hash) throw forked(name, manifest.site, e.seq, mine, e.hash, held);
      }
    } else if (manifest.firstSeq === held.seq + 1 && manifest.hashBefore !== held.hash) {
      throw forked(name, manifest.site, manifest.firstSeq, undefined, manifest.hashBefore, held);
    }
    const fresh = events.filter((e) => e.seq > held.seq);
    // Nothing new (a replay, two copies of one batch at once): acknowledged, and the store stays as it is.
    if (fresh.length === 0) return { site: manifest.site, ...held, taken: 0, skipped: events.length };
    const lastAt = held.seq > 0 ? await tx.lastAt() : undefined;
    const lastMs = instantOf(lastAt);
    if (lastMs !== undefined && instantOf(fresh[0]!.at)! < lastMs) {
      throw new DeskRefusal(
        'broken-chain',
        `${name}: seq ${fresh[0]!.seq} is dated ${fresh[0]!.at}, before seq ${held.seq} the desk holds (${lastAt}): time going backwards. ` +
          'Nothing was kept; run `control-room verify` at the site and check its clock',
      );
    }
    tx.add(fresh, lines.slice(events.length - fresh.length));
    tx.setProfile(manifest.profile);
    tx.recordBatch({
      firstSeq: manifest.firstSeq,
      lastSeq: manifest.lastSeq,
      hashBefore: manifest.hashBefore,
      hashAfter: manifest.hashAfter,
      count: manifest.count,
      digest: manifest.digest,
      hmac: manifest.hmac,
      createdAt: manifest.createdAt,
      receivedAt,
      taken: fresh.length,
      skipped: events.length - fresh.length,
    });
    const last = fresh.at(-1)!;
    return { site: manifest.site, seq: last.seq, hash: last.hash, taken: fresh.length, skipped: events.length - fresh.length };
  });
}

function forked(name: string, site: string, seq: number, mine: string | undefined, theirs: string, held: DeskPosition): DeskRefusal {
  const what =
    mine === undefined
      ? `seq ${seq} does not follow the desk's seq ${seq - 1} (the desk holds hash ${held.hash.slice(0, 12)}… there, the batch chains to ${theirs.slice(0, 12)}…)`
      : `at seq ${seq} the desk holds hash ${mine.slice(0, 12)}…, the batch brings ${theirs.slice(0, 12)}…`;
  return new DeskRefusal(
    'fork',
    `${name} FORKS the chain of ${site}: ${what}. Nothing was kept. The control room's journal is not the one it synced ` +
      `before (restored from an old backup, or edited): run \`control-room verify\` there and \`desk verify\` here, and keep both copies`,
    held,
  );
}
