import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { FakeBadgeReader } from '../../../devices/badge/reader.js';
import { DemoPanel } from '../../../devices/intercom/demo-panel.js';
import { demoConfig } from '../example.js';
import { CliFailure } from '../fail.js';
import { langFrom } from '../options.js';

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description('the console with the example estate, a simulated intercom panel and a simulated badge reader (no hardware needed)')
    .option('--data <dir>', 'keep the register in this folder (default: a new temporary folder)')
    .option('--lang <lang>', 'the console in zh (default) or en')
    .option('--pace <seconds>', 'mean seconds between simulated events', '20')
    .action(async (opts: { data?: string; lang?: string; pace: string }) => {
      const pace = Number(opts.pace);
      if (!(pace > 0 && pace <= 3600)) throw new CliFailure(`--pace "${opts.pace}" is not a number of seconds between 0 and 3600`, 2);
      const dataDir = opts.data ? resolve(opts.data) : mkdtempSync(join(tmpdir(), 'control-room-demo-'));
      const config = demoConfig(dataDir, { makeInbox: true });
      const reader = new FakeBadgeReader('demo-scanner');
      const { runConsoleSession } = await import('../console-session.js');
      await runConsoleSession(config, {
        lang: langFrom(opts),
        demoScan: (badge) => reader.scan(badge),
        devices: (engine) => ({
          panel: new DemoPanel((m) => engine.recordPanelMessage(m), {
            // Indoor stations are named B.., gates G.. and lifts L.. (shared/protocol/intercom-panel.md).
            stations: config.units.filter((u) => u.station.startsWith('B')).map((u) => u.station),
            gates: config.units.filter((u) => !u.station.startsWith('B')).map((u) => u.station),
            meanGapMs: pace * 1000,
          }),
          readers: [reader],
        }),
      });
    });
}
