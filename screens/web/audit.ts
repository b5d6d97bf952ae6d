import type { AuditRecord, AuditSubject } from '../../src/desk/web/auth/audit.js';
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
  /** A site's name for its id (the id itself when the desk has no profile for it). */
  siteName: (site: string) => string;
}

type Words = ReturnType<typeof webWords>;

/** What a record is about, in the reader's language, sites by name. */
export function auditSubject(s: AuditSubject, w: Words, siteName: (site: string) => string): string {
  const a = w.audit.subject;
  switch (s.kind) {
    case 'signed-in':
      return a.signedIn;
    case 'signed-out':
      return a.signedOut;
    case 'signin-refused':
      return a.refusal[s.reason] ?? s.reason;
    case 'lockout':
      return a.lockout(s.minutes, s.attempts);
    case 'register':
      return a.register(siteName(s.site), s.day) + (s.as ? (a.registerAs[s.as] ?? '') : '');
    case 'register-search':
      return a.registerSearch(siteName(s.site), s.from, s.to);
    case 'entry':
      return a.entry(siteName(s.site), s.entry);
    case 'followups':
      return a.followups(siteName(s.site), s.day);
    case 'followup':
      return a.followup(siteName(s.site), s.id, s.rule, s.item, w.followups.result[s.result] ?? s.result);
    case 'quality':
      return a.quality(s.site === undefined ? undefined : siteName(s.site), s.from, s.to);
    case 'csrf':
      return a.csrf;
    case 'site-refused':
      return a.siteRefused(siteName(s.site));
  }
}

/** P1: who viewed residents' data, who signed in or failed to, newest first. */
export function auditPage(v: AuditView): Html {
  const w = webWords(v.frame.lang);
  return layout(
    { ...v.frame, title: w.audit.title },
    html`<header class="page-head"><h1>${w.audit.title}</h1>
<form method="get" action="/audit" class="inline"><label>${w.audit.month} <select name="month">${v.months.map((m) => html`<option ${m === v.month ? 'selected' : ''}>${m}</option>`)}</select></label><button type="submit">${w.summaries.show}</button></form></header>
${v.records.length === 0
  ? html`<p class="empty">${w.audit.none}</p>`
  : html`<table class="audit"><thead><tr>${w.audit.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${[...v.records].reverse().map((r) => html`<tr class="${r.action}"><td class="nowrap">${fullTime(r.at, v.zone)}</td><td>${r.badge}</td><td>${v.name(r.badge)}</td><td>${w.audit.actions[r.action] ?? r.action}</td><td>${r.subject ? auditSubject(r.subject, w, v.siteName) : r.what}</td></tr>`)}
</tbody></table>`}`,
  );
}
