import type { FastifyInstance, FastifyReply } from 'fastify';
import { DateTime } from 'luxon';
import { signInPage } from '../../../../screens/web/sign-in.js';
import { webWords } from '../../../../screens/web/words.js';
import { checkPassword } from '../auth/passwords.js';
import { SESSION_COOKIE } from '../auth/guard.js';
import type { Session } from '../auth/sessions.js';
import type { WebContext } from '../context.js';
import { sendHtml } from '../respond.js';

/** Only a path of this site: never `//elsewhere` or `https://…` (an open redirect after sign-in). */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) && !next.startsWith('/signin') ? next : '/';
}

export function setSessionCookie(ctx: WebContext, reply: FastifyReply, s: Session): void {
  reply.setCookie(SESSION_COOKIE, s.id, { httpOnly: true, sameSite: 'strict', secure: ctx.secureCookies, path: '/' });
}

/**
 * Sign-in by badge and password, sign-out. Before sign-in the visitor gets a session of their own
 * (no person) so the form carries a CSRF token too; signing in replaces it with a new one (the id
 * a visitor had before cannot be the one that is signed in). Five wrong passwords in a row lock
 * the badge for the configured minutes; every try is in the audit log.
 */
export function signInRoutes(app: FastifyInstance, ctx: WebContext): void {
  const anonymous = (req: { desk: { session?: Session } }, reply: FastifyReply): Session => {
    const s = req.desk.session && !req.desk.session.badge ? req.desk.session : ctx.sessions.create();
    setSessionCookie(ctx, reply, s);
    return s;
  };

  app.get<{ Querystring: { next?: string } }>('/signin', { config: { public: true } }, async (req, reply) => {
    if (req.desk.person) return reply.redirect(safeNext(req.query.next), 303);
    const s = anonymous(req, reply);
    return sendHtml(reply, signInPage({ lang: req.desk.lang, csrf: s.csrf, next: safeNext(req.query.next) }));
  });

  app.post<{ Body: { badge?: string; password?: string; next?: string } }>('/signin', { config: { public: true } }, async (req, reply) => {
    const w = webWords(req.desk.lang);
    const badge = String(req.body?.badge ?? '').trim().toUpperCase().slice(0, 20);
    const password = String(req.body?.password ?? '');
    const next = safeNext(req.body?.next);
    const now = ctx.clock.now();
    const again = (message: string, status = 401) => {
      const s = anonymous(req, reply);
      return sendHtml(reply, signInPage({ lang: req.desk.lang, csrf: s.csrf, next, badge, message }), status);
    };
    const until = ctx.lockout.lockedUntil(badge);
    if (until !== undefined) {
      await ctx.audit.add(now, { badge, action: 'signin-failed', subject: { kind: 'signin-refused', reason: 'locked' } });
      return again(w.signIn.locked(DateTime.fromMillis(until, { zone: ctx.config.timezone }).toFormat('HH:mm')), 429);
    }
    const person = ctx.config.roster.find((p) => p.badge === badge);
    const hash = person?.active ? await ctx.passwords.hashOf(badge) : undefined;
    if (person?.active && hash && (await checkPassword(password, hash))) {
      ctx.lockout.succeed(badge);
      if (req.desk.session) ctx.sessions.end(req.desk.session.id);
      const s = ctx.sessions.create(badge);
      setSessionCookie(ctx, reply, s);
      await ctx.audit.add(now, { badge, action: 'signin', subject: { kind: 'signed-in' } });
      return reply.redirect(next, 303);
    }
    const locks = ctx.lockout.fail(badge, now);
    await ctx.audit.add(now, { badge, action: 'signin-failed', subject: { kind: 'signin-refused', reason: !person ? 'unknown-badge' : !person.active ? 'inactive' : !hash ? 'no-password' : 'wrong-password' } });
    if (locks) {
      await ctx.audit.add(now, { badge, action: 'locked', subject: { kind: 'lockout', minutes: ctx.config.lockout.minutes, attempts: ctx.config.lockout.attempts } });
      return again(w.signIn.locked(DateTime.fromMillis(ctx.lockout.lockedUntil(badge)!, { zone: ctx.config.timezone }).toFormat('HH:mm')), 429);
    }
    // A person with no password yet, or made inactive, is told so: a guesser learns nothing they could use.
    if (person && !person.active) return again(w.signIn.inactive);
    if (person?.active && !hash) return again(w.signIn.noPassword);
    return again(w.signIn.wrong);
  });

  app.post('/signout', async (req, reply) => {
    const { session, person } = req.desk;
    if (session) ctx.sessions.end(session.id);
    if (person) await ctx.audit.add(ctx.clock.now(), { badge: person.badge, action: 'signout', subject: { kind: 'signed-out' } });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/signin', 303);
  });
}
