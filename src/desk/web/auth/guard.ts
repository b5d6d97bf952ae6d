import type { FastifyReply, FastifyRequest } from 'fastify';
import { maySee } from '../../config/types.js';
import type { WebContext } from '../context.js';
import { CSRF_FIELD, CSRF_HEADER, csrfOk } from './csrf.js';
import { sendError, viewerOf } from '../respond.js';
import { webWords } from '../../../../screens/web/words.js';

/** What a route asks of the guard (Fastify route `config`). */
export interface RouteAccess {
  /** No sign-in needed (the sign-in page, assets). */
  public?: boolean;
  /** Only the director (the quality view, the audit log). */
  director?: boolean;
}

export const SESSION_COOKIE = 'desk_session';

/**
 * Runs before every route: finds the session and the person, then refuses what the route does not
 * allow. A page without a session goes to sign-in; a POST without its session's CSRF token is
 * refused (403) whoever sends it; a site not on the person's roster line is refused (403) and
 * recorded; the director's pages are the director's.
 */
export function guard(ctx: WebContext) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const access = (req.routeOptions.config as RouteAccess | undefined) ?? {};
    const session = ctx.sessions.get(req.cookies[SESSION_COOKIE]);
    const person = session?.badge ? ctx.config.roster.find((p) => p.badge === session.badge && p.active) : undefined;
    if (session?.badge && !person) ctx.sessions.end(session.id);
    req.desk.session = person ? session : session?.badge ? undefined : session;
    if (person) req.desk.person = person;
    if (access.public) {
      if (req.method === 'POST' && !csrfOk(session?.csrf ?? '', (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD])) {
        return sendError(req, reply, 403, webWords(req.desk.lang).errors.csrf);
      }
      return;
    }
    if (!person || !session) {
      if (req.method === 'GET' && !req.headers['hx-request']) {
        return reply.redirect(`/signin?next=${encodeURIComponent(req.url)}`, 303);
      }
      // An htmx request or a form post whose session ended: htmx follows HX-Redirect to sign in again.
      reply.header('hx-redirect', '/signin');
      return sendError(req, reply, 401, webWords(req.desk.lang).signIn.expired);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const given = req.headers[CSRF_HEADER] ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (!csrfOk(session.csrf, given)) {
        await ctx.audit.add(ctx.clock.now(), { badge: person.badge, action: 'refused', subject: { kind: 'csrf', method: req.method, path: req.routeOptions.url ?? '' } });
        return sendError(req, reply, 403, webWords(req.desk.lang).errors.csrf);
      }
    }
    if (access.director && person.role !== 'director') return sendError(req, reply, 403, webWords(req.desk.lang).errors.directorOnly, viewerOf(req, ctx));
    const site = (req.params as { site?: string } | undefined)?.site;
    if (site !== undefined && !maySee(person, site)) {
      await ctx.audit.add(ctx.clock.now(), { badge: person.badge, action: 'refused', subject: { kind: 'site-refused', site }, site });
      return sendError(req, reply, 403, webWords(req.desk.lang).errors.site(site), viewerOf(req, ctx));
    }
  };
}
