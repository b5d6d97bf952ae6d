import type { Summaries } from './web/data/summaries.js';
import { CATEGORIES, type Channel } from '../config/types.js';
import { categoryLabel, channelLabel, type Lang } from '../../screens/text/labels.js';
import { webWords } from '../../screens/web/words.js';

export const SUMMARY_KINDS = ['repairs', 'consultations', 'perDay', 'overdueRate', 'satisfaction'] as const;
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

/** One summary as a workbook: a title row, Chinese headings, numbers as numbers. */
export async function summaryWorkbook(kind: SummaryKind, siteName: string, d: Summaries, lang: Lang): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const w = webWords(lang).summaries;
  const book = new ExcelJS.Workbook();
  book.creator = 'control-room';
  const titles: Record<SummaryKind, string> = { repairs: `${w.repairs} ${d.month.id}`, consultations: `${w.consultations} ${d.quarter.id}`, perDay: `${w.charts.perDay} ${d.month.id}`, overdueRate: `${w.charts.overdueRate} ${d.quarter.id}`, satisfaction: w.charts.satisfaction };
  // Excel's sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = book.addWorksheet(titles[kind].replace(/[:\\/?*[\]]/g, ' ').slice(0, 31));
  sheet.addRow([`${siteName} ${titles[kind]}`]).font = { bold: true, size: 13 };
  const rows: (string | number | null)[][] = [];
  if (kind === 'repairs') {
    for (const [k, label] of Object.entries(w.repairRows)) rows.push([label, (d.repairs as unknown as Record<string, number | string>)[k] ?? '']);
    rows.push([], ['', w.repairRows.repairs ?? '', w.repairRows.calledBack ?? ''], ...d.repairs.byDay.map((x) => [x.day, x.repairs, x.calledBack]));
  } else if (kind === 'consultations') {
    for (const [k, label] of Object.entries(w.consultationRows)) rows.push([label, (d.consultations as unknown as Record<string, number>)[k] ?? '']);
    rows.push([], [w.byMonth], ...Object.entries(d.consultations.byMonth), [], [w.byChannel], ...Object.entries(d.consultations.byChannel).map(([c, n]) => [channelLabel(lang, c as Channel), n]));
  } else if (kind === 'perDay') {
    rows.push(['', ...CATEGORIES.map((c) => categoryLabel(lang, c))], ...d.perDay.days.map((day, i) => [day, ...CATEGORIES.map((c) => d.perDay.series[c][i] ?? 0)]));
  } else if (kind === 'overdueRate') {
    rows.push(['', w.chartColumns.entries, w.chartColumns.late, '%'], ...d.overdueRate.map((x) => [x.week, x.entries, x.late, x.rate]));
  } else {
    rows.push(['', w.chartColumns.reached, w.chartColumns.satisfied, '%'], ...d.satisfaction.map((x) => [x.month, x.reached, x.satisfied, x.rate]));
  }
  for (const r of rows) sheet.addRow(r);
  sheet.getColumn(1).width = 22;
  return Buffer.from(await book.xlsx.writeBuffer());
}
