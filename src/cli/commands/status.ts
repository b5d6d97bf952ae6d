import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { syncStatus } from '../../sync/sync-status.js';
import { CallBoard } from '../../projections/calls.js';
import { EscalationBoard } from '../../projections/escalations.js';
import { EntryBook } from '../../projections/entries.js';
import { OrderBoard } from '../../projections/orders.js';
import { registerOfDay } from '../../projections/register-day.js';
import { readSince } from '../../register/reader.js';
import { projectionWindow } from '../../projections/window.js';
import type { PanelStats } from '../../../devices/intercom/panel.js';
import type { LinkState } from '../../../devices/link.js';
import { DutyBoard, type OnDuty } from '../../projections/duty.js';
import { layout, listDayFiles } from '../../register/layout.js';
import { isLocked } from '../../register/lock.js';
import { readDay } from '../../register/reader.js';
import { localDay, localIso } from '../../time/zone.js';
import { configFrom } from '../options.js';
import { systemClock } from '../../time/clock.js';

/** What the running daemon last wrote about its devices (they live only in its memory). */
interface DaemonReport {
  panel: PanelStats | null;
  badgeReaders?: { name: string; link: LinkState }[];
  at: string;
}

async function daemonStatus(dataDir: string): Promise<DaemonReport | undefined> {
  try {
    return JSON.parse(await readFile(layout.status(dataDir), 'utf8')) as DaemonReport;
  } catch {
    return undefined;
  }
}

