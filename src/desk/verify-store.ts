import { checkDayEvents, type ChainPosition } from '../register/chain-check.js';
import { GENESIS_HASH } from '../register/event.js';
import type { DeskStore } from './store.js';

export type SiteVerdict =
  | { site: string; ok: true; events: number; lastSeq: number; lastHash: string; batches: number }
  | { site: string; ok: false; events: number; seq?: number; day?: string; problem: string };

/**
 * `desk verify`: every site's chain recomputed from seq 1, day by day, as `control-room verify`
 * does (personal data cannot be checked here: the site key stays at the control room), and every
 * batch receipt checked against the event it ended at.
 */
export async function verifyStore(store: DeskStore, only?: string): Promise<SiteVerdict[]> {
  const out: SiteVerdict[] = [];
  for (const site of only ? [only] : await store.sites()) {
    let pos: ChainPosition = { nextSeq: 1, prev: GENESIS_HASH };
    let events = 0;
    const hashAt = new Map<number, string>();
    let verdict: SiteVerdict | undefined;
    for await (const { day, events: dayEvents } of store.days(site)) {
      const bad = checkDayEvents(dayEvents, day, pos, undefined);
      if (bad) {
        verdict = { site, ok: false, events, seq: bad.seq, day, problem: bad.problem };
        break;
      }
      for (const e of dayEvents) hashAt.set(e.seq, e.hash);
      events += dayEvents.length;
      const last = dayEvents.at(-1);
      if (last) pos = { nextSeq: last.seq + 1, prev: last.hash };
    }
    if (!verdict) {
      const batches = await store.batches(site);
      const wrong = batches.find((b) => b.lastSeq < pos.nextSeq && hashAt.get(b.lastSeq) !== b.hashAfter);
      verdict = wrong
        ? { site, ok: false, events, seq: wrong.lastSeq, problem: `seq ${wrong.lastSeq} is not the event the batch received at ${wrong.receivedAt} ended with` }
        : { site, ok: true, events, lastSeq: pos.nextSeq - 1, lastHash: pos.prev, batches: batches.length };
    }
    out.push(verdict);
  }
  return out;
}
