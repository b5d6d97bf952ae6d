import type { Command } from 'commander';
import { renderRegister } from '../../../screens/text/register.js';
import { registerCsv, registerOfDay } from '../../projections/register-day.js';
import { CliFailure } from '../fail.js';
import { configFrom, dayFrom, langFrom } from '../options.js';
import { systemClock } from '../../time/clock.js';

export function registerCommand(program: Command): void {
  program
    .command('register')
    .description("print a day's register entries (《业户服务/需求/意见记录表》)")
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--date <day>', 'YYYY-MM-DD (default: today)')
    .option('--json', 'an array of entries')
    .option('--csv', 'CSV with a header line')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (opts: { config: string; date?: string; json?: boolean; csv?: boolean; lang?: string }) => {
      if (opts.json && opts.csv) throw new CliFailure('choose one of --json and --csv', 2);
      const config = configFrom(opts);
      const day = dayFrom(opts, config);
      const entries = await registerOfDay(config, day, systemClock.now());
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      } else if (opts.csv) {
        process.stdout.write(registerCsv(entries));
      } else {
        process.stdout.write(`${renderRegister(config.site.name, day, entries, langFrom(opts))}\n`);
      }
    });
}
