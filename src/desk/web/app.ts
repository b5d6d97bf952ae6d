import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyServerFactory } from 'fastify';
import type { Lang } from '../../../screens/text/labels.js';
import { webWords } from '../../../screens/web/words.js';
import { guard } from './auth/guard.js';
import type { WebContext } from './context.js';
import { refreshSiteNames, sendError } from './respond.js';
import { assetRoutes } from './routes/assets.js';
import { auditRoutes } from './routes/audit.js';
import { entryRoutes } from './routes/entry.js';
import { followupRoutes } from './routes/followups.js';
import { qualityRoutes } from './routes/quality.js';
import { registerRoutes } from './routes/register.js';
import { signInRoutes } from './routes/sign-in.js';
import { siteRoutes } from './routes/sites.js';
import { summaryRoutes } from './routes/summaries.js';

const LANG_COOKIE = 'desk_lang';

/**
 * The desk's pages as a Fastify app: server-rendered, Chinese first, working without JavaScript
 * (htmx only updates in place). `serverFactory` lets `desk serve` put the batch intake in the same
 * server, on the same port.
 */
export async function buildDeskWeb(ctx: WebContext, options: { serverFactory?: FastifyServerFactory; https?: { cert: Buffer; key: Buffer } } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    trustProxy: ctx.config.listen.behindHttpsProxy,
    // Forms are small; a batch never comes this way (the intake reads its own bodies).
    bodyLimit: 64 * 1024,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    ...(options.https ? { https: options.https } : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;
  await app.register(cookie);
  await app.register(formbody);

  app.decorateRequest('desk', null as never);
  app.addHook('onRequest', async (req, reply) => {
    const asked = (req.query as { lang?: string } | undefined)?.lang;
    let lang: Lang = req.cookies[LANG_COOKIE] === 'en' ? 'en' : 'zh';
    if (asked === 'en' || asked === 'zh') {
      lang = asked;
      reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'strict', httpOnly: true, secure: ctx.secureCookies, maxAge: 365 * 86_400 });
    }
    req.desk = { lang };
    reply
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    await refreshSiteNames(ctx);
  });
  app.addHook('preHandler', guard(ctx));

  app.setNotFoundHandler((req, reply) => {
    req.desk ??= { lang: 'zh' };
    return sendError(req, reply, 404, webWords(req.desk.lang).errors.notFound);
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    req.desk ??= { lang: 'zh' };
    const w = webWords(req.desk.lang);
    if (err.statusCode && err.statusCode < 500) return sendError(req, reply, err.statusCode, w.errors.badInput(err.statusCode === 413 ? w.errors.title[413]! : err.message));
    // The words of a store or file error may name paths of this machine: they go to the log only.
    ctx.log.error({ err: err.message, route: req.routeOptions.url }, 'page failed');
    return sendError(req, reply, /ECONN|database|PostgreSQL/i.test(err.message) ? 503 : 500, /ECONN|database|PostgreSQL/i.test(err.message) ? w.errors.store : w.errors.server);
  });

  assetRoutes(app);
  signInRoutes(app, ctx);
  siteRoutes(app, ctx);
  registerRoutes(app, ctx);
  entryRoutes(app, ctx);
  followupRoutes(app, ctx);
  summaryRoutes(app, ctx);
  qualityRoutes(app, ctx);
  auditRoutes(app, ctx);
  return app;
}
