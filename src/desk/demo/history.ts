import { DateTime } from 'luxon';
import type { Category, SiteConfig } from '../../config/types.js';
import { Engine } from '../../engine/engine.js';
import { FakeClock } from '../../time/clock.js';

/** A small generator with a seed, so the demo's fortnight is the same every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CONTENT: Record<Category, string[]> = {
  repair: ['卫生间下水道堵塞', '厨房水龙头漏水', '客厅灯不亮', '入户门锁坏了', '阳台地漏返味', '热水器不出热水'],
  request: ['更换门锁芯', '安装晾衣架', '清洗油烟机'],
  complaint: ['楼上夜间噪音', '电梯异响', '楼道堆放杂物', '维修师傅迟到'],
  consultation: ['停车证怎么办理', '物业费怎么缴', '装修需要什么手续'],
  feedback: ['小区绿化很好', '建议增加快递柜'],
  other: ['捡到钥匙一串'],
};
const WEIGHTS: [Category, number][] = [['repair', 5], ['request', 2], ['complaint', 2], ['consultation', 2], ['feedback', 1], ['other', 1]];

/**
 * A fortnight of the example estate's control room up to `now`: entries of every kind through the
 * day, repairs made paid-service orders (some finished late, one paid in cash to the technician),
 * most entries closed, a complaint or two left open past its three days, each day closed at
 * midnight. What a newcomer needs to see every page of the desk with something on it.
 */
export async function demoFortnight(config: SiteConfig, now: number, days = 14): Promise<void> {
  const zone = config.site.timezone;
  const rnd = random(20261130);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const category = (): Category => {
    let r = rnd() * WEIGHTS.reduce((n, [, w]) => n + w, 0);
    for (const [c, w] of WEIGHTS) if ((r -= w) < 0) return c;
    return 'other';
  };
  const start = DateTime.fromMillis(now, { zone }).startOf('day').minus({ days });
  const clock = new FakeClock(start.plus({ hours: 7 }).toMillis());
  const engine = await Engine.start(config, { clock });
  const operators = config.roster.filter((p) => p.role === 'operator' && p.active).map((p) => p.badge);
  const tech = config.roster.find((p) => p.role === 'technician' && p.active)?.badge;
  const units = config.units.filter((u) => u.station.startsWith('B'));
  const labour = config.fees.find((f) => f.kind === 'labour');
  let cashDone = false;
  try {
    for (let d = 0; d <= days; d++) {
      const day = start.plus({ days: d });
      for (let hour = 8; hour < 21; hour += 1 + Math.floor(rnd() * 2)) {
        const at = day.plus({ hours: hour, minutes: Math.floor(rnd() * 50) }).toMillis();
        if (at > now - 5 * 60_000) break;
        clock.set(at);
        await engine.closeFinishedDays();
        const c = category();
        const u = pick(units);
        const personal = c === 'repair' || c === 'request' || c === 'complaint';
        const entry = await engine.recordEntry(
          {
            channel: personal ? pick(['intercom', 'phone'] as const) : 'walk-in',
            category: c,
            ...(personal ? { station: u.station, address: u.address, resident: u.resident, phone: u.phone } : {}),
            content: pick(CONTENT[c]),
            ...(c === 'repair' || c === 'request' ? { appointmentAt: DateTime.fromMillis(at, { zone }).plus({ hours: 2 }).toFormat('yyyy-MM-dd HH:mm') } : {}),
          },
          pick(operators),
        );
        const later = at + 90 * 60_000;
        if (later > now) continue;
        if (c === 'repair' && tech && labour && entry.phone && entry.unclear.length === 0 && rnd() < 0.6) {
          const o = await engine.orders.create(entry.id, {}, entry.firstResponder);
          await engine.orders.dispatch(o.orderNo, { technician: tech }, entry.firstResponder);
          await engine.orders.price(o.orderNo, [{ code: labour.code, quantity: '1' }], entry.firstResponder);
          await engine.orders.agree(o.orderNo, labour.priceFen, entry.firstResponder);
          clock.set(at + 10 * 60_000);
          await engine.orders.start(o.orderNo, tech);
          // One job in four runs past its work standard (W3).
          clock.set(at + 10 * 60_000 + ((labour.standardMinutes ?? 30) + (rnd() < 0.25 ? 40 : -10)) * 60_000);
          await engine.orders.complete(o.orderNo, tech);
          if (!cashDone && d > days / 2) {
            await engine.orders.recordCash(o.orderNo, { amountFen: labour.priceFen }, entry.firstResponder);
            cashDone = true;
          }
        }
        // Most requests are closed the same day; some complaints stay open past their 3 days (F1, R5).
        if (c !== 'complaint' || rnd() < 0.5) {
          clock.set(later);
          if (rnd() < 0.85) await engine.closeEntry(entry.id, c === 'consultation' ? '已答复' : '已处理，住户确认', entry.firstResponder);
        }
      }
    }
    clock.set(now);
    await engine.closeFinishedDays();
  } finally {
    await engine.stop();
  }
}
