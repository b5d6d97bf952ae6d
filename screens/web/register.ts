import { CATEGORIES } from '../../src/config/types.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import type { RegisterFilter } from '../../src/desk/register-filter.js';
import { categoryLabel, channelLabel, words as textWords, type Lang } from '../text/labels.js';
import { html, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { shortTime, timeOnDay } from './format.js';
import { webWords } from './words.js';

export interface RegisterView {
  frame: PageFrame;
  site: string;
  siteName: string;
  zone: string;
  day: string;
  today: string;
  prevDay: string;
  nextDay: string;
  /** What is shown (after filters) and how many the day (or search) has. */
  entries: RegisterEntry[];
  total: number;
  closed: boolean;
  filter: RegisterFilter;
  buildings: string[];
  /** Set when this is a search across days. */
  range?: { from: string; to: string };
  name: (badge: string | null | undefined) => string;
  problem?: string;
}

function marks(e: RegisterEntry, lang: Lang): Html {
  const t = textWords(lang);
  return html`${e.overdue ? html` <span class="tag late">${t.overdue}</span>` : ''}${e.unclear.length ? html` <span class="tag unclear" title="${e.unclear.map((f) => t.field[f] ?? f).join(', ')}">${t.unclear}</span>` : ''}`;
}

/** The table alone: what htmx swaps in when a filter changes. */
export function registerTable(v: RegisterView): Html {
  const { lang } = v.frame;
  const w = webWords(lang);
  const t = textWords(lang);
  const purged = (e: RegisterEntry, value: string | null) => (e.piiPurged && !value ? w.register.purged : (value ?? ''));
  if (v.total === 0) return html`<div id="register-table"><p class="empty">${w.register.none}</p></div>`;
  return html`<div id="register-table">
<p class="count">${w.register.count(v.entries.length, v.total)}</p>
${v.entries.length === 0 ? html`<p class="empty">${w.register.noneMatch}</p>` : html`<table class="register">
<thead><tr>${w.register.columns.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>
${v.entries.map(
  (e) => html`<tr data-id="${e.id}" class="${e.overdue ? 'late' : ''} ${e.unclear.length ? 'unclear' : ''}">
<td><a href="/entries/${v.site}/${e.id}">${e.id}</a></td>
<td>${v.range ? shortTime(e.receivedAt, v.zone) : timeOnDay(e.receivedAt, v.day, v.zone)}</td>
<td>${channelLabel(lang, e.channel)}</td>
<td>${e.address ?? ''}</td>
<td>${purged(e, e.resident)}</td>
<td class="nowrap">${purged(e, e.phone)}</td>
<td>${categoryLabel(lang, e.category)}</td>
<td class="content">${e.content ?? ''}</td>
<td class="nowrap">${shortTime(e.appointmentAt, v.zone)}</td>
<td class="nowrap">${t.status[e.status]}${marks(e, lang)}</td>
<td>${v.name(e.firstResponder)}</td>
<td>${e.result ?? ''}</td>
<td class="nowrap">${shortTime(e.closedAt, v.zone)}</td>
<td class="nowrap">${e.orderNo ?? ''}</td>
</tr>`,
)}
</tbody></table>`}
</div>`;
}

export function registerPage(v: RegisterView): Html {
  const { lang } = v.frame;
  const w = webWords(lang);
  const t = textWords(lang);
  const f = v.filter;
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}" ${selected ? 'selected' : ''}>${label}</option>`;
  const title = v.range ? `${v.siteName} ${w.register.searchTitle(v.range.from, v.range.to)}` : w.register.title(v.siteName, v.day);
  return layout(
    { ...v.frame, title },
    html`<header class="page-head">
  <h1>${title}</h1>
  <div class="day-nav">
    <a href="/register/${v.site}?day=${v.prevDay}">← ${w.register.prev}</a>
    <form method="get" action="/register/${v.site}" class="inline"><input type="date" name="day" value="${v.day}" aria-label="${w.register.day}"><button type="submit">${w.register.day}</button></form>
    <a href="/register/${v.site}?day=${v.nextDay}">${w.register.next} →</a>
    ${v.day !== v.today ? html`<a href="/register/${v.site}">${w.register.today}</a>` : ''}
    <a href="/register/${v.site}/print?day=${v.day}" target="_blank">${w.register.print}</a>
    <a href="/register/${v.site}/xlsx?day=${v.day}" download>${w.register.xlsx}</a>
  </div>
</header>
${v.problem ? html`<p class="problem" role="alert">${v.problem}</p>` : ''}
<form method="post" action="/register/${v.site}" class="filters" hx-post="/register/${v.site}" hx-target="#register-table" hx-select="#register-table" hx-swap="outerHTML" hx-trigger="change, submit">
  <input type="hidden" name="_csrf" value="${v.frame.viewer?.csrf ?? ''}">
  <input type="hidden" name="day" value="${v.day}">
  <label>${w.register.category} <select name="category">${option('', w.register.all, !f.category)}${CATEGORIES.map((c) => option(c, categoryLabel(lang, c), f.category === c))}</select></label>
  <label>${w.register.status} <select name="status">${option('', w.register.all, !f.status)}${option('open', t.status.open, f.status === 'open')}${option('closed', t.status.closed, f.status === 'closed')}</select></label>
  <label>${w.register.building} <select name="building">${option('', w.register.all, !f.building)}${v.buildings.map((b) => option(b, b, f.building === b))}</select></label>
  <label>${w.register.text} <input name="text" value="${f.text ?? ''}" size="12"></label>
  <label><input type="checkbox" name="overdue" value="1" ${f.overdue ? 'checked' : ''}> ${w.register.overdue}</label>
  <label><input type="checkbox" name="unclear" value="1" ${f.unclear ? 'checked' : ''}> ${w.register.unclear}</label>
  <span class="range">${w.register.search}: <label>${w.register.from} <input type="date" name="from" value="${v.range?.from ?? ''}"></label> <label>${w.register.to} <input type="date" name="to" value="${v.range?.to ?? ''}"></label></span>
  <button type="submit">${w.register.apply}</button>
</form>
${registerTable(v)}
${v.range ? '' : html`<p class="note">${v.closed ? w.register.closed : w.register.notClosed}</p>`}`,
  );
}
