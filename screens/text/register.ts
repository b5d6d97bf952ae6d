import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, channelLabel, words, type Lang } from './labels.js';
import { renderTable } from './table.js';

/** The day's register as a terminal table (R1 columns), unclear and overdue entries marked. */
export function renderRegister(site: string, day: string, entries: RegisterEntry[], lang: Lang): string {
  const w = words(lang);
  const title = w.registerTitle(site, day);
  if (entries.length === 0) return `${title}\n${w.noEntries(day)}`;
  const rows = entries.map((e) => {
    const marks = [e.overdue ? w.overdue : '', e.unclear.length > 0 ? `${w.unclear}(${e.unclear.map((f) => w.field[f] ?? f).join(',')})` : ''].filter(Boolean);
    return [
      e.id,
      e.receivedAt.slice(11, 16),
      channelLabel(lang, e.channel),
      e.address ?? '',
      e.resident ?? '',
      e.phone ?? '',
      categoryLabel(lang, e.category),
      e.content ?? '',
      e.appointmentAt ? e.appointmentAt.slice(5, 16).replace('T', ' ') : '',
      [w.status[e.status], ...marks].join(' '),
      e.firstResponder,
    ];
  });
  return `${title}\n${renderTable(w.columns, rows, [12, 5, 8, 24, 8, 11, 12, 30, 11, 40, 12])}`;
}
