import type { FeeItem } from '../config/types.js';
import { formatQuantity, parseQuantity, QUANTITY_SCALE } from './quantity.js';
import { refusal, refuseAll, type Refusal } from './refusal.js';

/** What is asked for: an item of the fee schedule and how much of it. */
export interface LineRequest {
  code: string;
  /** A decimal as text ("2.5"): quantities are never floats. */
  quantity: string;
}

/** A priced line as recorded on the order: the schedule's name and price at the time, kept with it. */
export interface PricedLine {
  code: string;
  name: string;
  kind: FeeItem['kind'];
  unit: string;
  /** The exact quantity as the shortest decimal text ("2.5"). */
  quantity: string;
  unitPriceFen: number;
  amountFen: number;
  /** Labour only: the work standard per unit (W3). */
  standardMinutes?: number;
}

export interface Pricing {
  lines: PricedLine[];
  totalFen: number;
}

/**
 * A line's amount: unit price x quantity, rounded to a whole fen HALF UP (0.5 fen and more rounds
 * up, less rounds down), computed exactly in integers: 0.10 yuan x 2.5 = 0.25 yuan; 0.15 yuan x
 * 0.5 = 7.5 fen -> 8 fen; 0.15 yuan x 0.3 = 4.5 fen -> 5 fen; 0.01 yuan x 0.4 = 0.4 fen -> 0 fen.
 * Each line is rounded on its own and the total is the sum of the rounded lines, so the printed
 * lines always add up to the printed total.
 */
export function lineAmountFen(unitPriceFen: number, quantityMilli: number): number {
  // In thousandths of a fen; BigInt because price x quantity can pass 2^53.
  const exact = BigInt(unitPriceFen) * BigInt(quantityMilli);
  return Number((exact + BigInt(QUANTITY_SCALE / 2)) / BigInt(QUANTITY_SCALE));
}

/** W5: prices the requested lines from the fee schedule; every problem is named at once. */
export function priceLines(requests: readonly LineRequest[], schedule: readonly FeeItem[]): Pricing {
  const problems: Refusal[] = [];
  if (requests.length === 0) problems.push(refusal('no-materials', 'no lines: an order is priced with at least one item of the fee schedule'));
  const seen = new Set<string>();
  const lines: PricedLine[] = [];
  for (const [i, r] of requests.entries()) {
    const at = `line ${i + 1}`;
    const code = r.code.trim();
    const item = schedule.find((f) => f.code === code);
    const milli = parseQuantity(String(r.quantity));
    if (!item) problems.push(refusal('fee-unknown', `${at}: "${code}" is not in the fee schedule (fees.csv); use one of its codes, e.g. ${schedule.slice(0, 3).map((f) => f.code).join(', ')}`, { line: i + 1, code }));
    if (milli === undefined) problems.push(refusal('bad-quantity', `${at}: quantity "${r.quantity}" is not a positive number with at most 3 decimals (e.g. 1, 2.5, 0.75)`, { line: i + 1, quantity: String(r.quantity) }));
    if (seen.has(code)) {
      const first = requests.findIndex((x) => x.code.trim() === code) + 1;
      problems.push(refusal('fee-duplicate', `${at}: ${code} is already on line ${first}; give one line with the whole quantity`, { line: i + 1, code, first }));
    }
    seen.add(code);
    if (!item || milli === undefined) continue;
    lines.push({
      code: item.code,
      name: item.name,
      kind: item.kind,
      unit: item.unit,
      quantity: formatQuantity(milli),
      unitPriceFen: item.priceFen,
      amountFen: lineAmountFen(item.priceFen, milli),
      ...(item.standardMinutes !== undefined ? { standardMinutes: item.standardMinutes } : {}),
    });
  }
  refuseAll('the order cannot be priced', problems);
  return { lines, totalFen: totalOf(lines) };
}

export function totalOf(lines: readonly Pick<PricedLine, 'amountFen'>[]): number {
  return lines.reduce((sum, l) => sum + l.amountFen, 0);
}
