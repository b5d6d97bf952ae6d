import { resolve } from 'node:path';
import type { Command } from 'commander';
import { renderRegister } from '../../../../screens/text/register.js';
import { deskRegister } from '../../../desk/desk-site.js';
import { writeRegisterXlsx } from '../../../desk/xlsx.js';
import { staffNames } from '../../../desk/staff-names.js';
import { deskWords } from '../../../../screens/text/desk.js';
import { words as textWords } from '../../../../screens/text/labels.js';
import { logLines } from '../../../projections/log-lines.js';
import { registerCsv } from '../../../projections/register-day.js';
import { CliFailure } from '../../fail.js';
import { langFrom } from '../../options.js';
import { said } from './language.js';
import { CONFIG_HELP, deskConfigFrom, deskDay, need, out, siteFrom, siteOf, storeOf, STORE_HELP, withStore } from './common.js';
import { systemClock } from '../../../time/clock.js';

/** `desk register` and `desk log`: a site's day as the control room shows it. */
export function addViews(desk: Command): void {
  desk
    .command('register')
    .description("a site's register for a day, as the desk holds it (the same as the control room's `register`)")
    .option('--config <file>', CONFIG_HELP)
    .option('--store <store>', STORE_HELP)
    .option('--site <id>', 'the site id (e.g. JY01; the one site of desk.json by default)')
    .option('--date <day>', 'YYYY-MM-DD (default: today at the site)')
    .option('--json', 'an array of entries')
    .option('--csv', 'CSV with a header line')
    .option('--xlsx <file>', 'write an Excel workbook')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (opts: { config?: string; store?: string; site?: string; date?: string; json?: boolean; csv?: boolean; xlsx?: string; lang?: string }) => {
      if ([opts.json, opts.csv, opts.xlsx].filter(Boolean).length > 1) throw new CliFailure(said().oneFormat, 2);
      const cfg = deskConfigFrom(opts);
      need([['--store', storeOf(opts, cfg)], ['--site', siteOf(opts, cfg)]]);
      const site = siteFrom({ site: siteOf(opts, cfg) });
      const lang = langFrom(opts);
      await withStore(storeOf(opts, cfg)!, false, async (store) => {
        const day = await deskDay(store, site, opts.date);
        const { profile, entries, closed } = await deskRegister(store, site, day, systemClock.now());
        if (opts.json) out(JSON.stringify(entries, null, 2));
        else if (opts.csv) process.stdout.write(registerCsv(entries));
        else if (opts.xlsx) {
          await writeRegisterXlsx(resolve(opts.xlsx), { siteName: profile.name, title: textWords(lang).registerTitle(profile.name, day), zone: profile.timezone, entries, lang, name: staffNames(profile) });
          out(said().wrote(entries.length, site, day, resolve(opts.xlsx)));
        } else {
          out(renderRegister(profile.name, day, entries, lang, { name: staffNames(profile) }));
          out(deskWords(lang).dayState(day, closed));
        }
      });
    });

  desk
    .command('log')
    .description('the events the desk holds for a site and day, in the same format as `log`')
    .option('--config <file>', CONFIG_HELP)
    .option('--store <store>', STORE_HELP)
    .option('--site <id>', 'the site id (e.g. JY01; the one site of desk.json by default)')
    .option('--date <day>', 'YYYY-MM-DD (default: today at the site)')
    .option('--json', 'one JSON object per line')
    .option('--lang <lang>', 'zh (default) or en: the language of its problems (the events are as recorded)')
    .action(async (opts: { config?: string; store?: string; site?: string; date?: string; json?: boolean; lang?: string }) => {
      const cfg = deskConfigFrom(opts);
      need([['--store', storeOf(opts, cfg)], ['--site', siteOf(opts, cfg)]]);
      const site = siteFrom({ site: siteOf(opts, cfg) });
      await withStore(storeOf(opts, cfg)!, false, async (store) => {
        const day = await deskDay(store, site, opts.date);
        const lines = logLines(await store.eventsBetween(site, day, day), opts.json === true);
        if (lines.length > 0) out(lines.join('\n'));
      });
    });
}
