import type { Command } from 'commander';
import { startDaemon } from '../../daemon.js';
import { createLogger } from '../../log.js';
import { configFrom, langFrom } from '../options.js';

/** A service manager waits 90 s before SIGKILL; the daemon gives itself far less to stop. */
const STOP_DEADLINE_MS = 4_500;

export function startCommand(program: Command): void {
  program
    .command('start')
    .description('run the daemon: the register, the devices and (unless --headless) the console')
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--headless', 'no console; JSON logs on stdout, for a service manager')
    .option('--lang <lang>', 'the console in zh (default) or en')
    .action(async (opts: { config: string; headless?: boolean; lang?: string }) => {
      const config = configFrom(opts);
      if (!opts.headless) {
        // Loaded only for the console: a headless daemon has no use for blessed and its screens.
        const { runConsoleSession } = await import('../console-session.js');
        return runConsoleSession(config, { lang: langFrom(opts) });
      }
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
      log.info({ signal, pendingAppends: daemon.engine.backlog }, 'stopping');
      // The devices stop first, so what is left to write is bounded (see PanelLink's maxUnrecorded)
      // and takes a write or two. Should the disk hang, the process still ends well inside a
      // service manager's stop timeout: what was not durable was never acknowledged, and the next
      // start cuts off an unfinished line.
      setTimeout(() => {
        log.error({ pendingAppends: daemon.engine.backlog }, `stop took over ${STOP_DEADLINE_MS / 1000} s (the disk?); exiting with appends not yet durable, none of them acknowledged`);
        log.flush();
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      try {
        await daemon.stop();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'stop failed');
        process.exitCode = 1;
      }
      log.flush();
    });
}
