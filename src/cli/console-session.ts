import { constants, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import type { SiteConfig } from '../config/types.js';
import { startDaemon, type DaemonOptions } from '../daemon.js';
import { createLogger } from '../log.js';
import { Console } from '../../screens/console/console.js';
import type { Lang } from '../../screens/text/labels.js';
import { consoleWords } from '../../screens/console/words.js';
import { CliFailure } from './fail.js';

export interface ConsoleSessionOptions extends DaemonOptions {
  lang: Lang;
  demoScan?: (badge: string) => void;
}

/**
 * The daemon with its console on this terminal. Logs go to `DATA/control-room.log` (the screen is
 * the console's). F10, SIGTERM or SIGINT stop the console, flush the register and free the lock.
 */
export async function runConsoleSession(config: SiteConfig, options: ConsoleSessionOptions): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new CliFailure('the console needs a terminal; for a service manager run `control-room start --config FILE --headless`', 2);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const logFile = join(config.dataDir, 'control-room.log');
  // Opened without following a link: one planted at this name must not be written through.
  const { O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW } = constants;
  const logFd = openSync(logFile, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW, 0o640);
  const log = createLogger({ name: `control-room:${config.site.id}` }, pino.destination({ fd: logFd, sync: false }));
  let quit: (why: string) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => (quit = resolve));
  process.on('SIGTERM', () => quit('SIGTERM'));
  process.on('SIGINT', () => quit('SIGINT'));
  // A lost terminal (the window closed, ssh dropped) ends the session cleanly too.
  process.on('SIGHUP', () => quit('SIGHUP'));
  const daemon = await startDaemon(config, log, options);
  const console = new Console({
    engine: daemon.engine,
    lang: options.lang,
    links: () => daemon.links(),
    ...(options.demoScan ? { demoScan: options.demoScan } : {}),
    logger: log,
    onQuit: () => quit('F10'),
  });
  console.start();
  const why = await stopped;
  if (why !== 'F10') console.stop();
  log.info({ why }, 'stopping');
  await daemon.stop();
  log.flush();
  process.stdout.write(`${consoleWords(options.lang).stopped(why, config.dataDir)}\n`);
}
