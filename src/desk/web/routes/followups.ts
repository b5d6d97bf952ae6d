import type { FastifyInstance, FastifyRequest } from 'fastify';
import { shortTime } from '../../../../screens/web/format.js';
import { DateTime } from 'luxon';
import { followupsPage, recordedRow } from '../../../../screens/web/followups.js';
import { webWords } from '../../../../screens/web/words.js';
import { isDay } from '../../../time/zone.js';
import { DeskInputError, deskWorkList, recordFollowup } from '../../desk-site.js';
import type { WebContext } from '../context.js';
import { sitePage } from '../data/site-data.js';
import { deskCapacity } from '../../config/capacity.js';
import { frameOf, sendError, sendHtml } from '../respond.js';

type Body = Record<string, string | undefined>;

/**
 * F1-F8: the day's work list of a site, each item with its rule, countdown and a form in place. A
 * result is recorded as the signed-in person (no free-text "by"); with htmx the row is replaced by
 * what was recorded, without JavaScript the list comes back without the item.
 */
export function followupRoutes(app: FastifyInstance, ctx: WebContext): void {
  const render = async (req: FastifyRequest, site: string, dayText: string | undefined, extra: { message?: string; problem?: string }) => {
    const now = ctx.clock.now();
    // Both routes have found the site's profile before rendering.
    const s = (await sitePage(ctx.store, site, now))!;
    const day = dayText && isDay(dayText) ? dayText : s.today;
    const list = await deskWorkList(ctx.store, site, day, now);
    await ctx.audit.add(now, { badge: req.desk.person!.badge, action: 'view', subject: { kind: 'followups', site, day }, site });
    return followupsPage({ frame: frameOf(req, ctx, { title: '', site, active: 'followups' }), site, siteName: s.profile.name, zone: s.profile.timezone, list, now, ...extra });
  };

  app.get<{ Params: { site: string }; Querystring: { day?: string } }>('/followups/:site', async (req, reply) => {
    const known = await ctx.store.profile(req.params.site);
    if (!known) return sendError(req, reply, 404, webWords(req.desk.lang).errors.noSite(req.params.site));
    return sendHtml(reply, await render(req, req.params.site, req.query.day, {}));
  });

  app.post<{ Params: { site: string }; Body: Body }>('/followups/:site', async (req, reply) => {
    const w = webWords(req.desk.lang);
    const b = req.body ?? {};
    const now = ctx.clock.now();
    const person = req.desk.person!;
    const site = req.params.site;
    const profile = await ctx.store.profile(site);
    if (!profile) return sendError(req, reply, 404, w.errors.noSite(site));
    const fixDays = b.fixDays ? Number(b.fixDays) : undefined;
    try {
      const { record, case: c } = await recordFollowup(
        ctx.store,
        site,
        { rule: b.rule ?? '', item: b.item ?? '', result: b.result ?? '', method: b.method || 'phone', by: person.badge, role: deskCapacity(person.role), note: (b.note ?? '').slice(0, 500), ...(fixDays && fixDays > 0 ? { fixDays } : {}), quality: b.quality, attitude: b.attitude, charge: b.charge },
        now,
      );
      await ctx.audit.add(now, { badge: person.badge, action: 'followup', subject: { kind: 'followup', site, id: record.id, rule: record.rule, item: record.item, result: record.result }, site });
      const fmt = (iso: string) => DateTime.fromISO(iso, { zone: profile.timezone }).toFormat('MM-dd HH:mm');
      const lines = [`${w.followups.recorded(record.id)}: ${record.rule} ${record.item} · ${w.followups.method[record.method]} · ${w.followups.result[record.result]} · ${w.followups.form.by(person.name)}`];
      if (c && !c.closedAt && record.result === 'dissatisfied') lines.push(w.followups.caseOpened(c.id, fmt(c.fixDeadline)));
      if (c?.closedAt) lines.push(w.followups.caseClosed(c.id));
      if (req.headers['hx-request']) return sendHtml(reply, recordedRow(lines));
      return sendHtml(reply, await render(req, site, b.day, { message: lines.join(' ') }));
    } catch (err) {
      if (!(err instanceof DeskInputError)) throw err;
      const said = err.said;
      const when = (iso: string) => shortTime(iso, profile.timezone);
      const problem =
        said?.code === 'already-recorded' ? w.followups.alreadyRecorded(said.rule, said.item, said.id, when(said.at)) : said?.code === 'case-closed' ? w.followups.caseWasClosed(said.item, when(said.at)) : w.errors.badInput(err.message);
      if (req.headers['hx-request']) return sendError(req, reply, 400, problem);
      return sendHtml(reply, await render(req, site, b.day, { problem }), 400);
    }
  });
}
