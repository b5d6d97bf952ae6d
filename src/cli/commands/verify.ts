import type { Command } from 'commander';
import { layout } from '../../register/layout.js';
import { readSiteKey } from '../../register/site-key.js';
import { verifyJournal } from '../../register/verify.js';
import { CliFailure } from '../fail.js';
import { configFrom } from '../options.js';

export function verifyCommand(program: Command): void {
  program
    .command('verify')
    .description('recompute the hash chain; exit 0 when intact, 1 naming the first bad seq')
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--json', 'print the finding as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      const config = configFrom(opts);
      const key = await readSiteKey(config.dataDir);
      const result = await verifyJournal(config.dataDir, key);
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...result, piiChecked: key !== undefined })}\n`);
      if (result.ok) {
        if (!opts.json) {
          const note = key ? '' : ` (personal data not checked: ${layout.siteKey(config.dataDir)} is missing)`;
          process.stdout.write(`journal intact: ${result.events} events in ${result.files} day files, last seq ${result.lastSeq}${note}\n`);
          const torn = result.tornTail;
          if (torn) {
            process.stdout.write(
              `note: ${torn.file} ends in an unfinished line ${torn.line} (${torn.bytes} bytes at byte ${torn.offset}): an append under way, ` +
                `or one a crash or power cut interrupted before it was acknowledged; the daemon removes it when it starts\n`,
            );
          }
        }
        return;
      }
      const where = result.seq !== undefined ? `first bad seq ${result.seq}` : 'damaged file';
      // Named by seq: the events before the bad one verify, wherever their files end.
      const before = result.seq === undefined ? `${result.events} events in the files before it verify` : result.seq > 1 ? `seq 1-${result.seq - 1} before it verify` : 'it is the first event';
      throw new CliFailure(`journal damaged: ${where} in ${result.file}: ${result.line !== undefined ? `line ${result.line}: ` : ''}${result.problem}. ${before}. Restore the file from backup or the service desk's copy.`, 1);
    });
}
