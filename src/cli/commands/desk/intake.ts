import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreSpecError } from '../../../desk/folder-store.js';
import type { Command } from 'commander';
import { importFolder } from '../../../desk/folder-import.js';
import { openStore } from '../../../desk/open-store.js';
import { serveDesk } from '../../../desk/serve.js';
import { createLogger } from '../../../log.js';
import { CliFailure } from '../../fail.js';
import { CONFIG_HELP, deskConfigFrom, need, out, portFrom, secretsFrom, storeOf, STORE_HELP, withStore } from './common.js';
import { said } from './language.js';
import { intakeHandler } from '../../../desk/serve.js';
import { RefusalLog } from '../../../desk/web/data/refusal-log.js';
import { loadDeskConfig } from '../../../desk/config/load.js';
import { systemClock } from '../../../time/clock.js';
import { langFrom } from '../../options.js';
import { noBatchesText, renderImportReport, servingText } from '../../../../screens/text/desk-import.js';

/** `desk import` (a shared folder) and `desk serve` (HTTP): how batches reach the desk. */
export function addIntake(desk: Command): void {
  desk
    .command('import')
    .description('take in the batches in a shared folder (idempotent), writing a receipt for each')
    .argument('[source]', 'the shared folder the control rooms sync to (their dir: target; desk.json inbox by default)')
    .option('--config <file>', CONFIG_HELP)
    .option('--store <store>', STORE_HELP)
    .option('--secrets <file>', 'JSON {"SITE": "secret", ...}: each site\'s own sync.secret (CONTROL_ROOM_DESK_SECRET, one for all sites, only with a warning)')
    .option('--watch [seconds]', 'keep looking for new batches every so many seconds (default 10)')
    .option('--json', 'print the report as JSON')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (sourceArg: string | undefined, opts: { config?: string; store?: string; secrets?: string; watch?: string | boolean; json?: boolean; lang?: string }) => {
      const lang = langFrom(opts);
      const cfg = deskConfigFrom(opts);
      need([['SOURCE', sourceArg ?? cfg?.inbox], ['--store', storeOf(opts, cfg)]]);
      const every = opts.watch === undefined ? 0 : opts.watch === true ? 10 : Number(opts.watch);
      if (!Number.isFinite(every) || every < 0) throw new CliFailure(said().notSeconds(String(opts.watch)), 2);
      const folder = sourceFolder((sourceArg ?? cfg?.inbox)!);
      const secretFor = cfg ? (site: string) => cfg.secrets.get(site) : secretsFrom(opts);
      // The first SIGTERM or SIGINT stops the run after the batch in hand (a batch is bounded, so
      // within a second); a second one ends the process at once.
      const stop = new AbortController();
      const onSignal = () => {
        if (stop.signal.aborted) process.exit(130);
        stop.abort();
      };
      process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
      let troubled = 0;
      await withStore(storeOf(opts, cfg)!, true, async (store) => {
        do {
          const report = await importFolder(store, folder, secretFor, () => new Date(systemClock.now()).toISOString(), stop.signal);
          troubled += report.refused.length + report.skipped.length + report.failed.length;
          if (opts.json) out(JSON.stringify(report));
          else {
            const said = renderImportReport(report, lang);
            for (const line of said.out) out(line);
            for (const line of said.err) process.stderr.write(`${line}\n`);
            if (!every && report.taken.length + report.refused.length + report.skipped.length + report.failed.length === 0) out(noBatchesText(folder, lang));
          }
          if (every && !stop.signal.aborted) await sleep(every * 1000, stop.signal);
        } while (every && !stop.signal.aborted);
      });
      if (troubled > 0) process.exitCode = 1;
    });

  desk
    .command('serve')
    .description('receive batches over HTTP (POST /batches) from control rooms whose sync.target is http://THIS:PORT')
    .option('--config <file>', `${CONFIG_HELP}; with it the desk's pages are served beside the batch API`)
    .option('--port <n>', 'the port to listen on')
    .option('--store <store>', STORE_HELP)
    .option('--host <address>', 'the address to listen on (without --config: 0.0.0.0)')
    .option('--secrets <file>', 'JSON {"SITE": "secret", ...}: each site\'s own sync.secret (CONTROL_ROOM_DESK_SECRET, one for all sites, only with a warning)')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (opts: { config?: string; port?: string; store?: string; host?: string; secrets?: string; lang?: string }) => {
      if (opts.config) return serveWithPages(opts);
      need([['--port', opts.port], ['--store', opts.store]]);
      const port = portFrom(opts.port!);
      const log = createLogger({ name: 'control-room:desk' });
      const secretFor = secretsFrom(opts, (m) => log.warn(m));
      const store = await openStore(opts.store!, { create: true }).catch((err: Error) => {
        throw new CliFailure(err.message, err instanceof StoreSpecError ? 2 : 1);
      });
      const server = await serveDesk({ store, secretFor, port, host: opts.host ?? '0.0.0.0', log, now: () => new Date(systemClock.now()).toISOString() });
      log.info({ port: server.port, host: opts.host ?? '0.0.0.0', store: store.description }, 'desk listening for batches');
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

/**
 * `desk serve --config desk.json`: the desk's pages and the batch API on one port, over the store
 * desk.json names, each site's batches checked with its own secret. Prints the address to open.
 */
async function serveWithPages(opts: { config?: string; port?: string; host?: string; lang?: string }): Promise<void> {
  const lang = langFrom(opts);
  const cfg = loadDeskConfig(opts.config!);
  const port = opts.port === undefined ? undefined : portFrom(opts.port);
  const log = createLogger({ name: 'control-room:desk' });
  const store = await openStore(cfg.store, { create: true }).catch((err: Error) => {
    throw new CliFailure(err.message, err instanceof StoreSpecError ? 2 : 1);
  });
  const now = () => new Date(systemClock.now()).toISOString();
  const refusals = new RefusalLog(cfg.dataDir);
  const handle = intakeHandler({ store, secretFor: (site) => cfg.secrets.get(site), log, now, onRefused: (r) => refusals.add(now(), r) });
  // Loaded here, not with the command line: the pages' framework is no weight for the daemon.
  const { startDeskWeb } = await import('../../../desk/web/server.js');
  const web = await startDeskWeb({ config: cfg, store, log, intake: handle, ...(port !== undefined ? { port } : {}), ...(opts.host ? { host: opts.host } : {}) });
  log.info({ url: web.url, store: store.description, tls: cfg.tls !== undefined }, 'desk serving its pages and the batch API');
  out(servingText(web.url, lang));
  await new Promise<void>((done) => {
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
  await web.close();
  await store.close();
  log.flush();
}

/** SOURCE must be a folder that is there: a wrong path is bad input (exit 2), said plainly. */
function sourceFolder(source: string): string {
  const folder = resolve(source);
  try {
    if (statSync(folder).isDirectory()) return folder;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliFailure(`${folder} does not exist; give the shared folder the control rooms sync to (their sync.target dir:PATH), mounted`, 2);
    if (code === 'EACCES') throw new CliFailure(`${folder} cannot be read: no permission (run the desk as a user that may read and write the shared folder)`, 2);
    throw new CliFailure(`${folder} cannot be read (${code ?? (err as Error).message})`, 2);
  }
  throw new CliFailure(`${folder} is a file, not a folder; give the shared folder the control rooms sync to`, 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });
}
