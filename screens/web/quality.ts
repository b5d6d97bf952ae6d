import type { Finding, QualityKind, QualityReport } from '../../src/desk/quality.js';
import { QUALITY_KINDS } from '../../src/desk/quality.js';
import { refusalText } from '../text/shift-log.js';
import { html, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { fullTime, shortTime, yuan } from './format.js';
import { webWords, type Words } from './words.js';

/** Lines shown per kind and site; the counts cover all. */
const MAX_SHOWN = 100;

export interface QualitySite {
  site: string;
  name: string;
  zone: string;
  report: QualityReport;
  staffName: (badge: string | null | undefined) => string;
}

export interface QualityView {
  frame: PageFrame;
  from: string;
  to: string;
  chosen: string;
  allSites: { id: string; name: string }[];
  sites: QualitySite[];
}

function detail(f: Finding, s: QualitySite, v: QualityView, w: Words): Html {
  const d = f.detail;
  const name = s.staffName;
  const lang = v.frame.lang;
  const link = f.entryId ? html`<a href="/entries/${s.site}/${f.entryId}">${f.entryId}</a> ` : '';
  const order = f.orderNo ? html`${f.orderNo} ` : '';
  switch (f.kind as QualityKind) {
    case 'late':
      return html`${order}${link}${f.who ? name(f.who[0]) : ''}${d.minutes ? ` · ${w.quality.minutes(d.minutes)}` : ''}`;
    case 'cash':
      return html`${order}${link}${w.quality.yuan(yuan(d.amountFen ?? 0))} · ${name(d.receivedBy)}`;
    case 'escalated':
      return html`${order}${link}${name(f.who?.[0])} → ${d.toName || name(f.who?.[1])} (${d.level}) · ${d.reason ?? ''}`;
    case 'reported':
      return html`${link}${d.summary ?? ''}${d.reason ? ` · ${d.reason}` : ''} · <span class="${d.acknowledged ? 'ok' : 'late'}">${d.acknowledged ? w.quality.answered(shortTime(d.acknowledged.at, s.zone), name(d.acknowledged.by), d.acknowledged.note ?? '') : w.quality.notAnswered}</span>`;
    case 'holiday':
      if (!d.refusals) return html`${name(f.who?.[0])}: ${w.quality.breach[d.reason ?? ''] ?? d.reason ?? ''} (${(d.holidays ?? []).join(', ')})`;
      return html`${f.who ? `${name(f.who[0])} → ${name(f.who[1] ?? f.who[0])}: ` : ''}${(d.refusals ?? []).map((r) => refusalText(lang, r)).join('; ')}`;
    case 'refused':
      return html`${f.who ? `${name(f.who[0])} → ${name(f.who[1] ?? f.who[0])}: ` : ''}${(d.refusals ?? []).map((r) => refusalText(lang, r)).join('; ')}`;
    case 'overridden':
      return html`${name(f.who?.[0])}: ${d.reason ?? ''} (${(d.refusals ?? []).map((r) => refusalText(lang, r)).join('; ')})`;
    case 'gaps':
      return html`${shortTime(f.at, s.zone)} – ${d.until ? shortTime(d.until, s.zone) : '…'}${d.minutes !== undefined && d.minutes !== null ? ` · ${w.quality.minutes(d.minutes)}` : ''}`;
    case 'callbacks':
      return html`${d.station ?? ''} ${d.address ?? ''}`;
    case 'overdue':
      return html`${link}${d.summary ?? ''} · ${w.followups.due} ${shortTime(d.until, s.zone)} · ${name(f.who?.[0])}`;
  }
}

/** P2: what the register knows went wrong, per site and week, each line linking to its entry. */
export function qualityPage(v: QualityView): Html {
  const w = webWords(v.frame.lang);
  return layout(
    { ...v.frame, title: w.quality.title },
    html`<header class="page-head"><h1>${w.quality.title}</h1>
<form method="get" action="/quality" class="inline">
<label>${w.quality.site} <select name="site"><option value="">${w.quality.allSites}</option>${v.allSites.map((s) => html`<option value="${s.id}" ${v.chosen === s.id ? 'selected' : ''}>${s.name}</option>`)}</select></label>
<label>${w.quality.from} <input type="date" name="from" value="${v.from}"></label>
<label>${w.quality.to} <input type="date" name="to" value="${v.to}"></label>
<button type="submit">${w.quality.show}</button></form></header>
${v.sites.map(
  (s) => html`<section class="quality-site" data-site="${s.site}">
<h2>${s.name} (${s.site})</h2>
${s.report.findings.length === 0
  ? html`<p class="empty">${w.quality.none}</p>`
  : html`<table class="weeks"><thead><tr><th>${w.quality.week}</th>${QUALITY_KINDS.map((k) => html`<th>${w.quality.kinds[k]}</th>`)}</tr></thead><tbody>
${s.report.weeks.map((wk) => html`<tr><td class="nowrap">${wk.week}</td>${QUALITY_KINDS.map((k) => html`<td class="${wk.counts[k] ? 'bad' : 'zero'}">${wk.counts[k] || ''}</td>`)}</tr>`)}
</tbody></table>
${QUALITY_KINDS.filter((k) => s.report.findings.some((f) => f.kind === k)).map((k) => {
  const all = s.report.findings.filter((f) => f.kind === k);
  // The newest first, a page's worth: the weekly counts above hold the rest, the register's search finds them.
  const shown = all.slice(-MAX_SHOWN).reverse();
  return html`<h3 id="${s.site}-${k}">${w.quality.kinds[k]} (${all.length})</h3><table class="findings" data-kind="${k}"><tbody>
${shown.map((f) => html`<tr><td class="nowrap">${fullTime(f.at, s.zone)}</td><td class="nowrap">${f.week}</td><td>${detail(f, s, v, w)}</td></tr>`)}
</tbody></table>${all.length > shown.length ? html`<p class="note">${w.quality.more(all.length - shown.length)}</p>` : ''}`;
})}`}
</section>`,
)}`,
  );
}
