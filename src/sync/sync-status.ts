import type { SiteConfig } from '../config/types.js';
import { makeTarget } from './make-target.js';
import { readCursor, readSyncRecord } from './sync-files.js';
import { describeSync, type SyncState } from './sync-state.js';

/** Sync for `status` (read from DATA/sync/, whether or not the daemon runs): last success, next due, overdue, backlog. */
export async function syncStatus(config: SiteConfig, headSeq: number, now: number): Promise<SyncState & { last: string | null; next: string; summary: string }> {
  const target = makeTarget(config, { now: () => '' }).description;
  const state = describeSync(config, target, await readSyncRecord(config.dataDir), await readCursor(config.dataDir), headSeq, now);
  const parts = [
    `last ${state.lastSuccessAt ?? 'never'}`,
    `next ${state.nextDueAt}`,
    ...(state.overdue ? [`OVERDUE since ${state.dueSince}`] : []),
    `backlog ${state.backlog} events (the desk acknowledged up to seq ${state.acknowledgedSeq})`,
    ...(state.lastError ? [`last try failed: ${state.lastError}`] : []),
  ];
  return { last: state.lastSuccessAt, next: state.nextDueAt, ...state, summary: `${parts.join(', ')} -> ${target}` };
}
