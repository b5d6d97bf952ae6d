import { CHARGES, RATINGS } from '../../src/domain/followup-fields.js';
import { mayRecord, type FollowupRule } from '../../src/domain/followup-fields.js';
import { deskCapacity } from '../../src/desk/config/capacity.js';
import { FOLLOWUP_RESULTS, type WorkItem, type WorkList } from '../../src/domain/followups.js';
import { html, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { shortTime, span } from './format.js';
import { webWords, type Words } from './words.js';

export interface FollowupsView {
  frame: PageFrame;
  site: string;
  siteName: string;
  zone: string;
  list: WorkList;
  now: number;
  /** What was just recorded (a page after a form without JavaScript). */
  message?: string;
  problem?: string;
}

/** How an item is recorded: F8's complaints through their case (F7). */
function target(i: WorkItem): { rule: FollowupRule; item: string } {
  return i.rule === 'F1' && i.case ? { rule: 'F7', item: i.case.id } : { rule: i.rule, item: i.item };
}

/** Time left to the due instant, or how late; the browser keeps it running from the server's instants. */
export function countdown(due: string, now: number, w: Words): Html {
  const ms = Date.parse(due) - now;
  return html`<span class="countdown-due ${ms < 0 ? 'late' : ''}" data-due="${Date.parse(due)}" data-late-word="${w.followups.late}" data-left-word="${w.followups.left}">${ms < 0 ? `${w.followups.late} ${span(ms, w)}` : `${w.followups.left}${span(ms, w)}`}</span>`;
}

/** The form in place: method, result, 质量/态度/收费 where the rule asks, a note; recorded as the signed-in person. */
function recordForm(v: FollowupsView, i: WorkItem, w: Words): Html {
  const t = target(i);
  // F4 is the desk supervisor's, F6 the director's: anyone else sees whose it is, not a form that refuses.
  const viewer = v.frame.viewer;
  if (viewer && !mayRecord(t.rule, deskCapacity(viewer.role))) {
    const rung = t.rule === 'F6' ? 'director' : t.rule === 'F5' ? 'maintenance supervisor' : 'desk supervisor';
    return html`<span class="small">${w.followups.notYours(w.followups.capacities[rung] ?? rung)}</span>`;
  }
  // 4.6.1: F3 asks the service's quality and the worker's attitude; 4.6.2: F4 the charge too.
  const asked = { quality: t.rule === 'F3' || t.rule === 'F4', attitude: t.rule === 'F3' || t.rule === 'F4', charge: t.rule === 'F4' };
  const csrf = v.frame.viewer?.csrf ?? '';
  const select = (name: string, values: readonly string[], words: Record<string, string>, required: boolean) =>
    html`<select name="${name}" ${required ? 'required' : ''}><option value=""></option>${values.map((x) => html`<option value="${x}">${words[x] ?? x}</option>`)}</select>`;
  return html`<form method="post" action="/followups/${v.site}" class="record" hx-post="/followups/${v.site}" hx-target="closest tr" hx-swap="outerHTML">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="day" value="${v.list.day}">
<input type="hidden" name="rule" value="${t.rule}"><input type="hidden" name="item" value="${t.item}">
<label>${w.followups.form.method} ${select('method', ['phone', 'visit'], w.followups.method, true)}</label>
<label>${w.followups.form.result} ${select('result', FOLLOWUP_RESULTS, w.followups.result, true)}</label>
${asked.quality ? html`<label>${w.followups.form.quality} ${select('quality', RATINGS, w.followups.rating, false)}</label>` : ''}
${asked.attitude ? html`<label>${w.followups.form.attitude} ${select('attitude', RATINGS, w.followups.rating, false)}</label>` : ''}
${asked.charge ? html`<label>${w.followups.form.charge} ${select('charge', CHARGES, w.followups.chargeRating, false)}</label>` : ''}
<label>${w.followups.form.note} <input name="note" size="14" maxlength="500"></label>
<button type="submit">${w.followups.form.save}</button>
</form>`;
}

export function itemRow(v: FollowupsView, i: WorkItem): Html {
  const w = webWords(v.frame.lang);
  const what = i.case && i.rule === 'F1' ? w.followups.fromFollowup(i.case.id) : i.rule === 'F7' && i.case ? `${w.followups.whatCase(i.case.rounds)} · ${i.case.origin.rule} ${i.case.origin.item}` : i.order ? w.followups.order(i.order.orderNo, i.order.total) : '';
  const entry = i.entry;
  return html`<tr data-rule="${i.rule}" data-item="${i.item}" class="${i.overdue ? 'late' : ''}">
<td class="nowrap">${entry ? html`<a href="/entries/${v.site}/${entry.id}">${i.item}</a>` : i.item}${i.rule === 'F1' && !i.case ? html`<div class="small">${w.followups.complaintTerm}</div>` : ''}</td>
<td>${what ? html`<div>${what}</div>` : ''}${entry?.content ?? ''}${i.attempts.length ? html`<div class="small">${w.followups.attempts(i.attempts.length)}</div>` : ''}</td>
<td>${entry ? html`${entry.resident ?? ''}<div class="small">${entry.phone ?? ''} ${entry.address ?? ''}</div>` : ''}</td>
<td class="nowrap">${shortTime(i.due, v.zone)}<div class="small">${w.followups.assignee[i.assignee] ?? i.assignee}</div></td>
<td class="nowrap">${countdown(i.due, v.now, w)}</td>
<td>${recordForm(v, i, w)}</td>
</tr>`;
}

/** What replaces a row once its result is recorded (htmx), so the item leaves the list in place. */
export function recordedRow(lines: string[]): Html {
  return html`<tr class="recorded"><td colspan="6">${lines.map((l) => html`<div>${l}</div>`)}</td></tr>`;
}

export function followupsPage(v: FollowupsView): Html {
  const w = webWords(v.frame.lang);
  const rules = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7'];
  return layout(
    { ...v.frame, title: w.followups.title(v.siteName) },
    html`<header class="page-head"><h1>${w.followups.title(v.siteName)}</h1>
<form method="get" action="/followups/${v.site}" class="inline"><label>${w.followups.day} <input type="date" name="day" value="${v.list.day}"></label><button type="submit">${w.summaries.show}</button></form></header>
${v.message ? html`<p class="done" role="status">${v.message}</p>` : ''}
${v.problem ? html`<p class="problem" role="alert">${v.problem}</p>` : ''}
${rules.map((rule) => {
  const items = v.list.items.filter((i) => i.rule === rule);
  const samples = v.list.samples.filter((s) => s.rule === rule);
  return html`<section class="rule" id="rule-${rule}">
<h2>${w.followups.rules[rule]}${rule === 'F1' && items.some((i) => i.case) ? html` · ${w.followups.f8}` : ''}</h2>
${samples.map((s) => html`<p class="sample">${w.followups.sample(s.period.id, s.size, s.population, s.percent, s.seed)}${s.complete ? '' : w.followups.provisional}</p>`)}
${items.length === 0
  ? html`<p class="empty">${w.followups.nothing}</p>`
  : html`<table class="followups"><thead><tr>${w.followups.columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${items.map((i) => itemRow(v, i))}</tbody></table>`}
</section>`;
})}`,
  );
}
