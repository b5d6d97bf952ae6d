import type { Unit } from '../config/types.js';

/**
 * The address picker's search (R1: the address as the unit directory spells it). Every word typed
 * must be found in the unit's station, address or resident; a word of digits also matches the
 * address's numbers (`3 1202`, `3-1-1202` and `3栋1202` all find 嘉园3栋1单元1202室).
 * Units whose resident's name starts with the query come first, then by address.
 */
export function searchUnits(units: readonly Unit[], query: string, limit = 8): Unit[] {
  // Runs of digits and runs of anything else: `3栋1202` is 3, 栋 and 1202.
  const words = query.toLowerCase().match(/\d+|[^\d\s,，-]+/g) ?? [];
  if (words.length === 0) return [];
  const matches = units.filter((u) => {
    const hay = `${u.station} ${u.address} ${u.resident}`.toLowerCase();
    const numbers: string[] = u.address.match(/\d+/g) ?? [];
    return words.every((w) => (/^\d+$/.test(w) ? numbers.includes(w) || u.station.includes(w) : hay.includes(w)));
  });
  const q = query.trim();
  const rank = (u: Unit) => (u.resident && u.resident.startsWith(q) ? 0 : 1);
  return matches.sort((a, b) => rank(a) - rank(b) || a.address.localeCompare(b.address, 'zh')).slice(0, limit);
}
