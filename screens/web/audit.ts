import type { AuditRecord } from '../../src/desk/web/auth/audit.js';
import { html, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { fullTime } from './format.js';
import { webWords } from './words.js';

export interface AuditView {
  frame: PageFrame;
  zone: string;
  month: string;
  months: string[];
  records: AuditRecord[];
  name: (badge: string) => string;
}

/** P1: who viewed residents' data, who signed in or failed to, newest first. */
export function auditPage(v: AuditView): Html {
  const w = webWords(v.frame.lang);
  return layout(
    { ...v.frame, title: w.audit.title },
    html`<header class="page-head"><h1>${w.audit.title}</h1>
<form method="get" action="/audit" class="inline"><label>${w.audit.month} <select name="month">${v.months.map((m) => html`<option ${m === v.month ? 'selected' : ''}>${m}</option>`)}</select></label><button type="submit">OK</button></form></header>
${v.records.length === 0
  ? html`<p class="empty">${w.audit.none}</p>`
  : html`<table class="audit"><thead><tr>${w.audit.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${[...v.records].reverse().map((r) => html`<tr class="${r.action}"><td class="nowrap">${fullTime(r.at, v.zone)}</td><td>${r.badge}</td><td>${v.name(r.badge)}</td><td>${w.audit.actions[r.action] ?? r.action}</td><td>${r.what}</td></tr>`)}
</tbody></table>`}`,
  );
}
