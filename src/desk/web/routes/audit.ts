import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { auditPage } from '../../../../screens/web/audit.js';
import type { WebContext } from '../context.js';
import { deskNames } from '../data/desk-names.js';
import { frameOf, sendHtml } from '../respond.js';

/** The director reads the desk's audit log (P1), a month at a time. */
export function auditRoutes(app: FastifyInstance, ctx: WebContext): void {
  app.get<{ Querystring: { month?: string } }>('/audit', { config: { director: true } }, async (req, reply) => {
    const thisMonth = DateTime.fromMillis(ctx.clock.now(), { zone: ctx.config.timezone }).toFormat('yyyy-MM');
    const months = [...new Set([thisMonth, ...(await ctx.audit.months())])].sort().reverse();
    const month = req.query.month && months.includes(req.query.month) ? req.query.month : thisMonth;
    const records = await ctx.audit.ofMonth(month);
    return sendHtml(reply, auditPage({ frame: frameOf(req, ctx, { title: '', active: 'audit' }), zone: ctx.config.timezone, month, months, records, name: deskNames(ctx.config), siteName: (site) => ctx.siteNames.list.find((s) => s.id === site)?.name ?? site }));
  });
}
