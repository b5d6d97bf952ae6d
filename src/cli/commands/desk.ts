import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { renderRegister } from '../../../screens/text/register.js';
import { DeskInputError, deskConsultationSummary, deskRegister, deskRepairSummary, deskWorkList, loadSite, recordFollowup } from '../../desk/desk-site.js';
import { importFolder } from '../../desk/folder-import.js';
import type { SecretFor } from '../../desk/import.js';
import { openStore } from '../../desk/open-store.js';
import { renderConsultationSummary, renderRecorded, renderRepairSummary, renderWorkList } from '../../desk/render.js';
import { serveDesk } from '../../desk/serve.js';
import type { DeskStore } from '../../desk/store.js';
import { verifyStore } from '../../desk/verify-store.js';
import { writeRegisterXlsx } from '../../desk/xlsx.js';
import { todayIn } from '../../domain/followups.js';
import { parseMonth, parseQuarter } from '../../domain/periods.js';
import { createLogger } from '../../log.js';
import { logLines } from '../../projections/log-lines.js';
import { registerCsv } from '../../projections/register-day.js';
import { isDay, parseLocalTime } from '../../time/zone.js';
import { CliFailure } from '../fail.js';
import { langFrom } from '../options.js';

const STORE_HELP = 'the desk store: a folder (created on the first import) or a postgres:// URL';

/** The shared secrets: `--secrets FILE` (JSON: {"JY01": "…"}) per site, or CONTROL_ROOM_DESK_SECRET for every site. */
function secretsFrom(opts: { secrets?: string }): SecretFor {
  if (opts.secrets) {
    let map: unknown;
    try {
      map = JSON.parse(readFileSync(resolve(opts.secrets), 'utf8'));
    } catch (err) {
      throw new CliFailure(`--secrets ${opts.secrets}: cannot be read as JSON (${(err as Error).message}); expected {"JY01": "the site's sync.secret", ...}`, 2);
    }
    if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'string')) {
      throw new CliFailure(`--secrets ${opts.secrets}: expected a JSON object of site id to secret, e.g. {"JY01": "…"}`, 2);
    }
    const secrets = map as Record<string, string>;
    return (site) => secrets[site] ?? process.env.CONTROL_ROOM_DESK_SECRET;
  }
  const one = process.env.CONTROL_ROOM_DESK_SECRET;
  if (!one) {
    throw new CliFailure('the desk checks each batch with the site\'s shared secret (sync.secret): give --secrets FILE (JSON {"JY01": "…"}) or set CONTROL_ROOM_DESK_SECRET', 2);
  }
  return () => one;
}

async function withStore<T>(spec: string, create: boolean, fn: (store: DeskStore) => Promise<T>): Promise<T> {
  let store: DeskStore;
  try {
    store = await openStore(spec, { create });
  } catch (err) {
    throw new CliFailure((err as Error).message, create ? 1 : 2);
  }
  try {
    return await fn(store);
  } catch (err) {
    if (err instanceof DeskInputError) throw new CliFailure(err.message, 2);
    throw err;
  } finally {
    await store.close();
  }
}

function siteFrom(opts: { site?: string }): string {
  if (!opts.site || !/^[A-Za-z0-9_-]{2,16}$/.test(opts.site)) throw new CliFailure(`--site "${opts.site ?? ''}" is not a site id (e.g. JY01)`, 2);
  return opts.site;
}

/** --date D, defaulting to today in the site's time zone. */
async function deskDay(store: DeskStore, site: string, date: string | undefined): Promise<string> {
  if (date !== undefined) {
    if (!isDay(date)) throw new CliFailure(`--date "${date}" is not a date; use YYYY-MM-DD`, 2);
    return date;
  }
  return todayIn((await loadSite(store, site)).profile.timezone, Date.now());
}

const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);

