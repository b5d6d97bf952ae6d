/**
 * `npm run bench`: the register's performance claims, measured side by side in one run.
 *
 *   1. append latency through a day of 5,000 events after a year of history, against an empty
 *      journal, SQLite and stock lowdb; 16 concurrent appenders against SQLite's 16
 *   2. start-up to ready with a year of history vs an empty data directory
 *   3. the intercom: framing throughput, a call's way from the serial line to disk, a flood of
 *      2,000 calls a second with an alarm after it, and a stop under a backlog
 *   4. the console: a call's way from the serial line to the screen, and its memory
 *   5. sync to the service desk: a 30-day backlog to a folder and to PostgreSQL (needs PostgreSQL)
    progress("desk pages: busy day, a year's quality view, 50 clerks");
    const deskWeb = await measureDeskWeb((name) => ws.dir(name), timezone, progress);
    const report =
      renderReport(results) + renderIntercom(framing, callLatency, syncFloor) + renderConsole(consoleResult) + renderSync(sync) + renderHostileMix(hostile, HOSTILE) + renderDeskWeb(deskWeb);
 *   7. the machine it ran on
 *
 * Prints a markdown report and writes it to bench/results/latest.md (git-ignored). Progress goes
 * to stderr so that stdout is the report alone.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { localDay, localIso, previousDay, startOfDay } from '../src/time/zone.js';
import { measureJournalAppends, measureJournalAppendsBeside } from './append.js';
import { measureJournalConcurrent, measureSqliteConcurrent } from './concurrent.js';
import { measureConsole, renderConsole } from './console.js';
import { measureFlood, measureStopUnderBacklog, renderFlood } from './flood.js';
import { measureCallToDurable, measureFraming, renderIntercom } from './intercom.js';
import { appendBreakdown, rawSyncFloor } from './breakdown.js';
import { buildHistory, writeHistory } from './history.js';
import { measureLowdbAppends } from './lowdb-stock.js';
import { describeMachine } from './machine.js';
import { measuredDraft } from './payload.js';
import { ChainTail } from './reference.js';
import { renderReport, type BenchResults } from './report.js';
import { openSqliteReference } from './sqlite.js';
import { measureInProcess, measureJournalOpen, measureWholeProcess, writeTempConfig } from './startup.js';
import { mark, msSince, summarize } from './stats.js';
import { hostileMix, renderHostileMix, type HostileMixOptions } from './hostile-desk.js';
import { measureSync, renderSync } from './sync.js';
import { measureDeskWeb, renderDeskWeb } from './desk-web.js';
import { ROOT, Workspace, writeSiteKey } from './workspace.js';

const DAYS = 365;
const PER_DAY = 300;
const APPENDS = 300;
/** A busy day: the appends of the day after the history, the last 300 compared with the first. */
const DAY_APPENDS = 5_000;
const APPENDERS = 16;
const EACH = 200;
/** Stock lowdb rewrites the whole year per write; a few appends are enough to see its cost. */
const LOWDB_APPENDS = 20;
const STARTS = 5;
/** The sync bench's backlog: 30 days of the same history (9,000 events). */
const SYNC_DAYS = 30;
const SYNC_RUNS = 5;
/** Issue 17's hostile mix: 60 s of junk bodies of 1-300 MiB, slow bodies and replays around two sites' batches. */
const HOSTILE: HostileMixOptions = { seconds: 60, junkMinBytes: 2 ** 20, junkMaxBytes: 300 * 2 ** 20, junkClients: 4, slowClients: 4, eventsPerSite: 3000, batchEvents: 100 };

const began = mark();
const progress = (what: string) => process.stderr.write(`[bench ${(msSince(began) / 1000).toFixed(1).padStart(5)} s] ${what}\n`);

