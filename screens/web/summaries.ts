import { CATEGORIES } from '../../src/config/types.js';
import type { Summaries } from '../../src/desk/web/data/summaries.js';
import { categoryLabel, channelLabel } from '../text/labels.js';
import type { Channel } from '../../src/config/types.js';
import { html, jsonBlock, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { webWords } from './words.js';

export interface SummariesView {
  frame: PageFrame;
  site: string;
  siteName: string;
  data: Summaries;
}

/** The charts' data for desk.js (ECharts), with the words they show: no script is inline (CSP). */
export function chartData(v: SummariesView) {
  const w = webWords(v.frame.lang);
  const d = v.data;
  return {
    perDay: { title: w.summaries.charts.perDay, days: d.perDay.days.map((x) => x.slice(5)), series: CATEGORIES.map((c) => ({ name: categoryLabel(v.frame.lang, c), data: d.perDay.series[c] })) },
    overdueRate: { title: w.summaries.charts.overdueRate, weeks: d.overdueRate.map((x) => x.week), rates: d.overdueRate.map((x) => x.rate) },
    satisfaction: { title: w.summaries.charts.satisfaction, months: d.satisfaction.map((x) => x.month), rates: d.satisfaction.map((x) => x.rate) },
  };
}

export function summariesPage(v: SummariesView): Html {
  const { lang } = v.frame;
  const w = webWords(lang);
  const d = v.data;
  const r = d.repairs;
  const c = d.consultations;
  const x = (kind: string) => `/summaries/${v.site}/xlsx?kind=${kind}&month=${d.month.id}&quarter=${d.quarter.id}`;
  const kv = (rows: Record<string, string>, values: Record<string, number | string>) => html`<table class="kv"><tbody>${Object.entries(rows).map(([k, label]) => html`<tr><th>${label}</th><td>${values[k] ?? ''}</td></tr>`)}</tbody></table>`;
  return layout(
    { ...v.frame, title: w.summaries.title(v.siteName), charts: true },
    html`<header class="page-head"><h1>${w.summaries.title(v.siteName)}</h1>
<form method="get" action="/summaries/${v.site}" class="inline"><label>${w.summaries.month} <input type="month" name="month" value="${d.month.id}"></label>
<label>${w.summaries.quarter} <select name="quarter">${[1, 2, 3, 4].map((q) => {
      const id = `${d.quarter.id.slice(0, 4)}-Q${q}`;
      return html`<option ${id === d.quarter.id ? 'selected' : ''}>${id}</option>`;
    })}</select></label><button type="submit">${w.summaries.show}</button></form></header>
<noscript><p class="note">${w.summaries.chartsNeedJs}</p></noscript>
${jsonBlock('chart-data', chartData(v))}
<div class="charts">
<figure><div class="chart" id="chart-perDay"></div><figcaption>${w.summaries.charts.perDay} · <a href="${x('perDay')}" download>${w.summaries.xlsx}</a></figcaption></figure>
<figure><div class="chart" id="chart-overdueRate"></div><figcaption>${w.summaries.charts.overdueRate} · <a href="${x('overdueRate')}" download>${w.summaries.xlsx}</a></figcaption></figure>
<figure><div class="chart" id="chart-satisfaction"></div><figcaption>${w.summaries.charts.satisfaction} · <a href="${x('satisfaction')}" download>${w.summaries.xlsx}</a></figcaption></figure>
</div>
<section class="two">
<div><h2>${w.summaries.repairs} ${d.month.id}</h2>${kv(w.summaries.repairRows, r as unknown as Record<string, number | string>)}
${r.owed.length ? html`<p>${w.summaries.owed}: ${r.owed.map((id) => html`<a href="/entries/${v.site}/${id}">${id}</a> `)}</p>` : ''}
<p><a href="${x('repairs')}" download>${w.summaries.xlsx}</a></p></div>
<div><h2>${w.summaries.consultations} ${d.quarter.id}</h2>${kv(w.summaries.consultationRows, c as unknown as Record<string, number | string>)}
<h3>${w.summaries.byMonth}</h3><table class="kv"><tbody>${Object.entries(c.byMonth).map(([m, n]) => html`<tr><th>${m}</th><td>${n}</td></tr>`)}</tbody></table>
<h3>${w.summaries.byChannel}</h3><table class="kv"><tbody>${Object.entries(c.byChannel).map(([ch, n]) => html`<tr><th>${channelLabel(lang, ch as Channel)}</th><td>${n}</td></tr>`)}</tbody></table>
<p><a href="${x('consultations')}" download>${w.summaries.xlsx}</a></p></div>
</section>`,
  );
}
