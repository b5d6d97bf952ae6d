import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { qualityPage, type QualitySite } from '../../../../screens/web/quality.js';
import { isDay } from '../../../time/zone.js';
import { qualityReport } from '../../quality.js';
import { staffNames } from '../../staff-names.js';
import type { WebContext } from '../context.js';
import { frameOf, sendHtml, viewerOf } from '../respond.js';

/** The director's quality view (P2): by default the last four weeks to today, every site. */
export function qualityRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { from?: string; to?: string; site?: string } }>('/quality', { config: { director: true } }, async (req, reply) => {
    const now = ctx.clock.now();
    const today = DateTime.fromMillis(now, { zone: ctx.config.timezone });
    let from = req.query.from && isDay(req.query.from) ? req.query.from : today.minus({ weeks: 4 }).toFormat('yyyy-MM-dd');
    let to = req.query.to && isDay(req.query.to) ? req.query.to : today.toFormat('yyyy-MM-dd');
    if (from > to) [from, to] = [to, from];
    const allSites = viewerOf(req, ctx)!.sites;
    const chosen = allSites.some((s) => s.id === req.query.site) ? req.query.site! : '';
    const sites: QualitySite[] = [];
    for (const { id } of allSites.filter((s) => !chosen || s.id === chosen)) {
      const profile = await ctx.store.profile(id);
      if (!profile) continue;
      // Who was on duty as the period began: the week before it is read too.
      const events = await ctx.store.eventsBetween(id, DateTime.fromISO(from).minus({ days: 7 }).toFormat('yyyy-MM-dd'));
      sites.push({ site: id, name: profile.name, zone: profile.timezone, report: qualityReport(id, profile, events, from, to, now), staffName: staffNames(profile) });
    }
    await ctx.audit.add(now, { badge: req.desk.person!.badge, action: 'view', subject: { kind: 'quality', ...(chosen ? { site: chosen } : {}), from, to } });
    return sendHtml(reply, qualityPage({ frame: frameOf(req, ctx, { title: '', active: 'quality' }), from, to, chosen, allSites, sites }));
  });
}
