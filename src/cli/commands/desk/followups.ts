import type { Command } from 'commander';
import { deskConsultationSummary, deskFollowupSummary, deskRepairSummary, deskWorkList, loadSite, recordFollowup } from '../../../desk/desk-site.js';
import { renderConsultationSummary, renderFollowupSummary, renderRecorded, renderRepairSummary, renderWorkList } from '../../../../screens/text/desk.js';
import { langFrom } from '../../options.js';
import { parseMonth, parseQuarter, type Period } from '../../../domain/periods.js';
import type { DeskStore } from '../../../desk/store.js';
import type { Lang } from '../../../../screens/text/labels.js';
import { parseLocalTime } from '../../../time/zone.js';
import { CliFailure } from '../../fail.js';
import { said } from './language.js';
import { CONFIG_HELP, deskConfigFrom, deskDay, need, out, siteFrom, siteOf, storeOf, STORE_HELP, withStore } from './common.js';
import { maySee } from '../../../desk/config/types.js';
import { deskCapacity } from '../../../desk/config/capacity.js';
import { systemClock } from '../../../time/clock.js';

/** `desk followups`, `desk followup record` and `desk summary`: the desk's follow-up work (F1-F8, R7). */
export function addFollowups(desk: Command): void {
  desk
    .command('followups')
    .description("the day's follow-up work list (F1-F8), samples drawn reproducibly (seed shown)")
    .option('--config <file>', CONFIG_HELP)
    .option('--store <store>', STORE_HELP)
    .option('--site <id>', 'one site (default: every site in the store)')
    .option('--date <day>', 'YYYY-MM-DD (default: today at each site)')
    .option('--json', 'print as JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (opts: { config?: string; store?: string; site?: string; date?: string; json?: boolean; lang?: string }) => {
      const lang = langFrom(opts);
      const cfg = deskConfigFrom(opts);
      need([['--store', storeOf(opts, cfg)]]);
      await withStore(storeOf(opts, cfg)!, false, async (store) => {
        const sites = opts.site ? [siteFrom(opts)] : await store.sites();
        const lists = [];
        for (const site of sites) {
          const day = await deskDay(store, site, opts.date);
          const list = await deskWorkList(store, site, day, systemClock.now());
          lists.push(list);
          if (!opts.json) out(`${renderWorkList((await store.profile(site))?.name ?? site, list, lang)}\n`);
        }
        if (opts.json) out(JSON.stringify(opts.site ? lists[0] : lists, null, 2));
      });
    });

  const followup = desk.command('followup').description('record a follow-up');
  followup
    .command('record')
    .description("record a follow-up's result; a dissatisfied one opens a fix and another follow-up (F7) and a complaint (F8)")
    .option('--config <file>', CONFIG_HELP)
    .option('--store <store>', STORE_HELP)
    .option('--site <id>', 'the site id')
    .option('--rule <rule>', 'F1..F7 (the list it came from)')
    .option('--item <item>', 'the entry id, order number or case id the list shows')
    .option('--result <result>', '满意, 不满意 or 未联系上 (satisfied, dissatisfied, unreachable)')
    .option('--by <badge>', 'who followed up: a badge of the desk roster (with --config), else a name')
    .option('--method <method>', '电话 or 上门 (phone, visit)', 'phone')
    .option('--role <role>', 'in what capacity: desk, desk supervisor, maintenance supervisor or director (or 事务管理员, 主管, 维修主管, 主任); default: who the rule names')
    .option('--quality <rating>', 'F3, F4: 质量, satisfied, fair or dissatisfied (满意, 基本满意, 不满意)')
    .option('--attitude <rating>', 'F3, F4: 态度, satisfied, fair or dissatisfied (满意, 基本满意, 不满意)')
    .option('--charge <charge>', 'F4: 收费, correct or incorrect (收费无误, 收费有误)')
    .option('--note <text>', 'what the resident said')
    .option('--fix-days <n>', 'dissatisfied: days the fix may take (default 3)')
    .option('--fix-by <time>', 'dissatisfied: the fix deadline (YYYY-MM-DD HH:MM at the site)')
    .option('--at <time>', 'when the follow-up happened (default now)')
    .option('--json', 'print the record as JSON')
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (opts: { config?: string; store?: string; site?: string; rule: string; item: string; result: string; by: string; method?: string; role?: string; note?: string; fixDays?: string; fixBy?: string; at?: string; json?: boolean; quality?: string; attitude?: string; charge?: string; lang?: string }) => {
      const cfg = deskConfigFrom(opts);
      need([
        ['--store', storeOf(opts, cfg)],
        ['--site', siteOf(opts, cfg)],
        ['--rule', opts.rule],
        ['--item', opts.item],
        ['--result', opts.result],
        ['--by', opts.by],
      ]);
      const site = siteFrom({ site: siteOf(opts, cfg) });
      // With the desk's roster, a follow-up is recorded as a person on it who may see the site.
      const by = cfg?.roster.find((p) => p.badge === opts.by.trim().toUpperCase() && p.active);
      if (cfg && !by) throw new CliFailure(said().notOnRoster(opts.by, cfg.rosterFile), 2);
      if (by && !maySee(by, site)) throw new CliFailure(said().notTheirSite(`${by.name} (${by.badge})`, site), 2);
      await withStore(storeOf(opts, cfg)!, false, async (store) => {
        const tz = (await loadSite(store, site)).profile.timezone;
        const time = (what: string, text: string | undefined) => {
          if (text === undefined) return undefined;
          const ms = parseLocalTime(text, tz);
          if (ms === undefined) throw new CliFailure(said().notTime(what, text), 2);
          return ms;
        };
        const fixDays = opts.fixDays === undefined ? undefined : Number(opts.fixDays);
        if (fixDays !== undefined && !(fixDays > 0)) throw new CliFailure(said().notDays(opts.fixDays!), 2);
        const { record, case: c } = await recordFollowup(
          store,
          site,
          {
            rule: opts.rule,
            item: opts.item,
            result: opts.result,
            method: opts.method,
            by: by?.badge ?? opts.by,
            role: opts.role ?? (by ? deskCapacity(by.role) : undefined),
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
        out(opts.json ? JSON.stringify({ record, ...(c ? { case: c } : {}) }, null, 2) : renderRecorded(record, c, by ? `${by.name} (${by.badge})` : record.by, langFrom(opts)));
      });
    });

  const summary = desk.command('summary').description('summaries for the director: repair callbacks by month (F2), follow-ups by month (F3, F4, F6), consultations by quarter (R7)');
  // The three summaries take the same flags and differ in their period (a month or a quarter),
  // what they count and how they print it.
  const periods = {
    month: { flag: '--month', help: 'YYYY-MM', parse: parseMonth, bad: (given: string) => said().notMonth(given) },
    quarter: { flag: '--quarter', help: 'YYYY-Qn (e.g. 2026-Q4)', parse: parseQuarter, bad: (given: string) => said().notQuarter(given) },
  } as const;
  const periodic = <S>(name: string, description: string, by: keyof typeof periods, compute: (store: DeskStore, site: string, period: Period) => Promise<S>, render: (siteName: string, s: S, lang: Lang) => string) => {
    const p = periods[by];
    summary
      .command(name)
      .description(description)
      .option('--config <file>', CONFIG_HELP)
      .option('--store <store>', STORE_HELP)
      .option('--site <id>', 'the site id')
      .option(`${p.flag} <${by}>`, p.help)
      .option('--json', 'print as JSON')
      .option('--lang <lang>', 'zh (default) or en')
      .action(async (opts: { config?: string; store?: string; site?: string; json?: boolean; lang?: string } & Partial<Record<typeof by, string>>) => {
        const cfg = deskConfigFrom(opts);
        const given = opts[by];
        need([['--store', storeOf(opts, cfg)], ['--site', siteOf(opts, cfg)], [p.flag, given]]);
        const site = siteFrom({ site: siteOf(opts, cfg) });
        const period = p.parse(given!);
        if (!period) throw new CliFailure(p.bad(given!), 2);
        await withStore(storeOf(opts, cfg)!, false, async (store) => {
          const s = await compute(store, site, period);
          out(opts.json ? JSON.stringify(s, null, 2) : render((await store.profile(site))!.name, s, langFrom(opts)));
        });
      });
  };
  periodic('repairs', "a month's repair callbacks (F2)", 'month', (store, site, month) => deskRepairSummary(store, site, month, systemClock.now()), renderRepairSummary);
  periodic('followups', "a month's follow-ups by 质量, 态度 and 收费 (F3, F4) and the director's samples (F6)", 'month', deskFollowupSummary, renderFollowupSummary);
  periodic('consultations', "a quarter's consultations (R7)", 'quarter', (store, site, quarter) => deskConsultationSummary(store, site, quarter, systemClock.now()), renderConsultationSummary);
}
