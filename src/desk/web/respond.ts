import type { FastifyReply, FastifyRequest } from 'fastify';
import { html, type Html } from '../../../screens/web/html.js';
import { errorPage, type PageFrame, type Viewer } from '../../../screens/web/layout.js';
import type { WebContext } from './context.js';

/** Headers for every page: nothing cached (pages hold residents' data), framed or sniffed. */
function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
}

export function sendHtml(reply: FastifyReply, page: Html, status = 200): FastifyReply {
  return pageHeaders(reply).code(status).send(page.text);
}

/** The frame's common part: the language, this page's address, the signed-in person. */
export function frameOf(req: FastifyRequest, ctx: WebContext | undefined, rest: Omit<PageFrame, 'lang' | 'here' | 'viewer'>): PageFrame {
  const viewer = ctx ? viewerOf(req, ctx) : undefined;
  return { ...rest, lang: req.desk.lang, here: req.url, ...(viewer ? { viewer } : {}) };
}

/** The signed-in person as the header shows them; undefined before sign-in. */
export function viewerOf(req: FastifyRequest, ctx: WebContext): Viewer | undefined {
  const { person, session } = req.desk;
  if (!person || !session) return undefined;
  const names = ctx.siteNames.list.length > 0 ? ctx.siteNames.list : ctx.config.sites.map((id) => ({ id, name: id }));
  const mine = names.filter((s) => person.role === 'director' || person.sites === '*' || person.sites.includes(s.id));
  return { badge: person.badge, name: person.name, role: person.role, sites: mine, csrf: session.csrf, sessionEndsAt: ctx.sessions.expiresAt(session), now: ctx.clock.now() };
}

/** The sites' names for the menu, from their profiles (refreshed at most once a minute). */
export async function refreshSiteNames(ctx: WebContext): Promise<void> {
  const now = ctx.clock.now();
  if (ctx.siteNames.list.length > 0 && now - ctx.siteNames.at < 60_000) return;
  const list = [];
  for (const id of ctx.config.sites) list.push({ id, name: (await ctx.store.profile(id).catch(() => undefined))?.name ?? id });
  ctx.siteNames.at = now;
  ctx.siteNames.list = list;
}

/** An error page (or, for htmx, the message alone) that says what happened and what to do. */
export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, message: string, viewer?: Viewer): FastifyReply {
  const frame: PageFrame = { lang: req.desk?.lang ?? 'zh', title: String(status), here: req.url, ...(viewer ? { viewer } : {}) };
  if (req.headers['hx-request']) return sendHtml(reply, html`<p class="problem" role="alert">${message}</p>`, status);
  return sendHtml(reply, errorPage(frame, status, message), status);
}
