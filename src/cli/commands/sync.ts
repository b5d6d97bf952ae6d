import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import type { SiteConfig } from '../../config/types.js';
import { askDaemon, NoDaemonError } from '../../control/control-socket.js';
import { createLogger } from '../../log.js';
import { DataDirLockedError } from '../../register/errors.js';
import { layout } from '../../register/layout.js';
import { DirLock, isLocked } from '../../register/lock.js';
import { SyncService, type SyncOutcome } from '../../sync/service.js';
import { CliFailure } from '../fail.js';
import { configFrom } from '../options.js';

async function viaDaemon(config: SiteConfig): Promise<SyncOutcome> {
  try {
    return await askDaemon<SyncOutcome>(config.dataDir, 'sync');
  } catch (err) {
    if (err instanceof NoDaemonError) {
      throw new CliFailure(`a daemon holds ${config.dataDir} but does not answer on its control socket (${err.message}); is it an older control-room? Restart it, then sync again`, 1);
    }
    throw new CliFailure((err as Error).message, 1);
  }
}

/** With no daemon running, `sync` takes the data directory's lock itself (so no daemon starts meanwhile) and syncs. */
async function directly(config: SiteConfig): Promise<SyncOutcome | undefined> {
  let lock: DirLock;
  try {
    lock = await DirLock.acquire(config.dataDir, layout.lock(config.dataDir));
  } catch (err) {
    if (err instanceof DataDirLockedError) return undefined; // a daemon started meanwhile: ask it
    throw err;
  }
  try {
    const service = new SyncService({ config, log: createLogger({ name: `control-room:${config.site.id}`, level: process.env.LOG_LEVEL ?? 'silent' }) });
    await service.load();
    const outcome = await service.syncNow();
    await service.stop();
    return outcome;
  } finally {
    await lock.release();
  }
}

function describe(o: SyncOutcome): string {
  if (!o.ok) return `sync to ${o.target} failed: ${o.error}`;
  const carried = o.sent === 0 ? 'nothing new to send' : `${o.sent} event${o.sent === 1 ? '' : 's'} in ${o.batches} batch${o.batches === 1 ? '' : 'es'}`;
  const waiting = o.deliveredSeq > o.acknowledgedSeq ? `; delivered up to seq ${o.deliveredSeq}, the desk's receipt comes when it imports` : '';
  return `synced to ${o.target}: ${carried}; the desk has acknowledged up to seq ${o.acknowledgedSeq}${waiting} (backlog ${o.backlog})`;
}

export function syncCommand(program: Command): void {
  program
    .command('sync')
    .description('sync to the service desk now: through the running daemon, or directly when none runs')
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--json', 'print the outcome as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      const config = configFrom(opts);
      if (!existsSync(config.dataDir)) throw new CliFailure(`nothing to sync: the data directory ${config.dataDir} does not exist yet (start the daemon first)`, 1);
      const outcome = (await isLocked(config.dataDir)) ? await viaDaemon(config) : ((await directly(config)) ?? (await viaDaemon(config)));
      process.stdout.write(`${opts.json ? JSON.stringify(outcome) : describe(outcome)}\n`);
      if (!outcome.ok) process.exitCode = 1;
    });
}
