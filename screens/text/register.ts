import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, channelLabel, words, type Lang } from './labels.js';
import { renderTable } from './table.js';

/**
 * The day's register as a terminal table (R1 columns), unclear and overdue entries marked. The desk
 * passes names for the badges it shows and asks for the result and closing time too.
 */
export function renderRegister(site: string, day: string, entries: RegisterEntry[], lang: Lang, desk?: { name: (badge: string) => string }): string {
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
      desk ? desk.name(e.firstResponder) : e.firstResponder,
      ...(desk ? [e.result ?? '', e.closedAt ? `${e.closedAt.slice(5, 10)} ${e.closedAt.slice(11, 16)}` : ''] : []),
    ];
  });
  const columns = desk ? [...w.columns, ...w.resultColumns] : w.columns;
  return `${title}\n${renderTable(columns, rows, [12, 5, 8, 24, 8, 11, 12, 30, 11, 40, 12, 24, 11])}`;
}
