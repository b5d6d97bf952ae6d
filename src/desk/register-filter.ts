import type { Category } from '../config/types.js';
import type { RegisterEntry } from '../projections/entries.js';

/** What the register page narrows a day (or a search) to. Empty fields narrow nothing. */
export interface RegisterFilter {
  category?: Category;
  status?: 'open' | 'closed';
  /** The building number as the address names it (`3` for 嘉园3栋…). */
  building?: string;
  /** Text found in the content, address, resident, phone, result or id. */
  text?: string;
  overdue?: boolean;
  unclear?: boolean;
}

/** The building of an address: `嘉园3栋2单元1201室` -> `3`; undefined when it names none. */
export function buildingOf(address: string | null): string | undefined {
  return address ? /(\d+)\s*(栋|幢|号楼)/.exec(address)?.[1] : undefined;
}

export function filterEntries(entries: readonly RegisterEntry[], f: RegisterFilter): RegisterEntry[] {
  const text = f.text?.trim().toLowerCase();
  return entries.filter(
    (e) =>
      (!f.category || e.category === f.category) &&
      (!f.status || e.status === f.status) &&
      (!f.building || buildingOf(e.address) === f.building) &&
      (!f.overdue || e.overdue) &&
      (!f.unclear || e.unclear.length > 0) &&
      (!text || [e.id, e.content, e.address, e.resident, e.phone, e.result].some((v) => v?.toLowerCase().includes(text))),
  );
}
