import type { FastifyInstance } from 'fastify';
import { entryPage } from '../../../../screens/web/entry.js';
import { webWords } from '../../../../screens/web/words.js';
import { dayOfEntryId } from '../../../domain/entry.js';
import { EntryBook } from '../../../projections/entries.js';
import { OrderBoard } from '../../../projections/orders.js';
import { DEFAULT_WORK_STANDARD_MINUTES } from '../../../config/load.js';
import { zoneIso } from '../../../time/offset-cache.js';
import type { WebContext } from '../context.js';
import { sitePage } from '../data/site-data.js';
import { deskNames } from '../data/desk-names.js';
import { frameOf, sendError, sendHtml } from '../respond.js';

/** An entry's page: its fields, corrections, paid-service order and follow-ups (audited: P1). */
export function entryRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Params: { site: string; id: string } }>('/entries/:site/:id', async (req, reply) => {
    const now = ctx.clock.now();
    const w = webWords(req.desk.lang);
    const s = await sitePage(ctx.store, req.params.site, now);
    if (!s) return sendError(req, reply, 404, w.errors.noSite(req.params.site));
    const day = dayOfEntryId(req.params.id);
    if (!day) return sendError(req, reply, 404, w.errors.notFound);
    const events = await ctx.store.eventsBetween(s.site, day);
    const entry = new EntryBook(s.profile.timezone, s.profile.deadlineHours, zoneIso(s.profile.timezone)).applyAll(events).get(req.params.id, now);
    if (!entry) return sendError(req, reply, 404, w.errors.notFound);
    const order = entry.orderNo ? new OrderBoard(s.profile.timezone, s.profile.workStandardMinutes ?? DEFAULT_WORK_STANDARD_MINUTES).applyAll(events).get(entry.orderNo, now) : undefined;
    const followups = (await ctx.store.followups(s.site)).filter((r) => r.item === entry.id || (entry.orderNo && r.item === entry.orderNo));
    await ctx.audit.add(now, { badge: req.desk.person!.badge, action: 'view', subject: { kind: 'entry', site: s.site, entry: entry.id }, site: s.site });
    return sendHtml(
      reply,
      entryPage({ frame: frameOf(req, ctx, { title: '', site: s.site, active: 'register' }), site: s.site, zone: s.profile.timezone, entry, ...(order ? { order } : {}), followups, name: s.name, deskName: deskNames(ctx.config) }),
    );
  });
}
