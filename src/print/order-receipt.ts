import stringWidth from 'string-width';
import { ORDER_COPIES } from './copies.js';
import type { OrderForm } from './order-form.js';

/** Columns of a 80 mm receipt printer in half-width characters (58 mm printers have 32). */
export const RECEIPT_WIDTH = 48;

/**
 * W8 on a receipt printer: the four copies one after another, each headed with 第N联 and where it
 * goes, separated by a cut line. Plain UTF-8 text measured in display columns (a Chinese character
 * takes two), so nothing runs past the paper's edge.
 */
export function renderOrderReceipt(form: OrderForm, width = RECEIPT_WIDTH): string {
  if (!Number.isInteger(width) || width < 24) throw new Error(`a receipt needs at least 24 columns, not ${width}`);
  const copies = ORDER_COPIES.map((copy) => {
    const out: string[] = [];
    out.push(center(form.title, width), center(`${copy.name} · ${copy.goesTo}`, width), `单号 ${form.orderNo}`, '='.repeat(width));
    for (const [label, value] of form.fields) out.push(...labelled(label, value, width));
    out.push('-'.repeat(width));
    for (const l of form.lines) {
      out.push(...wrap(`${l.name} (${l.kind})`, width));
      out.push(spread(`  ${l.quantity}${l.unit} x ${l.unitPrice}`, l.amount, width));
    }
    if (form.lines.length === 0) out.push('收费项目: (未计价)');
    out.push('-'.repeat(width));
    out.push(spread('合计(元)', form.total, width));
    if (form.totalInCapitals) out.push(...labelled('大写', form.totalInCapitals, width));
    for (const [label, value] of form.after) out.push(...labelled(label, value, width));
    out.push('', `业户签字: ${copy.blankSignature ? '' : form.signature.resident}`, '', `维修人员: ${form.signature.technician}`, `日期: ${form.signature.signedAt}`);
    out.push(...wrap(form.paymentNote, width));
    return out.join('\n');
  });
  // A cut line between the copies.
  return copies.join(`\n${'- '.repeat(Math.floor(width / 2)).trimEnd()}\n\n`) + '\n';
}

/** "label: value", the value wrapped under itself when it is longer than the line. */
function labelled(label: string, value: string, width: number): string[] {
  const head = `${label}: `;
  // Continuation lines are indented, less on narrow paper.
  const indent = Math.min(stringWidth(head), Math.floor(width / 6));
  const lines = wrap(value, width - indent, width - stringWidth(head));
  return lines.map((l, i) => (i === 0 ? head : ' '.repeat(indent)) + l);
}

/**
 * Breaks text into lines of at most `width` columns (the first line `first`), between characters:
 * Chinese has no spaces to break at, and a wide character is never split across the edge.
 */
export function wrap(text: string, width: number, first = width): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  let room = first;
  for (const ch of text.replace(/\s+/g, ' ')) {
    const w = stringWidth(ch);
    if (used + w > room && line) {
      // A number or a latin word is not split when a space before it on the line allows a break.
      const space = /[!-~]$/.test(line) && /[!-~]/.test(ch) ? line.lastIndexOf(' ') : -1;
      const carried = space > 0 ? line.slice(space + 1) : '';
      lines.push((space > 0 ? line.slice(0, space) : line).trimEnd());
      line = ch === ' ' ? carried : carried + ch;
      used = stringWidth(line);
      room = width;
    } else {
      line += ch;
      used += w;
    }
  }
  lines.push(line.trimEnd());
  return lines;
}

function cut(text: string, width: number): string {
  return wrap(text, width)[0]!;
}

function center(text: string, width: number): string {
  const w = stringWidth(text);
  return w >= width ? cut(text, width) : ' '.repeat(Math.floor((width - w) / 2)) + text;
}

/** Left text and right text on one line, the right one flush with the edge. */
function spread(left: string, right: string, width: number): string {
  const room = width - stringWidth(right) - 1;
  const l = cut(left, room);
  return l + ' '.repeat(width - stringWidth(l) - stringWidth(right)) + right;
}
