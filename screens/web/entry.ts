import type { FollowupRecord } from '../../src/domain/followups.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import type { OrderView } from '../../src/projections/orders.js';
import { categoryLabel, channelLabel, words as textWords } from '../text/labels.js';
import { orderMarkLabels, orderStateLabel } from '../text/orders.js';
import { html, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { fullTime, yuan } from './format.js';
import { webWords } from './words.js';

export interface EntryView {
  frame: PageFrame;
  site: string;
  zone: string;
  entry: RegisterEntry;
  order?: OrderView;
  followups: FollowupRecord[];
  name: (badge: string | null | undefined) => string;
  /** Names for the desk's own people (who recorded a follow-up). */
  deskName: (badge: string) => string;
}

/** An entry with its corrections (who, when, why), its paid-service order and its follow-ups. */
export function entryPage(v: EntryView): Html {
  const { lang } = v.frame;
  const w = webWords(lang);
  const t = textWords(lang);
  const e = v.entry;
  const f = w.entry.fields;
  const day = e.id.slice(0, 4) + '-' + e.id.slice(4, 6) + '-' + e.id.slice(6, 8);
  const row = (label: string | undefined, value: Html | string) => html`<tr><th>${label ?? ''}</th><td>${value}</td></tr>`;
  const o = v.order;
  const marks = orderMarkLabels(lang);
  return layout(
    { ...v.frame, title: w.entry.title(e.id) },
    html`<header class="page-head"><h1>${w.entry.title(e.id)}</h1><a href="/register/${v.site}?day=${day}">${w.entry.backToDay}</a></header>
<table class="fields">
${row(f.receivedAt, fullTime(e.receivedAt, v.zone))}
${row(f.channel, channelLabel(lang, e.channel))}
${row(f.station, e.station ?? '')}
${row(f.address, e.address ?? '')}
${row(f.resident, e.resident ?? (e.piiPurged ? w.register.purged : ''))}
${row(f.phone, e.phone ?? (e.piiPurged ? w.register.purged : ''))}
${row(f.category, categoryLabel(lang, e.category))}
${row(f.content, e.content ?? '')}
${row(f.appointmentAt, fullTime(e.appointmentAt, v.zone))}
${row(f.status, html`${t.status[e.status]}${e.overdue ? html` <span class="tag late">${t.overdue}</span>` : ''}`)}
${row(f.unclear, e.unclear.map((x) => t.field[x] ?? x).join(', '))}
${row(f.firstResponder, `${v.name(e.firstResponder)} (${e.firstResponder})`)}
${row(f.deadline, fullTime(e.deadline, v.zone))}
${row(f.closedAt, fullTime(e.closedAt, v.zone))}
${row(f.result, e.result ?? '')}
</table>
<h2>${w.entry.history}</h2>
${e.history.length === 0
  ? html`<p class="empty">${w.entry.noHistory}</p>`
  : html`<table><thead><tr>${w.entry.historyColumns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${e.history.map(
  (h) => html`<tr><td>${fullTime(h.at, v.zone)}</td><td>${v.name(h.actor)}</td><td>${h.reason}</td><td>${Object.entries(h.changes).map(([k, c]) => html`<div>${f[k] ?? k}: <del>${c?.from ?? ''}</del> → <ins>${c?.to ?? ''}</ins></div>`)}</td></tr>`,
)}
</tbody></table>`}
${o
  ? html`<h2>${w.entry.order} ${o.orderNo}</h2><table class="fields">
${row(w.entry.orderFields.state, orderStateLabel(lang, o.state))}
${row(w.entry.orderFields.assignee, !o.assignee ? '' : 'technician' in o.assignee ? o.assignee.name || v.name(o.assignee.technician) : o.assignee.contractor)}
${row(w.entry.orderFields.total, o.totalFen === null ? '' : yuan(o.totalFen))}
${row(w.entry.orderFields.startedAt, fullTime(o.startedAt, v.zone))}
${row(w.entry.orderFields.completedAt, fullTime(o.completedAt, v.zone))}
${row(w.entry.orderFields.late, o.late ? html`<span class="tag late">${marks.late}</span>` : w.no)}
${row(w.entry.orderFields.cash, o.cashViolation ? html`<span class="tag late">${marks.cash}</span>` : o.cashPayments.length ? o.cashPayments.map((c) => `${yuan(c.amountFen)} ${v.name(c.receivedBy)}`).join('; ') : w.no)}
${row(w.entry.orderFields.escalations, o.escalations.map((x) => `${fullTime(x.at, v.zone)} ${v.name(x.by)} → ${x.toName || v.name(x.to)}: ${x.reason}`).join('; '))}
</table>`
  : ''}
<h2>${w.entry.followups}</h2>
${v.followups.length === 0
  ? html`<p class="empty">${w.entry.noFollowups}</p>`
  : html`<table><tbody>${v.followups.map((r) => html`<tr><td>${r.id}</td><td>${r.rule}</td><td>${fullTime(r.at, v.zone)}</td><td>${w.followups.method[r.method] ?? r.method}</td><td>${w.followups.result[r.result] ?? r.result}</td><td>${v.deskName(r.by)}</td><td>${r.note}</td></tr>`)}</tbody></table>`}`,
  );
}
