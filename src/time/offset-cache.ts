import { DateTime } from 'luxon';
import { localIso } from './zone.js';

/**
 * localIso for one zone that asks the zone database once per quarter hour (UTC) rather than once
 * per timestamp: the desk's pages write thousands of deadlines a page (a busy day, a year for the
 * quality view), and luxon's offset lookup was most of their time. The same offset at both ends of
 * a quarter hour means the whole of it has that offset (offsets do not change twice in 15
 * minutes); a quarter hour with a change in it (St John's changed at 00:01 until 2011) is not
 * remembered. The result is what localIso writes, to the character.
 */
export function cachedLocalIso(zone: string): (ms: number) => string {
  const quarterHours = new Map<number, { minutes: number; suffix: string } | null>();
  const offsetAt = (ms: number) => {
    const start = Math.floor(ms / 900_000) * 900_000;
    let off = quarterHours.get(start);
    if (off === undefined) {
      const dt = DateTime.fromMillis(start, { zone });
      const iso = dt.toISO({ includeOffset: true, suppressMilliseconds: false });
      off = iso && dt.year >= 1970 && dt.offset === DateTime.fromMillis(start + 899_999, { zone }).offset ? { minutes: dt.offset, suffix: iso.slice(23) } : null;
      if (quarterHours.size > 50_000) quarterHours.clear();
      quarterHours.set(start, off);
    }
    return off;
  };
  const p2 = (n: number) => String(n).padStart(2, '0');
  return (ms) => {
    const off = Number.isFinite(ms) && ms >= 0 && ms < 253402300800000 ? offsetAt(ms) : null;
    if (!off) return localIso(ms, zone);
    const t = new Date(ms + off.minutes * 60_000);
    return `${t.getUTCFullYear()}-${p2(t.getUTCMonth() + 1)}-${p2(t.getUTCDate())}T${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())}.${String(t.getUTCMilliseconds()).padStart(3, '0')}${off.suffix}`;
  };
}

const byZone = new Map<string, (ms: number) => string>();

/** One remembering localIso per zone for the whole process (the desk serves many pages of few zones). */
export function zoneIso(zone: string): (ms: number) => string {
  let f = byZone.get(zone);
  if (!f) byZone.set(zone, (f = cachedLocalIso(zone)));
  return f;
}
