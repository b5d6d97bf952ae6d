import type { RefusedBatch, SiteStatus } from '../../src/desk/web/data/site-status.js';
import { html, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { fullTime } from './format.js';
import { webWords } from './words.js';

export interface SitesView {
  frame: PageFrame;
  zone: string;
  sites: SiteStatus[];
  refused: RefusedBatch[];
}

/** Each site's last sync, what the desk holds, its chain as `desk verify` says, and refused batches. */
export function sitesPage(v: SitesView): Html {
  const w = webWords(v.frame.lang);
  return layout(
    { ...v.frame, title: w.sites.title },
    html`<h1>${w.sites.title}</h1>
<table class="sites"><thead><tr>${w.sites.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${v.sites.map(
  (s) => html`<tr data-site="${s.site}">
<td><b>${s.name ?? s.site}</b> (${s.site})<div class="small">${s.name ? html`<a href="/register/${s.site}">${w.sites.links.register}</a> · <a href="/followups/${s.site}">${w.sites.links.followups}</a> · <a href="/summaries/${s.site}">${w.sites.links.summaries}</a>` : w.sites.notHeld}</div></td>
<td>${s.lastBatchAt ? fullTime(s.lastBatchAt, v.zone) : w.sites.never}</td>
<td>${s.events}${s.closedThrough ? html`<div class="small">${s.closedThrough} ✓</div>` : ''}</td>
<td>${s.daysOpen === null ? w.sites.backlogUnknown : s.daysOpen}</td>
<td class="${s.verdict.ok ? 'ok' : 'late'}">${s.verdict.ok ? w.sites.intact : w.sites.broken(s.verdict.seq, s.verdict.problem)}</td>
<td>${v.refused.filter((r) => r.site === s.site).length}</td>
</tr>`,
)}
</tbody></table>
<h2>${w.sites.refusedTitle}</h2>
${v.refused.length === 0
  ? html`<p class="empty">${w.sites.noRefused}</p>`
  : html`<table><thead><tr>${w.sites.refusedColumns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${v.refused.map((r) => html`<tr><td>${r.at ? fullTime(r.at, v.zone) : r.file}</td><td>${r.site}</td><td>${w.sites.refusal(r.code, r.reason)}</td></tr>`)}</tbody></table>`}`,
  );
}
