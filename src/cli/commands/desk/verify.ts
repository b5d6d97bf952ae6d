import type { Command } from 'commander';
import { deskWords } from '../../../../screens/text/desk.js';
import { langFrom } from '../../options.js';
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
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (opts: { config?: string; store?: string; site?: string; json?: boolean; lang?: string }) => {
      const cfg = deskConfigFrom(opts);
      need([['--store', storeOf(opts, cfg)]]);
      await withStore(storeOf(opts, cfg)!, false, async (store) => {
        const verdicts = await verifyStore(store, opts.site ? siteFrom(opts) : undefined);
        const w = deskWords(langFrom(opts));
        if (opts.json) out(JSON.stringify(verdicts, null, 2));
        else {
          for (const v of verdicts) {
            out(v.ok ? w.intact(v.site, v.events, v.lastSeq, v.batches) : w.broken(v.site, v.seq, v.day, v.problem));
          }
          if (verdicts.length === 0) out(w.noSites(store.description));
        }
        if (verdicts.some((v) => !v.ok)) process.exitCode = 1;
      });
    });
}
