import type { Command } from 'commander';
import { Engine } from '../../engine/engine.js';
import { createLogger } from '../../log.js';
import { CliFailure } from '../fail.js';
import { configFrom } from '../options.js';

export function startCommand(program: Command): void {
  program
    .command('start')
    .description('run the daemon: the register, the devices and (unless --headless) the console')
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--headless', 'no console; JSON logs on stdout, for a service manager')
    .action(async (opts: { config: string; headless?: boolean }) => {
      if (!opts.headless) {
        throw new CliFailure('this build has no console yet; run `control-room start --config FILE --headless`', 2);
      }
      const config = configFrom(opts);
      const log = createLogger({ name: `control-room:${config.site.id}` });
      const engine = await Engine.start(config, { logger: log, schedule: true });
      engine.bus.on('problem', (err) => log.error({ err: err.message }, 'background task failed'));
      await new Promise<void>((resolve) => {
        // SIGTERM (service manager) and SIGINT (Ctrl+C) both flush pending writes and free the lock.
        const shutdown = (signal: string) => {
          log.info({ signal }, 'stopping');
          engine.stop().then(resolve, (err: Error) => {
            log.error({ err: err.message }, 'stop failed');
            resolve();
          });
        };
        process.once('SIGTERM', () => shutdown('SIGTERM'));
        process.once('SIGINT', () => shutdown('SIGINT'));
      });
      log.flush();
    });
}