async function main(): Promise<void> {
  const machine = describeMachine();
  if (process.env.CONTROL_ROOM_BENCH === 'desk') return deskOnly();
  const config = loadConfig(join(ROOT, 'examples', 'config.json'));
  const { timezone } = config.site;
  // The history ends yesterday and the appends go into today: the same "today" the engine's real
  // clock sees at start-up, so the start-up and append cases describe one and the same directory state.
  const today = localDay(Date.now(), timezone);
  const lastDay = previousDay(today);
  const atMs = startOfDay(today, timezone) + 9 * 3600_000;
  const siteKey = randomBytes(32);
  const draft = measuredDraft(today);

  const ws = new Workspace();
  try {
    progress(`generating ${DAYS} days x ${PER_DAY} events in ${ws.root}`);
    let t = mark();
    const history = buildHistory({ lastDay, days: DAYS, perDay: PER_DAY, timezone, siteKey });
    const buildMs = msSince(t);
    const appendHistoryDir = ws.dir('append-history');
    const startHistoryDir = ws.dir('start-history');
    t = mark();
    const bytes = writeHistory(history, [appendHistoryDir, startHistoryDir]);
    const writeMs = msSince(t);
    writeSiteKey(startHistoryDir, siteKey);

    const journalCase = { timezone, siteKey, atMs, n: APPENDS, draft };
    progress('append: ours, empty journal');
    const empty = await measureJournalAppends({ ...journalCase, dataDir: ws.dir('append-empty') });
    const at = localIso(atMs, timezone);
    progress(`append: ours, year of history, ${DAY_APPENDS} appends into one day, SQLite (year loaded) in alternation with the last ${APPENDS}`);
    const sqliteReference = openSqliteReference(ws.dir('sqlite'), history.events, new ChainTail(history.events, at, siteKey), draft);
    const beside = await measureJournalAppendsBeside({ ...journalCase, n: DAY_APPENDS, dataDir: appendHistoryDir }, APPENDS, sqliteReference.insert);
    sqliteReference.close(APPENDS);
    const day = beside.samples;
    const sqlite = beside.reference;
    progress(`append: ${APPENDERS} concurrent appenders, ours and SQLite`);
    const concurrentCase = { timezone, siteKey, atMs, draft, appenders: APPENDERS, each: EACH };
    const concurrent = {
      appenders: APPENDERS,
      each: EACH,
      ours: await measureJournalConcurrent(ws.dir('concurrent-ours'), concurrentCase),
      sqlite: await measureSqliteConcurrent(ws.dir('concurrent-sqlite'), concurrentCase),
    };

    const startEmptyDir = ws.dir('start-empty');
    progress('start-up: in-process');
    const inProcess = {
      empty: await measureInProcess({ ...config, dataDir: startEmptyDir }, STARTS),
      history: await measureInProcess({ ...config, dataDir: startHistoryDir }, STARTS),
    };
    const journalOpen = await measureJournalOpen({ dataDir: startHistoryDir, timezone, siteKey }, STARTS);
    progress('start-up: whole process');
    const emptyConfig = join(ws.root, 'config-empty.json');
    const historyConfig = join(ws.root, 'config-history.json');
    writeTempConfig(emptyConfig, startEmptyDir, ws.dir('inbox-empty'));
    writeTempConfig(historyConfig, startHistoryDir, ws.dir('inbox-history'));
    const wholeProcess = {
      empty: await measureWholeProcess(emptyConfig, STARTS),
      history: await measureWholeProcess(historyConfig, STARTS),
    };

    progress('where an append\'s time goes');
    const breakdownDir = ws.dir('breakdown');
    const breakdown = await appendBreakdown(breakdownDir, draft, siteKey, at, [1, DAY_APPENDS / 2, DAY_APPENDS], 30);
    const syncFloor = rawSyncFloor(breakdownDir, 100);

    progress('intercom: framing throughput');
    const framing = measureFraming();
    progress('intercom: call-to-durable over socat (200 calls)');
    const callConfig = join(ws.root, 'config-calls.json');
    writeTempConfig(callConfig, ws.dir('calls'), ws.dir('inbox-calls'));
    const { calls: callLatency, bareFsyncMs } = await measureCallToDurable(ws.dir('pty'), callConfig, 200);
    progress('intercom: a flood of 2,000 calls a second for 20 s, then an alarm');
    const floodConfig = join(ws.root, 'config-flood.json');
    const floodData = ws.dir('flood');
    writeTempConfig(floodConfig, floodData, ws.dir('inbox-flood'));
    const flood = await measureFlood(ws.dir('flood-pty'), floodConfig, floodData, config.units.map((u) => u.station));
    progress('intercom: SIGTERM under a backlog');
    const backlogConfig = join(ws.root, 'config-backlog.json');
    writeTempConfig(backlogConfig, ws.dir('backlog'), ws.dir('inbox-backlog'));
    const backlogStop = await measureStopUnderBacklog(ws.dir('backlog-pty'), backlogConfig);
    progress('console: CALL to on screen in tmux (200 calls), memory after 1,000');
    const consoleConfig = join(ws.root, 'config-console.json');
    writeTempConfig(consoleConfig, ws.dir('console'), ws.dir('inbox-console'));
    const headlessConfig = join(ws.root, 'config-headless.json');
    writeTempConfig(headlessConfig, ws.dir('headless'), ws.dir('inbox-headless'));
    const consoleResult = await measureConsole(ws.dir('console-pty'), consoleConfig, headlessConfig);

    progress(`sync: a ${SYNC_DAYS}-day backlog to a folder and to PostgreSQL, ${SYNC_RUNS} runs each`);
    const syncDir = ws.dir('sync-history');
    // A journal of 30 days that was never synced (seq 1 on), shaped like the year's history.
    const backlog = buildHistory({ lastDay, days: SYNC_DAYS, perDay: PER_DAY, timezone, siteKey });
    const backlogBytes = writeHistory(backlog, [syncDir]);
    const sync = await measureSync({ ...config, dataDir: syncDir }, syncDir, backlog.events, backlogBytes, (name) => ws.dir(`sync/${name}`), SYNC_RUNS);

    progress(`desk serve under a hostile mix, ${HOSTILE.seconds} s`);
    const hostile = await hostileMix(HOSTILE);

    // Last, because each of its writes leaves a 70 MB file for the kernel to write back, which
    // would disturb any fsync-bound measure that came after it.
    progress(`append: stock lowdb, ${LOWDB_APPENDS} appends`);
    const lowdb = await measureLowdbAppends(ws.dir('lowdb'), history.events, new ChainTail(history.events, at, siteKey), draft, LOWDB_APPENDS);

    const results: BenchResults = {
      machine,
      history: { days: DAYS, perDay: PER_DAY, events: history.events.length, bytes, buildMs, writeMs, firstDay: history.days[0]!.day, lastDay },
      appendDay: today,
      append: {
        empty: summarize(empty),
        dayStart: summarize(day.slice(0, APPENDS)),
        dayEnd: summarize(day.slice(-APPENDS)),
        dayLength: DAY_APPENDS,
        sqlite: summarize(sqlite),
        lowdb: summarize(lowdb.samples),
        lowdbBytes: lowdb.fileBytes,
      },
      concurrent,
      startup: { inProcess, journalOpen, process: wholeProcess },
      breakdown: { rows: breakdown, syncFloor },
      totalMs: msSince(began),
    };
    progress("desk pages: busy day, a year's quality view, 50 clerks");
    const deskWeb = await measureDeskWeb((name) => ws.dir(name), timezone, progress);
    const report =
      renderReport(results) +
      renderIntercom(framing, callLatency, bareFsyncMs) +
      renderFlood(flood, backlogStop) +
      renderConsole(consoleResult) +
      renderSync(sync) +
      renderHostileMix(hostile, HOSTILE) +
      renderDeskWeb(deskWeb);
    const out = join(ROOT, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'latest.md'), report);
    process.stdout.write(report);
    progress(`done; report also in ${join(out, 'latest.md')}`);
  } finally {
    ws.remove();
  }
}

/** The desk's part alone (`CONTROL_ROOM_BENCH=desk npm run bench`), for working on the pages. */
async function deskOnly(): Promise<void> {
  const ws = new Workspace();
  try {
    const report = renderDeskWeb(await measureDeskWeb((name) => ws.dir(name), 'Asia/Shanghai', progress));
    process.stdout.write(report);
  } finally {
    ws.remove();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
