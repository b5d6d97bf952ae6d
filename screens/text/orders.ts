import { formatFen } from '../../src/domain/money.js';
import type { OrderState } from '../../src/domain/order.js';
import type { OrderView } from '../../src/projections/orders.js';
import type { Lang } from './labels.js';
import { renderTable } from './table.js';

const WORDS = {
  zh: {
    title: (site: string, what: string) => `${site} 《有偿服务单》 ${what}`,
    open: '未结及今日',
    none: '无有偿服务单',
    columns: ['单号', '登记', '地址', '内容', '预约', '派给', '金额', '状态', '开工', '完工', '标记'],
    state: { created: '已开单', dispatched: '已派工', priced: '已计价', agreed: '业户已同意', started: '施工中', completed: '已完工', signed: '已签字', cancelled: '已取消' },
    kind: { repair: '', cleaning: '保洁 ' },
    marks: { late: '超时', escalated: '已升级', cash: '现金违规', major: '重大' },
  },
  en: {
    title: (site: string, what: string) => `${site} paid-service orders ${what}`,
    open: 'open and today',
    none: 'no orders',
    columns: ['order', 'entry', 'address', 'content', 'appointment', 'assigned', 'total', 'state', 'started', 'completed', 'flags'],
    state: { created: 'created', dispatched: 'dispatched', priced: 'priced', agreed: 'agreed', started: 'started', completed: 'completed', signed: 'signed', cancelled: 'cancelled' },
    kind: { repair: '', cleaning: 'cleaning ' },
    marks: { late: 'LATE', escalated: 'ESCALATED', cash: 'CASH (W6)', major: 'MAJOR' },
  },
} satisfies Record<Lang, { state: Record<OrderState, string> } & Record<string, unknown>>;

const short = (iso: string | null) => (iso ? iso.slice(5, 16).replace('T', ' ') : '');

/** Orders as a terminal table: state and times, late, escalated, cash and major ones marked. */
export function renderOrders(site: string, what: string | undefined, orders: OrderView[], lang: Lang): string {
  const w = WORDS[lang];
  const title = w.title(site, what ?? w.open);
  if (orders.length === 0) return `${title}\n${w.none}`;
  const rows = orders.map((o) => [
    o.orderNo,
    o.entryId,
    o.address,
    w.kind[o.kind] + o.content,
    short(o.appointmentAt),
    !o.assignee ? '' : 'technician' in o.assignee ? o.assignee.name || o.assignee.technician : o.assignee.contractor,
    o.totalFen === null ? '' : formatFen(o.totalFen),
    w.state[o.state],
    short(o.startedAt),
    short(o.completedAt),
    [o.major ? w.marks.major : '', o.late ? w.marks.late : '', o.escalated ? w.marks.escalated : '', o.cashViolation ? w.marks.cash : ''].filter(Boolean).join(' '),
  ]);
  return `${title}\n${renderTable(w.columns, rows, [20, 12, 22, 24, 11, 10, 10, 10, 11, 11, 30])}`;
}

/** An order's state in words (the desk's pages say it as the console does). */
export function orderStateLabel(lang: Lang, state: OrderState): string {
  return WORDS[lang].state[state];
}

/** The marks of an order in words: late, escalated, cash (W6), major. */
export function orderMarkLabels(lang: Lang) {
  return WORDS[lang].marks;
}
