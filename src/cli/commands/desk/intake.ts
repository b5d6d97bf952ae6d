import { resolve } from 'node:path';
import type { Command } from 'commander';
import { importFolder } from '../../../desk/folder-import.js';
import { openStore } from '../../../desk/open-store.js';
import { serveDesk } from '../../../desk/serve.js';
import { createLogger } from '../../../log.js';
import { CliFailure } from '../../fail.js';
import { out, secretsFrom, STORE_HELP, withStore } from './common.js';
import { systemClock } from '../../../time/clock.js';

/** `desk import` (a shared folder) and `desk serve` (HTTP): how batches reach the desk. */
export function addIntake(desk: Command): void {
  desk
    .command('import')
    .description('take in the batches in a shared folder (idempotent), writing a receipt for each')
    .argument('<source>', 'the shared folder the control rooms sync to (their dir: target)')
    .requiredOption('--store <store>', STORE_HELP)
    .option('--secrets <file>', 'JSON {"SITE": "secret"}; else CONTROL_ROOM_DESK_SECRET')
    .option('--watch [seconds]', 'keep looking for new batches every so many seconds (default 10)')
    .option('--json', 'print the report as JSON')
    .action(async (source: string, opts: { store: string; secrets?: string; watch?: string | boolean; json?: boolean }) => {
      const secretFor = secretsFrom(opts);
      const every = opts.watch === undefined ? 0 : opts.watch === true ? 10 : Number(opts.watch);
      if (!Number.isFinite(every) || every < 0) throw new CliFailure(`--watch "${String(opts.watch)}" is not a number of seconds`, 2);
      let refused = 0;
      await withStore(opts.store, true, async (store) => {
        let stop = false;
        const onSignal = () => (stop = true);
        process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
        do {
          const report = await importFolder(store, resolve(source), secretFor, () => new Date(systemClock.now()).toISOString());
          refused += report.refused.length;
          if (opts.json) out(JSON.stringify(report));
          else {
            for (const t of report.taken) out(`took ${t.file}: ${t.taken} new, ${t.skipped} already held; ${t.site} now ends at seq ${t.seq}`);
            for (const u of report.unreceipted) process.stderr.write(`taken, but no receipt could be written for ${u.file} (${u.reason}); it is taken again (skipped) next time\n`);
            for (const r of report.refused) process.stderr.write(`REFUSED ${r.file} (moved to refused/): ${r.reason}\n`);
            if (!every && report.taken.length === 0 && report.refused.length === 0) out(`no batches in ${resolve(source)}`);
          }
          if (every) await new Promise((r) => setTimeout(r, every * 1000));
        } while (every && !stop);
      });
      if (refused > 0) process.exitCode = 1;
    });

  desk
    .command('serve')
    .description('receive batches over HTTP (POST /batches) from control rooms whose sync.target is http://THIS:PORT')
    .requiredOption('--port <n>', 'the port to listen on')
    .requiredOption('--store <store>', STORE_HELP)
    .option('--host <address>', 'the address to listen on', '0.0.0.0')
    .option('--secrets <file>', 'JSON {"SITE": "secret"}; else CONTROL_ROOM_DESK_SECRET')
    .action(async (opts: { port: string; store: string; host: string; secrets?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliFailure(`--port "${opts.port}" is not a port number`, 2);
      const secretFor = secretsFrom(opts);
      const log = createLogger({ name: 'control-room:desk' });
      const store = await openStore(opts.store, { create: true }).catch((err: Error) => {
        throw new CliFailure(err.message, 1);
      });
      const server = await serveDesk({ store, secretFor, port, host: opts.host, log, now: () => new Date(systemClock.now()).toISOString() });
      log.info({ port: server.port, host: opts.host, store: store.description }, 'desk listening for batches');
      await new Promise<void>((done) => {
        process.once('SIGTERM', done);
        process.once('SIGINT', done);
      });
      await server.close();
      await store.close();
      log.info('desk stopped');
      log.flush();
    });
}