export function deskCommand(program: Command): void {
  const desk = program.command('desk').description("the service desk's side: take in batches, the synced register, follow-ups (F1-F8), verify");

  desk
    .command('import')
    .description('take in the batches in a shared folder (idempotent), writing a receipt for each')
    .argument('<source>', 'the shared folder the control rooms sync to (their dir: target)')
    .requiredOption('--store <store>', STORE_HELP)
    .option('--secrets <file>', 'JSON {"SITE": "secret"}; else CONTROL_ROOM_DESK_SECRET')
    .option('--watch [seconds]', 'keep looking for new batches every so many seconds (default 10)')
    .option('--json', 'print the report as JSON')
    .action(async (source: string, opts: { store: string; secrets?: string; watch?: string | boolean; json?: boolean }) => {
      const secretFor = secretsFrom(opts);
      const every = opts.watch === undefined ? 0 : opts.watch === true ? 10 : Number(opts.watch);
      if (!Number.isFinite(every) || every < 0) throw new CliFailure(`--watch "${String(opts.watch)}" is not a number of seconds`, 2);
      let refused = 0;
      await withStore(opts.store, true, async (store) => {
        let stop = false;
        const onSignal = () => (stop = true);
        process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
        do {
          const report = await importFolder(store, resolve(source), secretFor, () => new Date().toISOString());
          refused += report.refused.length;
          if (opts.json) out(JSON.stringify(report));
          else {
            for (const t of report.taken) out(`took ${t.file}: ${t.taken} new, ${t.skipped} already held; ${t.site} now ends at seq ${t.seq}`);
            for (const u of report.unreceipted) process.stderr.write(`taken, but no receipt could be written for ${u.file} (${u.reason}); it is taken again (skipped) next time\n`);
            for (const r of report.refused) process.stderr.write(`REFUSED ${r.file} (moved to refused/): ${r.reason}\n`);
            if (!every && report.taken.length === 0 && report.refused.length === 0) out(`no batches in ${resolve(source)}`);
          }
          if (every) await new Promise((r) => setTimeout(r, every * 1000));
        } while (every && !stop);
      });
      if (refused > 0) process.exitCode = 1;
    });

  desk
    .command('serve')
    .description('receive batches over HTTP (POST /batches) from control rooms whose sync.target is http://THIS:PORT')
    .requiredOption('--port <n>', 'the port to listen on')
    .requiredOption('--store <store>', STORE_HELP)
    .option('--host <address>', 'the address to listen on', '0.0.0.0')
    .option('--secrets <file>', 'JSON {"SITE": "secret"}; else CONTROL_ROOM_DESK_SECRET')
    .action(async (opts: { port: string; store: string; host: string; secrets?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliFailure(`--port "${opts.port}" is not a port number`, 2);
      const secretFor = secretsFrom(opts);
      const log = createLogger({ name: 'control-room:desk' });
      const store = await openStore(opts.store, { create: true }).catch((err: Error) => {
        throw new CliFailure(err.message, 1);
      });
      const server = await serveDesk({ store, secretFor, port, host: opts.host, log, now: () => new Date().toISOString() });
      log.info({ port: server.port, host: opts.host, store: store.description }, 'desk listening for batches');
      await new Promise<void>((done) => {
        process.once('SIGTERM', done);
        process.once('SIGINT', done);
      });
      await server.close();
      await store.close();
      log.info('desk stopped');
      log.flush();
    });

  desk
    .command('register')
    .description("a site's register for a day, as the desk holds it (the same as the control room's `register`)")
    .requiredOption('--store <store>', STORE_HELP)
    .requiredOption('--site <id>', 'the site id (e.g. JY01)')
    .option('--date <day>', 'YYYY-MM-DD (default: today at the site)')
    .option('--json', 'an array of entries')
    .option('--csv', 'CSV with a header line')
    .option('--xlsx <file>', 'write an Excel workbook')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (opts: { store: string; site?: string; date?: string; json?: boolean; csv?: boolean; xlsx?: string; lang?: string }) => {
      if ([opts.json, opts.csv, opts.xlsx].filter(Boolean).length > 1) throw new CliFailure('choose one of --json, --csv and --xlsx', 2);
      const site = siteFrom(opts);
      const lang = langFrom(opts);
      await withStore(opts.store, false, async (store) => {
        const day = await deskDay(store, site, opts.date);
        const { profile, entries, closed } = await deskRegister(store, site, day, Date.now());
        if (opts.json) out(JSON.stringify(entries, null, 2));
        else if (opts.csv) process.stdout.write(registerCsv(entries));
        else if (opts.xlsx) {
          await writeRegisterXlsx(resolve(opts.xlsx), profile.name, day, entries);
          out(`wrote ${entries.length} entries of ${site} ${day} to ${resolve(opts.xlsx)}`);
        } else {
          out(renderRegister(profile.name, day, entries, lang));
          out(closed ? `(${day} is closed: the desk holds the whole day)` : `(${day} is not closed yet at the desk: later events of the day may still come)`);
        }
      });
    });

  desk
    .command('log')
    .description('the events the desk holds for a site and day, in the same format as `log`')
    .requiredOption('--store <store>', STORE_HELP)
    .requiredOption('--site <id>', 'the site id (e.g. JY01)')
    .option('--date <day>', 'YYYY-MM-DD (default: today at the site)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { store: string; site?: string; date?: string; json?: boolean }) => {
      const site = siteFrom(opts);
      await withStore(opts.store, false, async (store) => {
        const day = await deskDay(store, site, opts.date);
        const lines = logLines(await store.eventsBetween(site, day, day), opts.json === true);
        if (lines.length > 0) out(lines.join('\n'));
      });
    });

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
          const list = await deskWorkList(store, site, day, Date.now());
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
    .option('--method <method>', 'phone or visit', 'phone')
    .option('--note <text>', 'what the resident said')
    .option('--fix-days <n>', 'dissatisfied: days the fix may take (default 3)')
    .option('--fix-by <time>', 'dissatisfied: the fix deadline (YYYY-MM-DD HH:MM at the site)')
    .option('--at <time>', 'when the follow-up happened (default now)')
    .option('--json', 'print the record as JSON')
    .action(async (opts: { store: string; site?: string; rule: string; item: string; result: string; by: string; method?: string; note?: string; fixDays?: string; fixBy?: string; at?: string; json?: boolean }) => {
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
          { rule: opts.rule, item: opts.item, result: opts.result, method: opts.method, by: opts.by, note: opts.note, fixDays, fixBy: time('--fix-by', opts.fixBy), at: time('--at', opts.at) },
          Date.now(),
        );
        out(opts.json ? JSON.stringify({ record, ...(c ? { case: c } : {}) }, null, 2) : renderRecorded(record, c));
      });
    });

  const summary = desk.command('summary').description('summaries for the director: repair callbacks by month (F2), consultations by quarter (R7)');
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
        const s = await deskRepairSummary(store, site, month, Date.now());
        out(opts.json ? JSON.stringify(s, null, 2) : renderRepairSummary((await store.profile(site))!.name, s));
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
        const s = await deskConsultationSummary(store, site, quarter, Date.now());
        out(opts.json ? JSON.stringify(s, null, 2) : renderConsultationSummary((await store.profile(site))!.name, s));
      });
    });

  desk
    .command('verify')
    .description("re-verify every site's chain in the store; exit 1 naming the first bad seq")
    .requiredOption('--store <store>', STORE_HELP)
    .option('--site <id>', 'one site')
    .option('--json', 'print as JSON')
    .action(async (opts: { store: string; site?: string; json?: boolean }) => {
      await withStore(opts.store, false, async (store) => {
        const verdicts = await verifyStore(store, opts.site ? siteFrom(opts) : undefined);
        if (opts.json) out(JSON.stringify(verdicts, null, 2));
        else {
          for (const v of verdicts) {
            out(v.ok ? `${v.site}: intact, ${v.events} event${v.events === 1 ? '' : 's'}, seq 1-${v.lastSeq}, ${v.batches} batch${v.batches === 1 ? '' : 'es'}` : `${v.site}: BROKEN at seq ${v.seq}${v.day ? ` (${v.day})` : ''}: ${v.problem}`);
          }
          if (verdicts.length === 0) out(`${store.description} holds no sites yet`);
        }
        if (verdicts.some((v) => !v.ok)) process.exitCode = 1;
      });
    });
}

