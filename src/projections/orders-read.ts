import type { SiteConfig } from '../config/types.js';
import { dayOfOrderNo } from '../domain/order.js';
import { readSince } from '../register/reader.js';
import { localDay } from '../time/zone.js';
import { OrderBoard, type OrderView } from './orders.js';
import { projectionWindow } from './window.js';

/**
 * Orders read straight from the journal files, for commands that run beside the daemon.
 * With a day: the orders numbered that day, as they stand now. Without: every order still open
 * (the journal is read back as far as the oldest one, which each day.closed notes) and today's.
 */
export async function ordersListing(config: SiteConfig, day: string | undefined, now: number): Promise<OrderView[]> {
  const board = new OrderBoard(config.site.timezone, config.workStandardMinutes);
  if (day) return board.applyAll(await readSince(config.dataDir, day)).ofDay(day, now);
  const today = localDay(now, config.site.timezone);
  board.applyAll(await readSince(config.dataDir, (await projectionWindow(config.dataDir, today)).from));
  const open = board.open(now);
  const rest = board.ofDay(today, now).filter((o) => !open.some((x) => x.orderNo === o.orderNo));
  return [...open, ...rest].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.orderNo.localeCompare(b.orderNo));
}

/** One order by its number, read from its own day on; undefined when there is none. */
export async function findOrder(config: SiteConfig, orderNo: string, now: number): Promise<OrderView | undefined> {
  const day = dayOfOrderNo(orderNo);
  if (!day) return undefined;
  const events = (await readSince(config.dataDir, day)).filter((e) => (e.data as { orderNo?: unknown }).orderNo === orderNo);
  return new OrderBoard(config.site.timezone, config.workStandardMinutes).applyAll(events).get(orderNo, now);
}
