import type { FastifyInstance } from 'fastify';
import { summariesPage } from '../../../../screens/web/summaries.js';
import { webWords } from '../../../../screens/web/words.js';
import { monthOf, parseMonth, parseQuarter, quarterOf } from '../../../domain/periods.js';
import { SUMMARY_KINDS, summaryWorkbook, type SummaryKind } from '../../summary-xlsx.js';
import type { WebContext } from '../context.js';
import { sitePage } from '../data/site-data.js';
import { summaries } from '../data/summaries.js';
import { frameOf, sendError, sendHtml } from '../respond.js';

type Q = { Params: { site: string }; Querystring: { month?: string; quarter?: string; kind?: string } };

/** F2's monthly repair callbacks and R7's quarterly consultations, with charts, each as a workbook too. */
export function summaryRoutes(app: FastifyInstance, ctx: WebContext): void {
  const load = async (site: string, q: Q['Querystring']) => {
    const now = ctx.clock.now();
    const s = await sitePage(ctx.store, site, now);
    if (!s) return undefined;
    const month = parseMonth(q.month ?? '') ?? monthOf(s.today);
    const quarter = parseQuarter(q.quarter ?? '') ?? quarterOf(month.from);
    return { s, data: await summaries(ctx.store, s, month, quarter, now) };
  };
  app.get<Q>('/summaries/:site', async (req, reply) => {
    const got = await load(req.params.site, req.query);
    if (!got) return sendError(req, reply, 404, webWords(req.desk.lang).errors.noSite(req.params.site));
    return sendHtml(reply, summariesPage({ frame: frameOf(req, ctx, { title: '', site: req.params.site, active: 'summaries' }), site: req.params.site, siteName: got.s.profile.name, data: got.data }));
  });
  app.get<Q>('/summaries/:site/xlsx', async (req, reply) => {
    const kind = SUMMARY_KINDS.includes(req.query.kind as SummaryKind) ? (req.query.kind as SummaryKind) : undefined;
    if (!kind) return sendError(req, reply, 400, webWords(req.desk.lang).errors.badInput(`kind: ${SUMMARY_KINDS.join(', ')}`));
    const got = await load(req.params.site, req.query);
    if (!got) return sendError(req, reply, 404, webWords(req.desk.lang).errors.noSite(req.params.site));
    const bytes = await summaryWorkbook(kind, got.s.profile.name, got.data, req.desk.lang);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${req.params.site}-${kind}.xlsx"`)
      .header('cache-control', 'no-store')
      .send(bytes);
  });
}
