import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { loadConfig } from '../../../config/load.js';
import { loadDeskConfig } from '../../../desk/config/load.js';
import { demoFortnight } from '../../../desk/demo/history.js';
import { importFolder } from '../../../desk/folder-import.js';
import { openStore } from '../../../desk/open-store.js';
import { intakeHandler } from '../../../desk/serve.js';
import { PasswordFile } from '../../../desk/web/auth/passwords.js';
import { SyncService } from '../../../sync/service.js';
import { systemClock } from '../../../time/clock.js';
import { localIso } from '../../../time/zone.js';
import { CliFailure } from '../../fail.js';
import { out, portFrom } from './common.js';
import { langFrom } from '../../options.js';
import { deskDemoWords } from '../../../../screens/text/desk-demo.js';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../examples');

/** The demo's accounts: one of each role, passwords printed at start (a demo, never a real desk). */
export const DEMO_ACCOUNTS = [
  { badge: 'EMP-000601', password: 'demo-director', role: 'director' },
  { badge: 'EMP-000503', password: 'demo-supervisor', role: 'supervisor' },
  { badge: 'EMP-000501', password: 'demo-clerk-0501', role: 'clerk' },
];

/**
 * `desk demo`: the desk's pages on the example estate's synced register. A fortnight of the control
 * room is made up to now, synced through a shared folder and taken in by `desk import`'s own code,
 * then the pages start with a printed address and demo accounts.
 */
export function addDemo(desk: Command): void {
  desk
    .command('demo')
    .description("the desk's pages on a fortnight of the example estate, synced: prints the address and the demo accounts")
    .option('--port <n>', 'the port (default 8080; 0 for any free one)', '8080')
    .option('--data <dir>', 'keep everything in this folder (default: a new temporary folder)')
    .option('--lang <lang>', 'zh or en', 'zh')
    .action(async (opts: { port: string; data?: string; lang?: string }) => {
      const w = deskDemoWords(langFrom(opts));
      const port = portFrom(opts.port);
      const dir = opts.data ? resolve(opts.data) : mkdtempSync(join(tmpdir(), 'control-room-desk-demo-'));
      const inbox = join(dir, 'desk-inbox');
      mkdirSync(inbox, { recursive: true });
      const example = loadConfig(join(EXAMPLES, 'config.json'));
      const room = { ...example, dataDir: join(dir, 'control-room'), panel: undefined, sync: { ...example.sync, target: `dir:${inbox}` } };
      out(w.making(example.site.name, room.dataDir));
      await demoFortnight(room, systemClock.now());
      const synced = await new SyncService({ config: room }).syncNow();
      if (!synced.ok) throw new CliFailure(`the demo's sync failed: ${synced.error}`, 1);

      writeFileSync(join(dir, 'desk-roster.csv'), readExample('desk-roster.csv'));
      writeFileSync(join(dir, 'desk-secrets.json'), JSON.stringify({ [example.site.id]: example.sync.secret }));
      chmodSync(join(dir, 'desk-secrets.json'), 0o600);
      writeFileSync(
        join(dir, 'desk.json'),
        JSON.stringify({ store: './desk-store', sites: [example.site.id], secrets: 'desk-secrets.json', roster: 'desk-roster.csv', dataDir: './desk-data', inbox: './desk-inbox', listen: { host: '127.0.0.1', port } }, null, 2),
      );
      const cfg = loadDeskConfig(join(dir, 'desk.json'));
      const passwords = new PasswordFile(cfg.dataDir);
      for (const a of DEMO_ACCOUNTS) await passwords.set(a.badge, a.password, localIso(systemClock.now(), cfg.timezone));
      const store = await openStore(cfg.store, { create: true });
      const report = await importFolder(store, inbox, (site) => cfg.secrets.get(site), () => new Date(systemClock.now()).toISOString());
      const handle = intakeHandler({ store, secretFor: (s) => cfg.secrets.get(s), now: () => new Date(systemClock.now()).toISOString() });
      // Loaded here, not with the command line: the pages' framework is no weight for the daemon.
      const { startDeskWeb } = await import('../../../desk/web/server.js');
      const web = await startDeskWeb({ config: cfg, store, intake: handle });
      out(w.took(report.taken.reduce((n, t) => n + t.taken, 0)));
      out('');
      out(w.open(web.url));
      for (const a of DEMO_ACCOUNTS) out(w.account(w.roles[a.role] ?? a.role, a.badge, a.password));
      out('');
      out(w.where(dir));
      await new Promise<void>((done) => {
        process.once('SIGTERM', done);
        process.once('SIGINT', done);
      });
      await web.close();
      await store.close();
    });
}

function readExample(name: string): string {
  return readFileSync(join(EXAMPLES, name), 'utf8');
}
