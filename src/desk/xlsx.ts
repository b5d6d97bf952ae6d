import { DateTime } from 'luxon';
import type { RegisterEntry } from '../projections/entries.js';
import { categoryLabel, channelLabel, words as textWords, type Lang } from '../../screens/text/labels.js';
import { webWords } from '../../screens/web/words.js';
import { writePrivateFile } from './web/private-file.js';

/** A worksheet's column: its heading, width, and the cell of an entry (a Date is an Excel date cell). */
interface Column {
  header: string;
  width: number;
  cell: (e: RegisterEntry) => string | Date | null;
  date?: boolean;
}

/**
 * An instant as Excel keeps a date: the site's wall-clock time with no zone (exceljs writes a Date's
 * UTC fields), so 20:19 at the site reads 20:19 in Excel wherever the file is opened.
 */
export function excelDate(iso: string | null, zone: string): Date | null {
  if (!iso) return null;
  const dt = DateTime.fromISO(iso, { zone });
  return dt.isValid ? new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second)) : null;
}

function columns(lang: Lang, zone: string, name: (badge: string | null) => string): Column[] {
  const t = textWords(lang);
  const h = webWords(lang).register.columns;
  const d = (iso: string | null) => excelDate(iso, zone);
  return [
    { header: h[0]!, width: 14, cell: (e) => e.id },
    { header: h[1]!, width: 17, cell: (e) => d(e.receivedAt), date: true },
    { header: h[2]!, width: 9, cell: (e) => channelLabel(lang, e.channel) },
    { header: h[3]!, width: 26, cell: (e) => e.address },
    { header: h[4]!, width: 10, cell: (e) => e.resident },
    { header: h[5]!, width: 14, cell: (e) => e.phone },
    { header: h[6]!, width: 8, cell: (e) => categoryLabel(lang, e.category) },
    { header: h[7]!, width: 36, cell: (e) => e.content },
    { header: h[8]!, width: 17, cell: (e) => d(e.appointmentAt), date: true },
    { header: h[9]!, width: 10, cell: (e) => [t.status[e.status], e.overdue ? t.overdue : '', e.unclear.length ? t.unclear : ''].filter(Boolean).join(' ') },
    { header: h[10]!, width: 10, cell: (e) => name(e.firstResponder) },
    { header: h[11]!, width: 24, cell: (e) => e.result },
    { header: h[12]!, width: 17, cell: (e) => d(e.closedAt), date: true },
    { header: h[13]!, width: 20, cell: (e) => e.orderNo },
  ];
}

/**
 * The day's register as a workbook, as the office files it: the form's Chinese title on top, the
 * register's Chinese words for channel, category and status, names for badges, the result and
 * closing time, and real Excel dates (format yyyy-mm-dd hh:mm), printed A4 landscape.
 */
export async function registerWorkbook(o: { siteName: string; title: string; zone: string; entries: readonly RegisterEntry[]; lang: Lang; name: (badge: string | null) => string }): Promise<Buffer> {
  // Loaded only when asked for: exceljs costs ~28 MB of memory, which the daemon must not carry.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'control-room';
  book.title = o.title;
  const sheet = book.addWorksheet(o.title.slice(-10).replace(/[\\/?*[\]:]/g, '-'), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '2:2' },
  });
  const cols = columns(o.lang, o.zone, o.name);
  sheet.columns = cols.map((c) => ({ width: c.width }));
  sheet.mergeCells(1, 1, 1, cols.length);
  sheet.getCell(1, 1).value = o.title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  const head = sheet.getRow(2);
  cols.forEach((c, i) => (head.getCell(i + 1).value = c.header));
  head.font = { bold: true };
  for (const e of o.entries) {
    const row = sheet.addRow(cols.map((c) => c.cell(e) ?? ''));
    cols.forEach((c, i) => {
      if (c.date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm';
    });
    row.alignment = { vertical: 'top', wrapText: true };
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** `desk register --xlsx FILE`: the workbook written 0600 (residents' names and phones, P1), never through a link. */
export async function writeRegisterXlsx(file: string, o: Parameters<typeof registerWorkbook>[0]): Promise<void> {
  await writePrivateFile(file, await registerWorkbook(o));
}
