import type { Command } from 'commander';
import { startDaemon } from '../../daemon.js';
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
      // Listen before starting: a SIGTERM during start-up must still end in a clean stop. Signals
      // that come again while stopping (a service manager signalling the whole process group, a
      // second Ctrl+C) are ignored: the stop is flushing the register and must finish.
      let stopping = false;
      const signalled = new Promise<string>((resolve) => {
        const onSignal = (signal: string) => {
          if (stopping) return void log.warn({ signal }, 'already stopping; waiting for pending writes');
          stopping = true;
          resolve(signal);
        };
        process.on('SIGTERM', () => onSignal('SIGTERM'));
        process.on('SIGINT', () => onSignal('SIGINT'));
      });
      const daemon = await startDaemon(config, log);
      const signal = await signalled;
      // SIGTERM (service manager) and SIGINT (Ctrl+C) both flush pending writes and free the lock.
      log.info({ signal }, 'stopping');
      try {
        await daemon.stop();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'stop failed');
        process.exitCode = 1;
      }
      log.flush();
    });
}
