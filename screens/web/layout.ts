import type { Lang } from '../text/labels.js';
import { html, type Html } from './html.js';
import { webWords } from './words.js';

/** Who is signed in, as the header shows them, and what the page needs to build its links. */
export interface Viewer {
  badge: string;
  name: string;
  role: 'clerk' | 'supervisor' | 'director';
  /** Sites this person may see, in the store's order. */
  sites: { id: string; name: string }[];
  csrf: string;
  /** When the session ends if nothing more happens (ms), and the server's now, for the countdown. */
  sessionEndsAt: number;
  now: number;
}

export interface PageFrame {
  lang: Lang;
  title: string;
  /** The path and query of this page, for the language switch. */
  here: string;
  viewer?: Viewer;
  /** The site the page is about: the menu's links go to its pages. */
  site?: string;
  active?: 'register' | 'followups' | 'summaries' | 'quality' | 'sites' | 'audit';
  /** Print layout: no menu, A4. */
  print?: boolean;
  charts?: boolean;
}

function switchLink(here: string, lang: Lang): string {
  const url = new URL(here, 'http://desk');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

/**
 * The page around every view: the menu, the language switch, sign-out (a form, with the CSRF
 * token) and the session's countdown. htmx gets the token in a header on every request it makes.
 */
export function layout(f: PageFrame, body: Html): Html {
  const w = webWords(f.lang);
  const v = f.viewer;
  const site = f.site ?? v?.sites[0]?.id;
  const link = (key: NonNullable<PageFrame['active']>, href: string) => html`<a href="${href}" class="${f.active === key ? 'active' : ''}">${w.nav[key]}</a>`;
  const nav = v
    ? html`<nav class="menu">
        <span class="app">${w.app}</span>
        ${site ? [link('register', `/register/${site}`), link('followups', `/followups/${site}`), link('summaries', `/summaries/${site}`)] : ''}
        ${link('sites', '/sites')}
        ${v.role === 'director' ? [link('quality', '/quality'), link('audit', '/audit')] : ''}
        <span class="spacer"></span>
        ${v.sites.length > 1 && site && f.active && ['register', 'followups', 'summaries'].includes(f.active)
          ? html`<span class="site-switch">${v.sites.map((s) => html`<a href="/${f.active}/${s.id}" class="${s.id === site ? 'active' : ''}">${s.name}</a>`)}</span>`
          : ''}
        <span class="who">${v.name} (${v.badge})</span>
        <span class="session" data-ends-at="${v.sessionEndsAt}" data-now="${v.now}">${w.sessionEnds} <b class="countdown"></b></span>
        <a href="${switchLink(f.here, w.otherLang.lang)}" class="lang">${w.otherLang.label}</a>
        <form method="post" action="/signout" class="inline"><input type="hidden" name="_csrf" value="${v.csrf}"><button type="submit">${w.signOut}</button></form>
      </nav>`
    : html`<nav class="menu"><span class="app">${w.app}</span><span class="spacer"></span><a href="${switchLink(f.here, w.otherLang.lang)}" class="lang">${w.otherLang.label}</a></nav>`;
  return html`<!doctype html>
<html lang="${w.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'>
<title>${f.title} · ${w.app}</title>
<link rel="stylesheet" href="/assets/desk.css">
${f.print ? html`<link rel="stylesheet" href="/assets/print.css">` : ''}
<script src="/assets/htmx.min.js" defer></script>
${f.charts ? html`<script src="/assets/echarts.min.js" defer></script>` : ''}
<script src="/assets/desk.js" defer></script>
</head>
<body ${v ? html`hx-headers='{"x-csrf-token": "${v.csrf}"}'` : ''} class="${f.print ? 'print' : ''}">
${f.print ? '' : nav}
<main>
${body}
</main>
</body>
</html>`;
}

/** An error page that says what happened and what to do. */
export function errorPage(f: PageFrame, status: number, message: string): Html {
  const w = webWords(f.lang);
  return layout(
    f,
    html`<section class="error"><h1>${status} ${w.errors.title[status] ?? ''}</h1><p>${message}</p><p><a href="/">${w.errors.back}</a></p></section>`,
  );
}
