import type { Command } from 'commander';
import { logLines } from '../../projections/log-lines.js';
import { readDay } from '../../register/reader.js';
import { configFrom, dayFrom } from '../options.js';

export function logCommand(program: Command): void {
  program
    .command('log')
    .description("print a day's journal events, one per line (personal data left out)")
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--date <day>', 'YYYY-MM-DD (default: today)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { config: string; date?: string; json?: boolean }) => {
      const config = configFrom(opts);
      const out = logLines(await readDay(config.dataDir, dayFrom(opts, config)), opts.json === true);
      if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    });
}
