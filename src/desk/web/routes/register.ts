import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { CATEGORIES, type Category } from '../../../config/types.js';
import { registerPage, registerTable, type RegisterView } from '../../../../screens/web/register.js';
import { printPage } from '../../../../screens/web/print.js';
import { words as textWords } from '../../../../screens/text/labels.js';
import { webWords } from '../../../../screens/web/words.js';
import { isDay } from '../../../time/zone.js';
import { buildingOf, filterEntries, type RegisterFilter } from '../../register-filter.js';
import { registerWorkbook } from '../../xlsx.js';
import type { WebContext } from '../context.js';
import { dayAround, MAX_SEARCH_DAYS, registerDay, registerRange, sitePage } from '../data/site-data.js';
import { frameOf, sendError, sendHtml } from '../respond.js';

type Site = { Params: { site: string } };
type FilterBody = Record<string, string | undefined>;

/** Filters come in a POST body, never in the address: a text filter may be a resident's name or phone. */
function filterOf(b: FilterBody): RegisterFilter {
  return {
    ...(CATEGORIES.includes(b.category as Category) ? { category: b.category as Category } : {}),
    ...(b.status === 'open' || b.status === 'closed' ? { status: b.status } : {}),
    ...(b.building && /^\d{1,4}$/.test(b.building) ? { building: b.building } : {}),
    ...(b.text?.trim() ? { text: b.text.trim().slice(0, 100) } : {}),
    ...(b.overdue ? { overdue: true } : {}),
    ...(b.unclear ? { unclear: true } : {}),
  };
}

/**
 * The register: a site's day (today at the site by default), filtered in place, a search across
 * days, the print layout and the Excel workbook. Each shows residents' names and phones, so each is
 * recorded in the audit log before it is sent (P1).
 */
export function registerRoutes(app: FastifyInstance, ctx: WebContext): void {
  const show = async (req: FastifyRequest<Site>, reply: FastifyReply, dayText: string | undefined, body: FilterBody) => {
    const now = ctx.clock.now();
    const w = webWords(req.desk.lang);
    const s = await sitePage(ctx.store, req.params.site, now);
    if (!s) return sendError(req, reply, 404, w.errors.noSite(req.params.site));
    const day = dayText && isDay(dayText) ? dayText : s.today;
    const filter = filterOf(body);
    let range: { from: string; to: string } | undefined;
    let problem: string | undefined;
    if (body.from && body.to && isDay(body.from) && isDay(body.to)) {
      const [from, to] = body.from <= body.to ? [body.from, body.to] : [body.to, body.from];
      if (DateTime.fromISO(to).diff(DateTime.fromISO(from), 'days').days >= MAX_SEARCH_DAYS) problem = w.register.rangeTooLong;
      else range = { from, to };
    }
    // The audit record is written while the page is made, and the page waits for it (P1).
    const audited = ctx.audit.add(now, { badge: req.desk.person!.badge, action: 'view', subject: range ? { kind: 'register-search', site: s.site, from: range.from, to: range.to } : { kind: 'register', site: s.site, day }, site: s.site });
    const { entries, closed } = range ? { entries: await registerRange(ctx.store, s, range.from, range.to, now), closed: false } : await registerDay(ctx.store, s, day, now);
    const view: RegisterView = {
      frame: frameOf(req, ctx, { title: '', site: s.site, active: 'register' }),
      site: s.site,
      siteName: s.profile.name,
      zone: s.profile.timezone,
      day,
      today: s.today,
      ...dayAround(day),
      entries: filterEntries(entries, filter),
      total: entries.length,
      closed,
      filter,
      buildings: [...new Set(entries.map((e) => buildingOf(e.address)).filter((b): b is string => b !== undefined))].sort((a, b) => Number(a) - Number(b)),
      ...(range ? { range } : {}),
      name: s.name,
      ...(problem ? { problem } : {}),
    };
    const page = req.headers['hx-request'] ? registerTable(view) : registerPage(view);
    await audited;
    return sendHtml(reply, page);
  };

  app.get<Site & { Querystring: { day?: string } }>('/register/:site', async (req, reply) => show(req, reply, req.query.day, {}));
  app.post<Site & { Body: FilterBody }>('/register/:site', async (req, reply) => show(req, reply, req.body?.day, req.body ?? {}));

  app.get<Site & { Querystring: { day?: string } }>('/register/:site/xlsx', async (req, reply) => {
    const now = ctx.clock.now();
    const s = await sitePage(ctx.store, req.params.site, now);
    if (!s) return sendError(req, reply, 404, webWords(req.desk.lang).errors.noSite(req.params.site));
    const day = req.query.day && isDay(req.query.day) ? req.query.day : s.today;
    const { entries } = await registerDay(ctx.store, s, day, now);
    const lang = req.desk.lang;
    const bytes = await registerWorkbook({ siteName: s.profile.name, title: textWords(lang).registerTitle(s.profile.name, day), zone: s.profile.timezone, entries, lang, name: s.name });
    await ctx.audit.add(now, { badge: req.desk.person!.badge, action: 'download', subject: { kind: 'register', site: s.site, day, as: 'xlsx' }, site: s.site });
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${s.site}-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`${s.profile.name}-登记表-${day}.xlsx`)}`)
      .header('cache-control', 'no-store')
      .send(bytes);
  });

  app.get<Site & { Querystring: { day?: string } }>('/register/:site/print', async (req, reply) => {
    const now = ctx.clock.now();
    const s = await sitePage(ctx.store, req.params.site, now);
    if (!s) return sendError(req, reply, 404, webWords(req.desk.lang).errors.noSite(req.params.site));
    const day = req.query.day && isDay(req.query.day) ? req.query.day : s.today;
    const { entries } = await registerDay(ctx.store, s, day, now);
    await ctx.audit.add(now, { badge: req.desk.person!.badge, action: 'view', subject: { kind: 'register', site: s.site, day, as: 'print' }, site: s.site });
    return sendHtml(
      reply,
      printPage({ frame: frameOf(req, ctx, { title: '', site: s.site, print: true }), siteName: s.profile.name, zone: s.profile.timezone, day, entries, name: s.name, printedBy: req.desk.person!.name, printedAt: now }),
    );
  });
}
