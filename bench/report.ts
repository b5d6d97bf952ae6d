import { STEPS, type BreakdownRow } from './breakdown.js';
import type { Throughput } from './concurrent.js';
import type { Machine } from './machine.js';
import type { StartupSamples } from './startup.js';
import { median, type Summary } from './stats.js';

export interface BenchResults {
  machine: Machine;
  history: { days: number; perDay: number; events: number; bytes: number; buildMs: number; writeMs: number; firstDay: string; lastDay: string };
  appendDay: string;
  append: {
    /** Appends 1-300 into a fresh day of an empty journal. */
    empty: Summary;
    /** Appends 1-300, then 4,701-5,000, of one fresh day after a year of history. */
    dayStart: Summary;
    dayEnd: Summary;
    dayLength: number;
    sqlite: Summary;
    lowdb: Summary;
    lowdbBytes: number;
  };
  concurrent: { appenders: number; each: number; ours: Throughput; sqlite: Throughput };
  startup: {
    inProcess: { empty: StartupSamples; history: StartupSamples };
    /** Median ms of Journal.open alone on the history directory. */
    journalOpen: number;
    process: { empty: StartupSamples & { stops: number[] }; history: StartupSamples & { stops: number[] } };
  };
  breakdown: { rows: BreakdownRow[]; syncFloor: number };
  totalMs: number;
}

const ms = (x: number): string => (x < 1 ? `${x.toFixed(3)} ms` : x < 100 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`);
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function verdict(ratio: number, goal: { atMost?: number; atLeast?: number } | undefined): string {
  if (!goal) return '–';
  if (goal.atMost !== undefined) return `≤ ${goal.atMost.toFixed(1)}: ${ratio <= goal.atMost ? 'met' : '**missed**'}`;
  return `≥ ${goal.atLeast!.toFixed(1)}: ${ratio >= goal.atLeast! ? 'met' : '**missed**'}`;
}

/** A table row; the ratio is always ours / reference. */
function row(measure: string, ours: number, reference: number, refLabel: string, goal?: { atMost?: number; atLeast?: number }, unit = ms): string {
  const ratio = ours / reference;
  const shown = ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
  return `| ${measure} | ${unit(ours)} | ${unit(reference)} (${refLabel}) | ${shown} | ${verdict(ratio, goal)} |`;
}

const perSecond = (x: number) => `${Math.round(x).toLocaleString('en')}/s`;

function summaryRow(name: string, s: Summary): string {
  return `| ${name} | ${s.n} | ${ms(s.mean)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.min)} | ${ms(s.max)} |`;
}

function breakdownRow(b: BreakdownRow): string {
  const sum = STEPS.reduce((t, step) => t + b.steps[step], 0);
  return `| ${b.events.toLocaleString('en')} events | ${(b.bytes / 1024).toFixed(0)} KiB | ${STEPS.map((step) => b.steps[step].toFixed(3)).join(' | ')} | ${sum.toFixed(3)} |`;
}

function startupRow(name: string, s: StartupSamples): string {
  return `| ${name} | ${ms(s.first)} | ${ms(median(s.samples))} | ${s.samples.map((x) => x.toFixed(0)).join(', ')} | ${s.seq} |`;
}

export function renderReport(r: BenchResults): string {
  const { append: a, startup: s, history: h, machine: m, concurrent: c } = r;
  const runs = s.inProcess.history.samples.length;
  const ip = { empty: median(s.inProcess.empty.samples), history: median(s.inProcess.history.samples) };
  const wp = { empty: median(s.process.empty.samples), history: median(s.process.history.samples) };
  const endFrom = a.dayLength - a.dayEnd.n + 1;
  return `# control-room register benchmark

${m.date} · ${m.cpu} · ${m.cores} cores · ${m.memoryGiB.toFixed(1)} GiB · Node ${m.node} · ${m.os}
Temp dir ${m.tmpdir} on ${m.fileSystem} · whole run ${(r.totalMs / 1000).toFixed(1)} s

**Numbers vary with the disk.** An append waits for fdatasync, so its latency is mostly the storage's
flush time (here: whatever the virtual disk behind ${m.fileSystem} does); compare ratios, not
milliseconds, across machines, and rerun on the target PC before drawing conclusions.

## Summary

Ratio = ours / reference (below 1: ours is faster, except for throughput, where above 1 is).

| measure | ours | reference | ratio | goal |
|---|---|---|---|---|
${row(`append p50: events ${endFrom.toLocaleString('en')}-${a.dayLength.toLocaleString('en')} of a day vs its first ${a.dayStart.n} (year of history)`, a.dayEnd.p50, a.dayStart.p50, `events 1-${a.dayStart.n}`, { atMost: 1.2 })}
${row(`append p99: the same`, a.dayEnd.p99, a.dayStart.p99, `events 1-${a.dayStart.n}`)}
${row('append p50: a year of history vs an empty journal (first 300 of a day each)', a.dayStart.p50, a.empty.p50, 'empty journal', { atMost: 1.2 })}
${row(`append p50: ours (events ${endFrom.toLocaleString('en')}-${a.dayLength.toLocaleString('en')}) vs SQLite WAL, synchronous=FULL`, a.dayEnd.p50, a.sqlite.p50, 'SQLite', { atMost: 2.0 })}
${row('append p99: the same', a.dayEnd.p99, a.sqlite.p99, 'SQLite')}
${row(`${c.appenders} concurrent appenders, ${c.each} appends each: throughput, ours vs SQLite with the same ${c.appenders}`, c.ours.perSecond, c.sqlite.perSecond, 'SQLite', { atLeast: 0.5 }, perSecond)}
${row(`append p50: ours vs stock lowdb JSONFile, year in one file (n=${a.lowdb.n})`, a.dayStart.p50, a.lowdb.p50, 'lowdb')}
${row(`start-up in-process (Engine.start), year of history vs empty dir, median of ${runs}`, ip.history, ip.empty, 'empty dir')}
${row(`start-up whole process (CLI to "register ready"), year of history vs empty dir, median of ${runs}`, wp.history, wp.empty, 'empty dir', { atMost: 1.5 })}

