import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { REGISTER_COLUMNS } from '../projections/register-day.js';
import type { RegisterEntry } from '../projections/entries.js';

/** The register's columns as the office's form names them. */
const HEADERS: Record<(typeof REGISTER_COLUMNS)[number], string> = {
  id: '编号',
  receivedAt: '受理时间',
  channel: '渠道',
  station: '站点',
  address: '地址',
  resident: '住户',
  phone: '电话',
  category: '类别',
  content: '内容',
  appointmentAt: '预约时间',
  status: '状态',
  firstResponder: '首问责任人',
  orderNo: '服务单号',
  unclear: '不清项',
  deadline: '期限',
  overdue: '逾期',
};

/**
 * `desk register --xlsx FILE`: the day's register as a workbook for printing or filing, one sheet
 * named after the day, the same columns and values as `--csv` under Chinese headings.
 */
export async function writeRegisterXlsx(file: string, siteName: string, day: string, entries: readonly RegisterEntry[]): Promise<void> {
  // Loaded only when asked for: exceljs costs ~28 MB of memory, which the daemon must not carry.
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.Workbook();
  book.creator = 'control-room';
  book.title = `${siteName} 《业户服务/需求/意见记录表》 ${day}`;
  const sheet = book.addWorksheet(day, { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = REGISTER_COLUMNS.map((key) => ({ header: HEADERS[key], key, width: key === 'content' || key === 'address' ? 30 : 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const e of entries) {
    sheet.addRow(Object.fromEntries(REGISTER_COLUMNS.map((c) => [c, c === 'unclear' ? e.unclear.join(' ') : c === 'overdue' ? e.overdue : (e[c] ?? '')])));
  }
  // Residents' names and phones: readable by this user only (P1), never written through a link.
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(bytes);
  } finally {
    await handle.close();
  }
}

export const XLSX_HEADERS = HEADERS;
