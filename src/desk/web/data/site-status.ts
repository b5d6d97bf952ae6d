import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { todayIn } from '../../../domain/followups.js';
import { verifyStore, type SiteVerdict } from '../../verify-store.js';
import type { DeskStore } from '../../store.js';
import { isRefusalCode, type RefusalCode } from '../../../sync/refusal.js';

/** A site's state at the desk, as the sites page shows it. */
export interface SiteStatus {
  site: string;
  name: string | null;
  lastBatchAt: string | null;
  events: number;
  /** The last day the desk holds whole (its `day.closed`), and how many days since then are not. */
  closedThrough: string | null;
  daysOpen: number | null;
  verdict: SiteVerdict;
}

export interface RefusedBatch {
  at: string | null;
  site: string;
  file: string;
  /** Why, as the desk's refusal code (batches refused before codes were kept have none). */
  code?: RefusalCode;
  /** The refusal's own detail, in the engine's words: the English pages show it. */
  reason: string;
}


export async function siteStatus(store: DeskStore, site: string, now: number): Promise<SiteStatus> {
  const profile = await store.profile(site);
  const batches = await store.batches(site);
  const [verdict] = await verifyStore(store, site);
  let closedThrough: string | null = null;
  if (profile) {
    const today = todayIn(profile.timezone, now);
    // The last closings are in the last few days; look back a month before reading everything.
    for (const from of [todayMinus(today, 31), '0000-00-00']) {
      for (const e of await store.eventsBetween(site, from)) if (e.kind === 'day.closed') closedThrough = String((e.data as { day: string }).day);
      if (closedThrough) break;
    }
  }
  const today = profile ? todayIn(profile.timezone, now) : null;
  return {
    site,
    name: profile?.name ?? null,
    lastBatchAt: batches.at(-1)?.receivedAt ?? null,
    events: verdict?.events ?? 0,
    closedThrough,
    daysOpen: closedThrough && today ? Math.max(0, Math.round((Date.parse(today) - Date.parse(closedThrough)) / 86_400_000) - 1) : null,
    verdict: verdict ?? { site, ok: true, events: 0, lastSeq: 0, lastHash: '', batches: 0 },
  };
}

function todayMinus(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Batches the desk refused: those `desk import` set aside in the shared folder's `refused/`, each with
 * its reason beside it (`NAME.txt`), and those `desk serve` refused, in the desk's own refusal log.
 */
export async function refusedBatches(inbox: string | undefined, refusalLog: string): Promise<RefusedBatch[]> {
  const out: RefusedBatch[] = [];
  if (inbox) {
    const dir = join(inbox, 'refused');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.batch.txt') || n.endsWith('.txt'))) {
      const text = (await readFile(join(dir, name), 'utf8').catch(() => '')).trim().slice(0, 500);
      // `CODE: detail`, as desk import writes it beside the batch it sets aside.
      const code = text.slice(0, text.indexOf(':'));
      const known = isRefusalCode(code);
      out.push({ at: null, site: name.split('-')[0] ?? '', file: name.replace(/\.txt$/, ''), ...(known ? { code } : {}), reason: known ? text.slice(code.length + 1).trim() : text });
    }
  }
  const log = await readFile(refusalLog, 'utf8').catch(() => '');
  for (const line of log.split('\n').filter(Boolean).slice(-200)) {
    try {
      const r = JSON.parse(line) as RefusedBatch;
      out.push({ at: r.at, site: r.site, file: r.file, reason: r.reason, ...(isRefusalCode(r.code) ? { code: r.code } : {}) });
    } catch {
      // A torn last line after a crash: the others still show.
    }
  }
  return out;
}
