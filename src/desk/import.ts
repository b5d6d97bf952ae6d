import { describeManifest, readManifest, verifyBatch } from '../sync/batch.js';
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

/**
 * Takes a batch into the store. Checks the HMAC, the digest and the chain inside the batch, then,
 * in the store's lock for the site, continuity with what the store holds: events the desk already
 * has are skipped when their hash matches; a different hash at any held seq is a fork, and a batch
 * starting after the desk's last seq leaves a gap. A refused batch leaves the store unchanged.
 */
export async function importBatch(store: DeskStore, bytes: Buffer, secretFor: SecretFor, receivedAt: string): Promise<ImportResult> {
  const claimed = readManifest(bytes);
  const secret = secretFor(claimed.site);
  if (!secret) {
    throw new DeskRefusal(
      'unauthenticated',
      `${describeManifest(claimed)}: the desk has no shared secret for site ${claimed.site}; add it to the secrets file (--secrets) or CONTROL_ROOM_DESK_SECRET`,
    );
  }
  const { manifest, events, lines } = verifyBatch(bytes, secret);
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
    const freshLines = lines.slice(events.length - fresh.length);
    tx.add(fresh, freshLines);
    // An old batch delivered again must not roll the site's profile (deadlines, zone) back.
    if (fresh.length > 0) tx.setProfile(manifest.profile);
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
    const last = fresh.at(-1);
    const now = last ? { seq: last.seq, hash: last.hash } : held;
    return { site: manifest.site, ...now, taken: fresh.length, skipped: events.length - fresh.length };
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
