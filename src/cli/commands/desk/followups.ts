import type { Command } from 'commander';
import { deskConsultationSummary, deskFollowupSummary, deskRepairSummary, deskWorkList, loadSite, recordFollowup } from '../../../desk/desk-site.js';
import { renderConsultationSummary, renderFollowupSummary, renderRecorded, renderRepairSummary, renderWorkList } from '../../../desk/render.js';
import { parseMonth, parseQuarter } from '../../../domain/periods.js';
import { parseLocalTime } from '../../../time/zone.js';
import { CliFailure } from '../../fail.js';
import { deskDay, out, siteFrom, STORE_HELP, withStore } from './common.js';
import { systemClock } from '../../../time/clock.js';

/** `desk followups`, `desk followup record` and `desk summary`: the desk's follow-up work (F1-F8, R7). */
export function addFollowups(desk: Command): void {
  desk
    .command('followups')
    .description("the day's follow-up work list (F1-F8), samples drawn reproducibly (seed shown)")
    .requiredOption('--store <store>', STORE_HELP)
    .option('--site <id>', 'one site (default: every site in the store)')
    .option('--date <day>', 'YYYY-MM-DD (default: today at each site)')
    .option('--json', 'print as JSON')
    .action(async (opts: { store: string; site?: string; date?: string; json?: boolean }) => {
      await withStore(opts.store, false, async (store) => {
        const sites = opts.site ? [siteFrom(opts)] : await store.sites();
        const lists = [];
        for (const site of sites) {
          const day = await deskDay(store, site, opts.date);
          const list = await deskWorkList(store, site, day, systemClock.now());
          lists.push(list);
          if (!opts.json) out(`${renderWorkList((await store.profile(site))?.name ?? site, list)}\n`);
        }
        if (opts.json) out(JSON.stringify(opts.site ? lists[0] : lists, null, 2));
      });
    });

  const followup = desk.command('followup').description('record a follow-up');
  followup
    .command('record')
    .description("record a follow-up's result; a dissatisfied one opens a fix and another follow-up (F7) and a complaint (F8)")
    .requiredOption('--store <store>', STORE_HELP)
    .requiredOption('--site <id>', 'the site id')
    .requiredOption('--rule <rule>', 'F1..F7 (the list it came from)')
    .requiredOption('--item <item>', 'the entry id, order number or case id the list shows')
    .requiredOption('--result <result>', 'satisfied, dissatisfied or unreachable')
    .requiredOption('--by <who>', 'who followed up (badge or name)')
    .option('--method <method>', 'phone or visit (电话 or 上门)', 'phone')
    .option('--role <role>', 'in what capacity: desk, desk supervisor, maintenance supervisor or director (or 事务管理员, 主管, 维修主管, 主任); default: who the rule names')
    .option('--quality <rating>', 'F3, F4: 质量, satisfied, fair or dissatisfied (满意, 基本满意, 不满意)')
    .option('--attitude <rating>', 'F3, F4: 态度, satisfied, fair or dissatisfied (满意, 基本满意, 不满意)')
    .option('--charge <charge>', 'F4: 收费, correct or incorrect (收费无误, 收费有误)')
    .option('--note <text>', 'what the resident said')
    .option('--fix-days <n>', 'dissatisfied: days the fix may take (default 3)')
    .option('--fix-by <time>', 'dissatisfied: the fix deadline (YYYY-MM-DD HH:MM at the site)')
    .option('--at <time>', 'when the follow-up happened (default now)')
    .option('--json', 'print the record as JSON')
    .action(async (opts: { store: string; site?: string; rule: string; item: string; result: string; by: string; method?: string; role?: string; quality?: string; attitude?: string; charge?: string; note?: string; fixDays?: string; fixBy?: string; at?: string; json?: boolean }) => {
      const site = siteFrom(opts);
      await withStore(opts.store, false, async (store) => {
        const tz = (await loadSite(store, site)).profile.timezone;
        const time = (what: string, text: string | undefined) => {
          if (text === undefined) return undefined;
          const ms = parseLocalTime(text, tz);
          if (ms === undefined) throw new CliFailure(`${what} "${text}" is not a time; use YYYY-MM-DD HH:MM`, 2);
          return ms;
        };
        const fixDays = opts.fixDays === undefined ? undefined : Number(opts.fixDays);
        if (fixDays !== undefined && !(fixDays > 0)) throw new CliFailure(`--fix-days "${opts.fixDays}" is not a positive number of days`, 2);
        const { record, case: c } = await recordFollowup(
          store,
          site,
          {
            rule: opts.rule,
            item: opts.item,
            result: opts.result,
            method: opts.method,
            by: opts.by,
            role: opts.role,
            quality: opts.quality,
            attitude: opts.attitude,
            charge: opts.charge,
            note: opts.note,
            fixDays,
            fixBy: time('--fix-by', opts.fixBy),
            at: time('--at', opts.at),
          },
          systemClock.now(),
        );
        out(opts.json ? JSON.stringify({ record, ...(c ? { case: c } : {}) }, null, 2) : renderRecorded(record, c));
      });
    });

  const summary = desk.command('summary').description('summaries for the director: repair callbacks by month (F2), follow-ups by month (F3, F4, F6), consultations by quarter (R7)');
  summary
    .command('repairs')
    .description("a month's repair callbacks (F2)")
    .requiredOption('--store <store>', STORE_HELP)
    .requiredOption('--site <id>', 'the site id')
    .requiredOption('--month <month>', 'YYYY-MM')
    .option('--json', 'print as JSON')
    .action(async (opts: { store: string; site?: string; month: string; json?: boolean }) => {
      const site = siteFrom(opts);
      const month = parseMonth(opts.month);
      if (!month) throw new CliFailure(`--month "${opts.month}" is not a month; use YYYY-MM`, 2);
      await withStore(opts.store, false, async (store) => {
        const s = await deskRepairSummary(store, site, month, systemClock.now());
        out(opts.json ? JSON.stringify(s, null, 2) : renderRepairSummary((await store.profile(site))!.name, s));
      });
    });
  summary
    .command('followups')
    .description("a month's follow-ups by 质量, 态度 and 收费 (F3, F4) and the director's samples (F6)")
    .requiredOption('--store <store>', STORE_HELP)
    .requiredOption('--site <id>', 'the site id')
    .requiredOption('--month <month>', 'YYYY-MM')
    .option('--json', 'print as JSON')
    .action(async (opts: { store: string; site?: string; month: string; json?: boolean }) => {
      const site = siteFrom(opts);
      const month = parseMonth(opts.month);
      if (!month) throw new CliFailure(`--month "${opts.month}" is not a month; use YYYY-MM`, 2);
      await withStore(opts.store, false, async (store) => {
        const s = await deskFollowupSummary(store, site, month);
        out(opts.json ? JSON.stringify(s, null, 2) : renderFollowupSummary((await store.profile(site))!.name, s));
      });
    });
  summary
    .command('consultations')
    .description("a quarter's consultations (R7)")
    .requiredOption('--store <store>', STORE_HELP)
    .requiredOption('--site <id>', 'the site id')
    .requiredOption('--quarter <quarter>', 'YYYY-Qn (e.g. 2026-Q4)')
    .option('--json', 'print as JSON')
    .action(async (opts: { store: string; site?: string; quarter: string; json?: boolean }) => {
      const site = siteFrom(opts);
      const quarter = parseQuarter(opts.quarter);
      if (!quarter) throw new CliFailure(`--quarter "${opts.quarter}" is not a quarter; use YYYY-Qn, e.g. 2026-Q4`, 2);
      await withStore(opts.store, false, async (store) => {
        const s = await deskConsultationSummary(store, site, quarter, systemClock.now());
        out(opts.json ? JSON.stringify(s, null, 2) : renderConsultationSummary((await store.profile(site))!.name, s));
      });
    });
}
