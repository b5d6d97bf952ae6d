import type { PricedLine } from './fees.js';
import { parseQuantity } from './quantity.js';

/**
 * W3: the time the work standard (《安装维修及服务工作标准》) allows for a job: each labour line's
 * standard minutes times its quantity (2 x 更换开关插座 at 20 min = 40 min). Materials take no time
 * of their own. Null when the order has no labour line: then there is nothing to be late against.
 * Exact in milliseconds: minutes x thousandths x 60.
 */
export function allowedMs(lines: readonly Pick<PricedLine, 'kind' | 'quantity' | 'standardMinutes'>[]): number | null {
  let ms = 0;
  let labour = false;
  for (const l of lines) {
    if (l.kind !== 'labour' || l.standardMinutes === undefined) continue;
    labour = true;
    ms += l.standardMinutes * parseQuantity(l.quantity)! * 60;
  }
  return labour ? ms : null;
}

/** Where a job's work standard came from: its labour lines, or (none priced) its kind's default. */
export type StandardSource = 'labour' | 'default';

/**
 * W3: the work standard a job is held to, in minutes: its labour lines' (allowedMs), or for a job
 * priced with materials only the configured default of its kind, so that no job is never late.
 */
export function workStandard(lines: Parameters<typeof allowedMs>[0], kindDefaultMinutes: number): { minutes: number; source: StandardSource } {
  const labour = allowedMs(lines);
  return labour === null ? { minutes: kindDefaultMinutes, source: 'default' } : { minutes: labour / 60_000, source: 'labour' };
}

/**
 * W3: a job is late when it finishes (or, still running, has been going) longer than the standard
 * allows, counted from when work started; a job running over local midnight is measured in real
 * elapsed time, not by the clock face.
 */
export function isLate(startedAt: number, finishedOrNow: number, allowed: number | null): boolean {
  return allowed !== null && finishedOrNow - startedAt > allowed;
}
