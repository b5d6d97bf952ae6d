import PDFDocument from 'pdfkit';
import { cjkFonts } from './cjk-font.js';
import { ORDER_COPIES, type OrderCopy } from './copies.js';
import type { OrderForm } from './order-form.js';
import type { Paper } from './paper.js';
import { systemClock } from '../time/clock.js';

export type { Paper } from './paper.js';

/** Page widths in points; everything else scales from A5 (420 pt) so the form looks the same on either. */
const WIDTH: Record<Paper, number> = { A5: 419.53, A4: 595.28 };

/**
 * W8: the order as its four copies, one page each (more if its lines run over), each headed with
 * 第N联 and where it goes, on A4 or A5, the Chinese set in the embedded Noto Sans SC. Resolves with
 * the PDF's bytes.
 */
export function renderOrderPdf(form: OrderForm, paper: Paper = 'A4', printedAt = new Date(systemClock.now())): Promise<Buffer> {
  const fonts = cjkFonts();
  const doc = new PDFDocument({
    size: paper,
    autoFirstPage: false,
    margin: 0,
    info: { Title: `${form.title} ${form.orderNo}`, Subject: '有偿服务单', Creator: 'control-room', CreationDate: printedAt },
  });
  doc.registerFont('cjk', fonts.regular);
  doc.registerFont('cjk-bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const copy of ORDER_COPIES) new CopyPage(doc, paper, form, copy).draw();
  doc.end();
  return done;
}

/** Lays out one copy top to bottom, starting a continuation page when the form runs over. */
class CopyPage {
  private readonly s: number;
  private readonly left: number;
  private readonly right: number;
  private readonly bottom: number;
  private y = 0;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    paper: Paper,
    private readonly form: OrderForm,
    private readonly copy: OrderCopy,
  ) {
    this.s = WIDTH[paper] / WIDTH.A5;
    this.left = 28 * this.s;
    this.right = WIDTH[paper] - 28 * this.s;
    this.bottom = (paper === 'A5' ? 595.28 : 841.89) - 36 * this.s;
  }

  draw(): void {
    this.page(false);
    this.labelRows(this.form.fields);
    this.linesTable();
    this.labelRows(this.form.after);
    this.signature();
  }

  private page(continued: boolean): void {
    const { doc, s } = this;
    doc.addPage();
    this.y = 24 * s;
    doc.font('cjk-bold').fontSize(14 * s).text(this.form.title + (continued ? ' (续)' : ''), this.left, this.y, { width: this.right - this.left, align: 'center' });
    this.y += 22 * s;
    // W8: which copy this is and where it goes, boxed at the top right, where a sorter looks.
    const label = `${this.copy.name} · ${this.copy.goesTo}`;
    doc.font('cjk-bold').fontSize(10 * s);
    const w = doc.widthOfString(label) + 12 * s;
    doc.rect(this.right - w, this.y - 2 * s, w, 16 * s).lineWidth(1 * s).stroke();
    doc.text(label, this.right - w + 6 * s, this.y + 1 * s, { lineBreak: false });
    doc.font('cjk').fontSize(9 * s).text(`单号 No. ${this.form.orderNo}`, this.left, this.y + 2 * s, { lineBreak: false });
    this.y += 22 * s;
    this.footer();
  }

  private footer(): void {
    const { doc, s } = this;
    const text = `${this.copy.name} ${this.copy.goesTo}    ${this.form.paymentNote}`;
    doc.font('cjk').fontSize(7 * s).text(text, this.left, this.bottom + 12 * s, { width: this.right - this.left, align: 'center', lineBreak: false });
  }

  private room(h: number): void {
    if (this.y + h > this.bottom) this.page(true);
  }

  private labelRows(rows: [string, string][]): void {
    const { doc, s } = this;
    const labelW = 72 * s;
    const valueW = this.right - this.left - labelW - 8 * s;
    doc.font('cjk').fontSize(8.5 * s);
    for (const [label, value] of rows) {
      const h = Math.max(doc.heightOfString(value || ' ', { width: valueW }), doc.heightOfString(label, { width: labelW - 8 * s })) + 7 * s;
      this.room(h);
      doc.lineWidth(0.6 * s).rect(this.left, this.y, this.right - this.left, h).stroke();
      doc.moveTo(this.left + labelW, this.y).lineTo(this.left + labelW, this.y + h).stroke();
      doc.font('cjk-bold').text(label, this.left + 4 * s, this.y + 3.5 * s, { width: labelW - 8 * s });
      doc.font('cjk').text(value, this.left + labelW + 4 * s, this.y + 3.5 * s, { width: valueW });
      this.y += h;
    }
    this.y += 6 * s;
  }

  private linesTable(): void {
    const { doc, s } = this;
    const width = this.right - this.left;
    // 项目 | 类别 | 数量 | 单位 | 单价 | 金额, as fractions of the width.
    const cols = [0.36, 0.1, 0.12, 0.1, 0.16, 0.16].map((f) => f * width);
    const header = ['收费项目', '类别', '数量', '单位', '单价(元)', '金额(元)'];
    const rows = this.form.lines.map((l) => [l.name, l.kind, l.quantity, l.unit, l.unitPrice, l.amount]);
    // Blank rows to fill in by hand when the order is printed before it is priced.
    while (rows.length < 3) rows.push(['', '', '', '', '', '']);
    const rowH = 15 * s;
    doc.fontSize(8.5 * s);
    const drawRow = (cells: string[], bold: boolean) => {
      this.room(rowH);
      let x = this.left;
      doc.font(bold ? 'cjk-bold' : 'cjk');
      for (const [i, cell] of cells.entries()) {
        doc.lineWidth(0.6 * s).rect(x, this.y, cols[i]!, rowH).stroke();
        doc.text(cell, x + 3 * s, this.y + 3.5 * s, { width: cols[i]! - 6 * s, align: i >= 2 && i !== 3 ? 'right' : 'left', lineBreak: false, ellipsis: true });
        x += cols[i]!;
      }
      this.y += rowH;
    };
    drawRow(header, true);
    for (const r of rows) drawRow(r, false);
    this.room(rowH);
    doc.rect(this.left, this.y, width, rowH).stroke();
    doc.font('cjk-bold').text(`合计(大写): ${this.form.totalInCapitals}`, this.left + 3 * s, this.y + 3.5 * s, { lineBreak: false });
    doc.text(`合计: ¥ ${this.form.total}`, this.left, this.y + 3.5 * s, { width: width - 3 * s, align: 'right', lineBreak: false });
    this.y += rowH + 6 * s;
  }

  private signature(): void {
    const { doc, s } = this;
    const h = 30 * s;
    this.room(h);
    const sig = this.form.signature;
    doc.font('cjk').fontSize(9 * s);
    doc.text(`业户签字: ${this.copy.blankSignature ? '' : sig.resident}`, this.left, this.y + 8 * s, { lineBreak: false });
    const width = this.right - this.left;
    doc.text(`维修人员: ${sig.technician}`, this.left + width * 0.4, this.y + 8 * s, { lineBreak: false });
    doc.text(`日期: ${sig.signedAt}`, this.left + width * 0.4, this.y + 20 * s, { lineBreak: false });
    doc.lineWidth(0.6 * s).moveTo(this.left + 44 * s, this.y + 20 * s).lineTo(this.left + 150 * s, this.y + 20 * s).stroke();
    this.y += h;
  }
}
