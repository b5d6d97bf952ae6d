import { DateTime } from 'luxon';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, channelLabel, words as textWords } from '../text/labels.js';
import { html, type Html } from './html.js';
import { layout, type PageFrame } from './layout.js';
import { shortTime, timeOnDay } from './format.js';
import { webWords } from './words.js';

export interface PrintView {
  frame: PageFrame;
  siteName: string;
  zone: string;
  day: string;
  entries: RegisterEntry[];
  name: (badge: string | null | undefined) => string;
  printedBy: string;
  printedAt: number;
}

/** The day's register on A4 (landscape), headed with the form's own title, for filing on paper. */
export function printPage(v: PrintView): Html {
  const { lang } = v.frame;
  const w = webWords(lang);
  const t = textWords(lang);
  const cols = w.register.columns;
  return layout(
    { ...v.frame, title: `${v.siteName} ${w.print.title} ${v.day}` },
    html`<header class="print-head">
  <h1>${w.print.title}</h1>
  <p><span>${w.print.site}：${v.siteName}</span><span>${w.print.day}：${v.day}</span><span>${w.print.printedBy}：${v.printedBy}</span><span>${w.print.printedAt}：${DateTime.fromMillis(v.printedAt, { zone: v.zone }).toFormat('yyyy-MM-dd HH:mm')}</span></p>
</header>
<table class="register print">
<thead><tr>${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((i) => html`<th>${cols[i]}</th>`)}</tr></thead>
<tbody>
${v.entries.map(
  (e) => html`<tr><td>${e.id}</td><td>${timeOnDay(e.receivedAt, v.day, v.zone)}</td><td>${channelLabel(lang, e.channel)}</td><td>${e.address ?? ''}</td><td>${e.resident ?? ''}</td><td>${e.phone ?? ''}</td><td>${categoryLabel(lang, e.category)}</td><td>${e.content ?? ''}</td><td>${shortTime(e.appointmentAt, v.zone)}</td><td>${t.status[e.status]}${e.overdue ? ` ${t.overdue}` : ''}${e.unclear.length ? ` ${t.unclear}` : ''}</td><td>${v.name(e.firstResponder)}</td><td>${e.result ?? ''}</td><td>${shortTime(e.closedAt, v.zone)}</td></tr>`,
)}
</tbody></table>
${v.entries.length === 0 ? html`<p>${w.register.none}</p>` : ''}`,
  );
}
