import type { FastifyInstance } from 'fastify';
import { sitesPage } from '../../../../screens/web/sites.js';
import { maySee } from '../../config/types.js';
import type { WebContext } from '../context.js';
import { refusedBatches, siteStatus } from '../data/site-status.js';
import { RefusalLog } from '../data/refusal-log.js';
import { frameOf, sendHtml } from '../respond.js';


/** The start page: the sites this person may see, with their sync and chain state. */
export function siteRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get('/', async (_req, reply) => reply.redirect('/sites', 303));
  app.get('/sites', async (req, reply) => {
    const person = req.desk.person!;
    const now = ctx.clock.now();
    const mine = ctx.config.sites.filter((s) => maySee(person, s));
    const sites = [];
    for (const s of mine) sites.push(await siteStatus(ctx.store, s, now));
    const refused = (await refusedBatches(ctx.config.inbox, new RefusalLog(ctx.config.dataDir).file)).filter((r) => mine.includes(r.site));
    return sendHtml(reply, sitesPage({ frame: frameOf(req, ctx, { title: '', active: 'sites' }), zone: ctx.config.timezone, sites, refused }));
  });
}
