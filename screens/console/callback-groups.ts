import type { CallbackOwed } from '../../src/projections/calls.js';

/** The callbacks owed to one station (or, without a station, one call): called back once for all. */
export interface OwedGroup {
  /** Oldest first. */
  calls: CallbackOwed[];
  overdue: boolean;
}

/**
 * A resident who rang three times and hung up is one callback to make, not three rows: groups by
 * station, in the order of each station's oldest missed call.
 */
export function owedGroups(owed: CallbackOwed[]): OwedGroup[] {
  const groups = new Map<string, CallbackOwed[]>();
  for (const c of owed) {
    const id = c.station ? `station:${c.station}` : `call:${c.key}`;
    const list = groups.get(id) ?? [];
    list.push(c);
    groups.set(id, list);
  }
  return [...groups.values()].map((calls) => ({ calls, overdue: calls.some((c) => c.overdue) }));
}