## Append latency

Each append is one event, awaited before the next; all stores append the same entry.created draft,
sealed (seq, time, hash chain, piiDigest) inside the timed region.

| case | n | mean | p50 | p99 | min | max |
|---|---|---|---|---|---|---|
${summaryRow('ours, empty journal, events 1-300 of a fresh day', a.empty)}
${summaryRow(`ours, year of history, events 1-${a.dayStart.n} of a fresh day`, a.dayStart)}
${summaryRow(`ours, year of history, events ${endFrom.toLocaleString('en')}-${a.dayLength.toLocaleString('en')} of the same day`, a.dayEnd)}
${summaryRow('SQLite WAL + synchronous=FULL, year of history, 1 row per transaction', a.sqlite)}
${summaryRow(`stock lowdb JSONFile, year of history in one ${mib(a.lowdbBytes)} file (no fsync)`, a.lowdb)}

- An append writes its event's line to the end of the day file (O_APPEND) and fdatasyncs it, one
  write and one fdatasync whatever the day holds; the directory is fsynced only when the day's file
  is created (in the first append of each case).
- The SQLite table was filled with the same ${h.events.toLocaleString('en')} events in one transaction
  and checkpointed before the measured inserts (not measured); each of its ${a.sqlite.n} inserts was timed right
  after one of our last ${a.dayEnd.n} appends, so that both saw the disk at the same moments (a shared
  machine's flush time drifts from minute to minute).
- Stock lowdb rewrites the whole year on every write and never fsyncs; only ${a.lowdb.n} appends are
  measured because each one takes that long. With ${a.lowdb.n} samples its p99 is its maximum.
- Concurrent: ours is ${c.appenders} callers sharing one journal (group commit: appends arriving during a
  flush share the next), ${c.ours.events.toLocaleString('en')} events in ${ms(c.ours.ms)}; SQLite is ${c.appenders} threads with a
  connection each, one BEGIN IMMEDIATE transaction per event reading the chain's last row,
  ${c.sqlite.events.toLocaleString('en')} events in ${ms(c.sqlite.ms)}. Both from empty.
- Percentiles are nearest-rank: with ${a.dayEnd.n} samples p99 is the ${Math.ceil(0.99 * a.dayEnd.n)}th smallest.

## Start-up to ready

| case | first start | median of ${runs} repeats | repeats (ms) | head seq |
|---|---|---|---|---|
${startupRow('in-process, empty data dir', s.inProcess.empty)}
${startupRow('in-process, year of history', s.inProcess.history)}
${startupRow('whole process, empty data dir', s.process.empty)}
${startupRow('whole process, year of history', s.process.history)}

- Of the in-process start with history, Journal.open alone (list the day files, read the two ends
  of each and link them, read and verify the newest link by link) takes a median ${ms(s.journalOpen)};
  the rest is the lock, the site key and the projections (the last 7 days parsed again).
- The in-process start of an empty directory does almost nothing, so any work that grows with the
  history shows up as a large ratio there; the whole-process ratio includes Node's own start-up
  and module loading, which is what an operator waiting for the daemon actually sees.
- One data directory per case, reused for every start. The history ends on ${h.lastDay} (yesterday),
  so the very first start of that directory appends a \`day.closed\` (one durable write); the first
  start of the empty directory creates site.key. Those first starts are shown apart and are not in
  the medians.
- The whole-process starts ran after the in-process ones on the same directories, so their
  "first start" is only a warm-up (Node and the modules come into the page cache). Each is timed
  from spawn to the "register ready" log line, then the daemon gets SIGTERM
  (stop took a median ${ms(median(s.process.history.stops))} with history, ${ms(median(s.process.empty.stops))} empty; not counted).
- The day files had just been written, so they were in the page cache: these are warm starts.

## Where an append's time goes

One append's steps replayed with a timer between them (median of 30, ms), on a day file that already
holds 1, ${r.breakdown.rows[1]?.events.toLocaleString('en') ?? '?'} and ${r.breakdown.rows.at(-1)?.events.toLocaleString('en') ?? '?'} events.

| day file | size | ${STEPS.join(' | ')} | sum |
|---|---|${STEPS.map(() => '---|').join('')}---|
${r.breakdown.rows.map(breakdownRow).join('\n')}

For scale: appending 700 bytes to a file and fdatasync-ing it takes ${ms(r.breakdown.syncFloor)} (median of 100) on
this disk; that is what one SQLite WAL commit has to pay, and what a journal append pays too.

## Set-up (not measured above)

- History: ${h.days} days × ${h.perDay} events = ${h.events.toLocaleString('en')} events (${h.firstDay} … ${h.lastDay}, Asia/Shanghai),
  ${mib(h.bytes)} of day files per copy; built with seal() in ${(h.buildMs / 1000).toFixed(1)} s, written (two copies, one fsync per file) in ${(h.writeMs / 1000).toFixed(1)} s.
- Order: journal appends, SQLite, concurrent appenders, start-ups, the breakdown, the intercom, the
  flood, the console, sync, and stock lowdb last (its 70 MB rewrites would leave write-back work
  that disturbs fsync-bound measures after it).
- Everything ran in one temp directory under ${m.tmpdir}, removed at the end.
`;
}
