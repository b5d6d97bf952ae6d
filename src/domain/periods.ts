import { DateTime } from 'luxon';

/** A span of local days (inclusive), named as people name it: `2026-W48`, `2026-11`, `2026-Q4`. */
export interface Period {
  id: string;
  from: string;
  to: string;
}

const day = (d: DateTime) => d.toFormat('yyyy-MM-dd');
const at = (d: string) => DateTime.fromISO(d, { zone: 'UTC' });

/** The ISO week (Monday to Sunday) holding a day. */
export function weekOf(d: string): Period {
  const t = at(d);
  const monday = t.startOf('week');
  return { id: `${t.weekYear}-W${String(t.weekNumber).padStart(2, '0')}`, from: day(monday), to: day(monday.plus({ days: 6 })) };
}

export function previousWeek(d: string): Period {
  return weekOf(day(at(d).minus({ weeks: 1 })));
}

export function monthOf(d: string): Period {
  const t = at(d);
  return { id: t.toFormat('yyyy-MM'), from: day(t.startOf('month')), to: day(t.endOf('month')) };
}

export function quarterOf(d: string): Period {
  const t = at(d);
  return { id: `${t.year}-Q${t.quarter}`, from: day(t.startOf('quarter')), to: day(t.endOf('quarter')) };
}

export function previousQuarter(d: string): Period {
  return quarterOf(day(at(d).minus({ months: 3 })));
}

export function nextPeriodOf(p: Period, of: (d: string) => Period): Period {
  return of(day(at(p.to).plus({ days: 1 })));
}

/** Parses `2026-11` or `2026-Q4` as given on the command line. */
export function parseMonth(text: string): Period | undefined {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? monthOf(`${text}-01`) : undefined;
}

export function parseQuarter(text: string): Period | undefined {
  const m = /^(\d{4})-Q([1-4])$/.exec(text);
  return m ? quarterOf(`${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`) : undefined;
}

/** The end of a local day in a zone, as an instant (ms): the last millisecond before the next midnight. */
export function endOfDay(d: string, zone: string): number {
  return DateTime.fromISO(d, { zone }).endOf('day').toMillis();
}
