import { DateTime } from 'luxon';

/** R8: the next scheduled sync after `now`, from the configured local times of day. */
export function nextSyncAt(times: readonly string[], timezone: string, now: number): number {
  const local = DateTime.fromMillis(now, { zone: timezone });
  let best: number | undefined;
  for (const dayOffset of [0, 1]) {
    for (const t of times) {
      const [h, m] = t.split(':').map(Number);
      const at = local.plus({ days: dayOffset }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
      if (at > now && (best === undefined || at < best)) best = at;
    }
  }
  return best!;
}