async function daemonPid(dataDir: string): Promise<number | undefined> {
  if (!(await isLocked(dataDir))) return undefined;
  try {
    return (JSON.parse(await readFile(layout.lock(dataDir), 'utf8')) as { pid: number }).pid;
  } catch {
    return -1; // held, but the holder's note is unreadable
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
      const now = systemClock.now();
      const today = localDay(now, config.site.timezone);
      const files = await listDayFiles(config.dataDir);
      const lastFile = files.at(-1);
      const lastEvent = lastFile ? (await readDay(config.dataDir, lastFile.day)).at(-1) : undefined;
      const entries = await registerOfDay(config, today, now);
      const pid = await daemonPid(config.dataDir);
      const report = pid ? await daemonStatus(config.dataDir) : undefined;
      // The daemon rewrites its report every 2 s; an older one says nothing about now.
      const fresh = report !== undefined && now - Date.parse(report.at) < 10_000;
      const live = fresh ? report : undefined;
      const unknown = !pid ? 'unknown (daemon not running)' : report ? `unknown (no report from the daemon since ${report.at})` : 'unknown (no report from the daemon yet)';
      const board = new CallBoard(config.callbackMinutes * 60_000);
      const duty = new DutyBoard();
      const orderBoard = new OrderBoard(config.site.timezone, config.workStandardMinutes);
      const escalations = new EscalationBoard();
      const book = new EntryBook(config.site.timezone, config.deadlineHours);
      const { from, note } = await projectionWindow(config.dataDir, today);
      const events = await readSince(config.dataDir, from);
      const noted = note?.onDuty as OnDuty | null | undefined;
      if (noted && !events.some((e) => e.kind.startsWith('duty.'))) duty.restore(noted);
      for (const e of events) {
        board.apply(e);
        duty.apply(e);
        orderBoard.apply(e);
        escalations.apply(e);
        book.apply(e);
      }
      // R5: every open entry, however old (the days read back reach the oldest one still open).
      const open = book.all(now).filter((e) => e.status === 'open');
      const overdue = open.filter((e) => e.overdue);
      const openOrders = orderBoard.open(now);
      const onDuty = duty.onDuty();
      const owed = board.callbacksOwed(now, (ms) => localIso(ms, config.site.timezone));
      const panel = config.panel
        ? {
            port: config.panel.path,
            link: live?.panel ? (live.panel.link.up ? 'up' : 'down') : unknown,
            since: live?.panel ? localIso(live.panel.link.since, config.site.timezone) : null,
            reason: live?.panel?.link.reason ?? null,
            framesReceived: live?.panel?.framesReceived ?? null,
            duplicates: live?.panel?.duplicates ?? null,
            discarded: live?.panel?.discarded ?? null,
          }
        : null;
      const status = {
        site: config.site,
        daemon: pid ? { running: true, pid } : { running: false },
        onDuty,
        // H8: a holiday held without a supervisor, until one signs on.
        holidayBreach: duty.holidayBreach(),
        panel,
        badgeReaders: live?.badgeReaders?.length
          ? live.badgeReaders.map((r) => ({ name: r.name, link: r.link.up ? 'up' : 'down', since: localIso(r.link.since, config.site.timezone), reason: r.link.reason }))
          : config.badgeReaders.map((r) => ({ name: r.type === 'keyboard' ? 'keyboard (console)' : r.type, link: unknown })),
        callbacksOwed: { count: owed.length, overdue: owed.filter((c) => c.overdue).length, oldest: owed[0]?.missedAt ?? null },
        alarmsOpen: board.openAlarms().length,
        // W3, W4, W6 and H4 d at a glance; H9 reports not yet acknowledged.
        orders: {
          open: openOrders.length,
          major: openOrders.filter((o) => o.major).length,
          late: openOrders.filter((o) => o.late).length,
          escalated: openOrders.filter((o) => o.escalated).length,
          // W6: cash taken in violation, on an order still open or recorded today (it may come to light after signing).
          cashViolations: orderBoard.cashViolations(today, now).length,
        },
        escalationsOpen: escalations.openEscalations().length,
        openEntries: { count: open.length, overdue: overdue.length, overdueIds: overdue.map((e) => e.id), oldestReceivedAt: open.map((e) => e.receivedAt).sort()[0] ?? null },
        journal: { lastSeq: lastEvent?.seq ?? 0, lastAt: lastEvent?.at ?? null, days: files.length },
        today: {
          day: today,
          entries: entries.length,
          open: entries.filter((e) => e.status === 'open').length,
          unclear: entries.filter((e) => e.unclear.length > 0).length,
          overdue: entries.filter((e) => e.overdue).length,
        },
        sync: await syncStatus(config, lastEvent?.seq ?? 0, now),
      };
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return;
      }
      const lines = [
        `${config.site.name} (${config.site.id})`,
        `daemon:   ${pid ? `running (pid ${pid})` : 'not running'}`,
        `on duty:  ${onDuty ? `${onDuty.name} (${onDuty.badge}) since ${onDuty.since}${awayText(onDuty)}` : 'nobody signed on: scan an operator badge'}`,
        ...(status.holidayBreach ? [`H8:       no supervisor on duty on a holiday (${status.holidayBreach.holidays.join(', ')}) since ${status.holidayBreach.since}; a supervisor signs on (F6) to end it`] : []),
        `badges:   ${status.badgeReaders.map((r) => `${r.name} ${r.link}`).join(', ') || 'no reader configured'}`,
        `panel:    ${panel ? `${panel.port} ${panel.link}${panel.since ? ` since ${panel.since}` : ''}${panel.reason && panel.link === 'down' ? ` (${panel.reason})` : ''}` : 'not configured'}`,
        `calls:    ${owed.length} callbacks owed (${owed.filter((c) => c.overdue).length} overdue), ${board.openAlarms().length} alarms open, ${status.escalationsOpen} reports to the director not acknowledged`,
        `orders:   ${status.orders.open} open (${status.orders.major} major, ${status.orders.late} late, ${status.orders.escalated} escalated), ${status.orders.cashViolations} with cash taken in violation of W6`,
        `journal:  last seq ${status.journal.lastSeq}${status.journal.lastAt ? ` at ${status.journal.lastAt}` : ''}, ${files.length} day files`,
        `today:    ${status.today.entries} entries, ${status.today.open} open, ${status.today.unclear} unclear, ${status.today.overdue} overdue`,
        `open:     ${open.length} entries open, ${overdue.length} overdue${overdue.length ? ` (${overdue.map((e) => e.id).join(', ')})` : ''}`,
        `sync:     ${status.sync.summary}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/** H3: who covers while the person on duty is away, or since when they are absent. */
function awayText(d: OnDuty): string {
  if (d.relief) return `; stepped away, ${d.relief.name} (${d.relief.badge}) covers since ${d.relief.since}`;
  return d.absentSince ? `; ABSENT without relief since ${d.absentSince}` : '';
}
