import { yuanToFen } from '../config/csv-lists.js';
import { InternalError } from './refusal.js';

/**
 * Money is held in integer fen (0.01 yuan) from the fee schedule to the printed total; it is never
 * a floating-point number, so 0.10 + 0.20 yuan is exactly 30 fen.
 */

/** 12345 -> "123.45". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new InternalError(`${fen} is not a whole number of fen`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.5" or "12.50" yuan -> 1250 fen, exactly; undefined when it is not an amount. */
export function parseYuan(text: string): number | undefined {
  return yuanToFen(text.trim());
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/**
 * The amount in Chinese capital numerals, as written on a form's 合计(大写) line so that it cannot
 * be altered: 20000 -> 贰佰元整, 100507 -> 壹仟零伍元零柒分, 30 -> 叁角整. "整" closes an amount
 * that has no fen; a run of zeros inside the number is written as one 零.
 */
export function fenInCapitals(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new InternalError(`${fen} is not an amount of fen`);
  const yuan = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  if (fen === 0) return '零元整';
  let out = '';
  if (yuan > 0) {
    const s = String(yuan);
    let zeros = 0;
    for (let i = 0; i < s.length; i++) {
      const d = Number(s[i]);
      const pos = s.length - 1 - i;
      if (d === 0) zeros += 1;
      else {
        if (zeros > 0) out += '零';
        zeros = 0;
        out += DIGITS[d]! + PLACES[pos % 4]!;
      }
      // A group (万, 亿) is named unless all four of its digits are zero.
      if (pos % 4 === 0 && pos > 0 && !/^0{4}$/.test(s.slice(Math.max(0, i - 3), i + 1).padStart(4, '0'))) {
        out += GROUPS[pos / 4]!;
      }
    }
    out += '元';
  }
  if (jiao > 0) out += `${DIGITS[jiao]!}角`;
  else if (yuan > 0 && cents > 0) out += '零';
  if (cents > 0) out += `${DIGITS[cents]!}分`;
  else out += '整';
  return out;
}
