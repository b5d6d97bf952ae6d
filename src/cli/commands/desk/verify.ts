import type { Command } from 'commander';
import { verifyStore } from '../../../desk/verify-store.js';
import { CONFIG_HELP, deskConfigFrom, need, out, siteFrom, storeOf, STORE_HELP, withStore } from './common.js';

/** `desk verify`: every site's chain recomputed at the desk. */
export function addVerify(desk: Command): void {
  desk
    .command('verify')
    .description("re-verify every site's chain in the store; exit 1 naming the first bad seq")
    .option('--config <file>', CONFIG_HELP)
    .option('--store <store>', STORE_HELP)
    .option('--site <id>', 'one site')
    .option('--json', 'print as JSON')
    .action(async (opts: { config?: string; store?: string; site?: string; json?: boolean }) => {
      const cfg = deskConfigFrom(opts);
      need([['--store', storeOf(opts, cfg), STORE_HELP]]);
      await withStore(storeOf(opts, cfg)!, false, async (store) => {
        const verdicts = await verifyStore(store, opts.site ? siteFrom(opts) : undefined);
        if (opts.json) out(JSON.stringify(verdicts, null, 2));
        else {
          for (const v of verdicts) {
            out(v.ok ? `${v.site}: intact, ${v.events} event${v.events === 1 ? '' : 's'}, seq 1-${v.lastSeq}, ${v.batches} batch${v.batches === 1 ? '' : 'es'}` : `${v.site}: BROKEN at seq ${v.seq}${v.day ? ` (${v.day})` : ''}: ${v.problem}`);
          }
          if (verdicts.length === 0) out(`${store.description} holds no sites yet`);
        }
        if (verdicts.some((v) => !v.ok)) process.exitCode = 1;
      });
    });
}
