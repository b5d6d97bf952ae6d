import type { Command } from 'commander';
import type { JournalEvent } from '../../register/event.js';
import { readDay } from '../../register/reader.js';
import { maskPhonesIn } from '../../log.js';
import { configFrom, dayFrom } from '../options.js';

/** An event as `log` prints it: personal data never leaves the register this way, only its digest. */
export function publicEvent(e: JournalEvent): Omit<JournalEvent, 'pii'> {
  const { pii: _pii, ...rest } = e;
  return rest;
}

export function logCommand(program: Command): void {
  program
    .command('log')
    .description("print a day's journal events, one per line (personal data left out)")
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--date <day>', 'YYYY-MM-DD (default: today)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { config: string; date?: string; json?: boolean }) => {
      const config = configFrom(opts);
      const events = await readDay(config.dataDir, dayFrom(opts, config));
      // A phone number typed into free text is masked too: `log` output is shared beyond the register.
      const out = events.map((e) =>
        maskPhonesIn(opts.json ? JSON.stringify(publicEvent(e)) : `${e.seq}\t${e.at}\t${e.kind}\t${e.actor}\t${JSON.stringify(e.data)}`),
      );
      if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
    });
}
