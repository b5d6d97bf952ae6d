import { ESCALATION_LADDER } from '../domain/escalation.js';
import { fenInCapitals, formatFen } from '../domain/money.js';
import type { OrderView } from '../projections/orders.js';

/**
 * What the printed 《有偿服务单》 says, in the office's own words, laid out by the PDF and the
 * receipt printer alike: the W1 fields, who went and when, the priced lines with the total in
 * figures and capitals (W5), materials drawn (W2), times against the work standard (W3),
 * escalations (W4), the payment method (W6) and the signature (W7). Blank where not yet known,
 * so a copy printed before the work is filled in by hand.
 */
export interface OrderForm {
  title: string;
  orderNo: string;
  fields: [label: string, value: string][];
  lines: { name: string; kind: string; quantity: string; unit: string; unitPrice: string; amount: string }[];
  total: string;
  totalInCapitals: string;
  /** Further facts below the lines (materials, times, escalations, payment), each a label and a value. */
  after: [label: string, value: string][];
  /** W6, at the foot of every copy: how this order is paid, and that a technician takes no cash. */
  paymentNote: string;
  signature: { resident: string; technician: string; signedAt: string };
}

/** "2026-11-30T09:05:00.000+08:00" -> "2026-11-30 09:05": the site's own time, as the form shows it. */
export function formTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}

export function orderForm(siteName: string, o: OrderView, nameOf: (badge: string) => string = (badge) => badge): OrderForm {
  const assignee = !o.assignee ? '' : 'technician' in o.assignee ? `${o.assignee.name} (${o.assignee.technician})` : o.assignee.contractor;
  const fields: [string, string][] = [
    ['登记编号', o.entryId],
    ['类别', `${o.kind === 'cleaning' ? '有偿保洁' : '维修'}${o.major ? ' (重大维修)' : ''}`],
    ['地址', o.address],
    ['业户', o.resident ?? (o.piiPurged ? '(已按期删除)' : '')],
    ['电话', o.phone ?? (o.piiPurged ? '(已按期删除)' : '')],
    ['服务内容', o.content],
    ['预约时间', formTime(o.appointmentAt)],
    [o.kind === 'cleaning' && o.assignee && 'contractor' in o.assignee ? '保洁承包方' : '维修人员', assignee],
    ['派工时间', formTime(o.notifiedAt)],
  ];
  const after: [string, string][] = [];
  if (o.materials.length > 0) after.push(['领用材料', o.materials.map((m) => `${m.name} ${m.quantity}${m.unit}`).join(', ')]);
  after.push(['业户确认金额', o.agreedAt ? `${formatFen(o.agreedTotalFen!)} 元 (${formTime(o.agreedAt)})` : '']);
  after.push(['开工时间', formTime(o.startedAt)]);
  after.push(['完工时间', formTime(o.completedAt)]);
  after.push(['工作标准', o.standardMinutes === null ? '' : `${o.standardMinutes} 分钟${o.standardSource === 'default' ? ' (无人工项, 按类别默认标准)' : ''}${o.late ? ' (超时)' : ''}`]);
  for (const e of o.escalations) {
    const rung = ESCALATION_LADDER.find((s) => s.level === e.level)?.zh ?? String(e.level);
    after.push([`升级至${rung}`, `${e.toName} (${e.to}) ${formTime(e.at)} ${e.reason}${e.residentTold ? ' (已告知业户)' : ''}`]);
  }
  after.push(['付款方式', o.paymentMethod === 'cash' ? '现金' : '银行托收']);
  for (const c of o.cashPayments) {
    after.push(['收取现金', `${formatFen(c.amountFen)} 元 收款人 ${nameOf(c.receivedBy)}${c.receipt ? ` 收据 ${c.receipt}` : ''}${c.violation ? ' (违规 W6)' : ''}`]);
  }
  if (o.cancelledAt) after.push(['已取消', `${formTime(o.cancelledAt)} ${o.cancelReason ?? ''}`]);
  // W6: bank collection in principle; cash, when agreed, is paid at the desk against a receipt.
  const paymentNote = o.paymentMethod === 'cash' ? '付款方式: 现金, 请到客服中心交款并索取收据, 请勿向维修人员支付现金' : '付款方式: 银行托收, 请勿向维修人员支付现金';
  return {
    title: `${siteName} 有偿服务单`,
    orderNo: o.orderNo,
    paymentNote,
    fields,
    lines: o.lines.map((l) => ({
      name: l.name,
      kind: l.kind === 'labour' ? '人工' : '材料',
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: formatFen(l.unitPriceFen),
      amount: formatFen(l.amountFen),
    })),
    total: o.totalFen === null ? '' : formatFen(o.totalFen),
    totalInCapitals: o.totalFen === null ? '' : fenInCapitals(o.totalFen),
    after,
    signature: { resident: o.signedAt ? '(已签字)' : '', technician: signer(o), signedAt: formTime(o.signedAt) },
  };
}

/** W7: who vouched for the signature, by name and badge when the order went to them. */
function signer(o: OrderView): string {
  if (!o.signedBy) return '';
  return o.assignee && 'technician' in o.assignee && o.assignee.technician === o.signedBy ? `${o.assignee.name} (${o.signedBy})` : o.signedBy;
}
