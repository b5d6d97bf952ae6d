/**
 * A quantity on an order (2.5 metres of pipe, 1.5 hours of cleaning) is a decimal with up to three
 * places, parsed from its text into integer thousandths and never into a float.
 */
export const QUANTITY_SCALE = 1000;

const QUANTITY = /^(\d{1,5})(?:\.(\d{1,3}))?$/;

/** "2.5" -> 2500; undefined for anything that is not a positive decimal with at most 3 places. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const milli = Number(m[1]) * QUANTITY_SCALE + Number((m[2] ?? '').padEnd(3, '0'));
  return milli > 0 ? milli : undefined;
}

/** 2500 -> "2.5", 1000 -> "1", 250 -> "0.25": the shortest exact text. */
export function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / QUANTITY_SCALE);
  const frac = String(milli % QUANTITY_SCALE).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}
