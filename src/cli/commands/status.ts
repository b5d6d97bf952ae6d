import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { nextSyncAt } from '../../domain/sync-schedule.js';
import { registerOfDay } from '../../projections/register-day.js';
import { layout, listDayFiles } from '../../register/layout.js';
import { readDay } from '../../register/reader.js';
import { localDay, localIso } from '../../time/zone.js';
import { configFrom } from '../options.js';

async function daemonPid(dataDir: string): Promise<number | undefined> {
  try {
    const { pid } = JSON.parse(await readFile(layout.lock(dataDir), 'utf8')) as { pid: number };
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export function statusCommand(program: Command): void {
  program
    .command('status')
    .description('who is on duty, devices, the journal, last and next sync')
    .requiredOption('--config <file>', 'the site configuration (JSON)')
    .option('--json', 'print as JSON')
    .action(async (opts: { config: string; json?: boolean }) => {
      const config = configFrom(opts);
      const now = Date.now();
      const today = localDay(now, config.site.timezone);
      const files = await listDayFiles(config.dataDir);
      const lastFile = files.at(-1);
      const lastEvent = lastFile ? (await readDay(config.dataDir, lastFile.day)).at(-1) : undefined;
      const entries = await registerOfDay(config, today, now);
      const pid = await daemonPid(config.dataDir);
      const status = {
        site: config.site,
        daemon: pid ? { running: true, pid } : { running: false },
        // Duty and device links are recorded by the badge and device layers; none are in this build yet.
        onDuty: null,
        devices: [
          ...(config.panel ? [{ kind: 'panel', path: config.panel.path, link: 'unknown' }] : []),
          ...config.badgeReaders.map((r) => ({ kind: `badge-${r.type}`, link: 'unknown' })),
        ],
        journal: { lastSeq: lastEvent?.seq ?? 0, lastAt: lastEvent?.at ?? null, days: files.length },
        today: {
          day: today,
          entries: entries.length,
          open: entries.filter((e) => e.status === 'open').length,
          unclear: entries.filter((e) => e.unclear.length > 0).length,
          overdue: entries.filter((e) => e.overdue).length,
        },
        sync: { last: null, next: localIso(nextSyncAt(config.sync.times, config.site.timezone, now), config.site.timezone) },
      };
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      const lines = [
        `${config.site.name} (${config.site.id})`,
        `daemon:   ${pid ? `running (pid ${pid})` : 'not running'}`,
        `on duty:  nobody signed on`,
        `journal:  last seq ${status.journal.lastSeq}${status.journal.lastAt ? ` at ${status.journal.lastAt}` : ''}, ${files.length} day files`,
        `today:    ${status.today.entries} entries, ${status.today.open} open, ${status.today.unclear} unclear, ${status.today.overdue} overdue`,
        `sync:     next ${status.sync.next}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
