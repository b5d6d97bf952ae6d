import type { Command } from 'commander';
import { Engine } from '../../engine/engine.js';
import { createLogger } from '../../log.js';
import { configFrom } from '../options.js';

export function purgeCommand(program: Command): void {
  program
    .command('purge')
    .description('remove personal data older than retentionDays (P1); the chain still verifies. The daemon does this every midnight')
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .action(async (opts: { config: string }) => {
      const config = configFrom(opts);
      // Runs as the register's writer: refuses while a daemon holds the data directory.
      const engine = await Engine.start(config, { logger: createLogger({ level: 'warn' }) });
      try {
        const result = await engine.purgeExpiredPii();
        process.stdout.write(
          `personal data purged from ${result.events} events in ${result.files} day files before ${result.before} ` +
            `(retention ${config.retentionDays} days)\n`,
        );
      } finally {
        await engine.stop();
      }
    });
}
