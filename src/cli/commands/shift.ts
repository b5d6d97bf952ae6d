import type { Command } from 'commander';
import { renderDutyLog } from '../../../screens/text/shift-log.js';
import { maskPhonesIn } from '../../log.js';
import { dutyLogOfDay } from '../../projections/shift-log.js';
import { dayFrom, langFrom, siteFrom } from '../options.js';
import { systemClock } from '../../time/clock.js';

export function shiftCommand(program: Command): void {
  program
    .command('shift')
    .description('print the duty log (值班记录) of the shifts that start on a day: who was on duty, handovers, absences, escalations, entries')
    .option('--config <file>', 'the site configuration (JSON)')
    .option('--data <dir>', "instead of --config: the register `control-room demo --data DIR` kept (the example estate)")
    .option('--date <day>', 'YYYY-MM-DD (default: today)')
    .option('--json', 'print as JSON')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (opts: { config?: string; data?: string; date?: string; json?: boolean; lang?: string }) => {
      const config = siteFrom(opts);
      const lang = langFrom(opts);
      const log = await dutyLogOfDay(config, dayFrom(opts, config), systemClock.now());
      // Pending matters are free text: a phone number typed there is masked like in `log`.
      const text = opts.json ? JSON.stringify(log, null, 2) : renderDutyLog(log, lang);
      process.stdout.write(`${maskPhonesIn(text)}\n`);
    });
}
