import type { CallbackOwed } from '../../src/projections/calls.js';
import { stationGroups } from '../../src/projections/open-work.js';

/** The callbacks owed to one station (or, without a station, one call): called back once for all. */
export interface OwedGroup {
  /** Oldest first. */
  calls: CallbackOwed[];
  overdue: boolean;
}

/** The calls pane's rows of callbacks owed: one per station (stationGroups), overdue if any call is. */
export function owedGroups(owed: CallbackOwed[]): OwedGroup[] {
  return stationGroups(owed).map((calls) => ({ calls, overdue: calls.some((c) => c.overdue) }));
}
