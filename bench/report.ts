import { STEPS, type BreakdownRow } from './breakdown.js';
import type { Machine } from './machine.js';
import type { StartupSamples } from './startup.js';
import { median, type Summary } from './stats.js';

export interface BenchResults {
  machine: Machine;
  history: { days: number; perDay: number; events: number; bytes: number; buildMs: number; writeMs: number; firstDay: string; lastDay: string };
  appendDay: string;
  append: { empty: Summary; history: Summary; sqlite: Summary; lowdb: Summary; lowdbBytes: number };
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

/** A table row; the ratio is always ours / reference, so below 1 means ours is faster. */
function row(measure: string, ours: number, reference: number, refLabel: string, goal?: number): string {
  const ratio = ours / reference;
  const shown = ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2);
  const verdict = goal === undefined ? '–' : `≤ ${goal.toFixed(1)}: ${ratio <= goal ? 'met' : '**missed**'}`;
  return `| ${measure} | ${ms(ours)} | ${ms(reference)} (${refLabel}) | ${shown} | ${verdict} |`;
}

function summaryRow(name: string, s: Summary): string {
  return `| ${name} | ${s.n} | ${ms(s.mean)} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.min)} | ${ms(s.max)} |`;
}

function breakdownRow(b: BreakdownRow): string {
  const sum = STEPS.reduce((t, step) => t + b.steps[step], 0);
  return `| ${b.events} event${b.events === 1 ? '' : 's'} | ${(b.bytes / 1024).toFixed(0)} KiB | ${STEPS.map((step) => b.steps[step].toFixed(3)).join(' | ')} | ${sum.toFixed(3)} |`;
}

function startupRow(name: string, s: StartupSamples): string {
  return `| ${name} | ${ms(s.first)} | ${ms(median(s.samples))} | ${s.samples.map((x) => x.toFixed(0)).join(', ')} | ${s.seq} |`;
}

export function renderReport(r: BenchResults): string {
  const { append: a, startup: s, history: h, machine: m } = r;
  const runs = s.inProcess.history.samples.length;
  const ip = { empty: median(s.inProcess.empty.samples), history: median(s.inProcess.history.samples) };
  const wp = { empty: median(s.process.empty.samples), history: median(s.process.history.samples) };
  return `# control-room register benchmark

${m.date} · ${m.cpu} · ${m.cores} cores · ${m.memoryGiB.toFixed(1)} GiB · Node ${m.node} · ${m.os}
Temp dir ${m.tmpdir} on ${m.fileSystem} · whole run ${(r.totalMs / 1000).toFixed(1)} s

**Numbers vary with the disk.** An append waits for fsync, so its latency is mostly the storage's
flush time (here: whatever the virtual disk behind ${m.fileSystem} does); compare ratios, not
milliseconds, across machines, and rerun on the target PC before drawing conclusions.

## Summary

Ratio = ours / reference (below 1: ours is faster).

| measure | ours | reference | ratio | goal |
|---|---|---|---|---|
${row('append p50: year of history vs empty journal', a.history.p50, a.empty.p50, 'empty journal', 1.2)}
${row('append p99: year of history vs empty journal', a.history.p99, a.empty.p99, 'empty journal')}
${row('append p50: ours (year of history) vs SQLite WAL, synchronous=FULL', a.history.p50, a.sqlite.p50, 'SQLite', 2.0)}
${row('append p99: ours (year of history) vs SQLite WAL, synchronous=FULL', a.history.p99, a.sqlite.p99, 'SQLite')}
${row(`append p50: ours vs stock lowdb JSONFile, year in one file (n=${a.lowdb.n})`, a.history.p50, a.lowdb.p50, 'lowdb')}
${row(`append p99: ours vs stock lowdb JSONFile, year in one file (n=${a.lowdb.n})`, a.history.p99, a.lowdb.p99, 'lowdb')}
${row(`start-up in-process (Engine.start), year of history vs empty dir, median of ${runs}`, ip.history, ip.empty, 'empty dir', 2.0)}
${row(`start-up whole process (CLI to "register ready"), year of history vs empty dir, median of ${runs}`, wp.history, wp.empty, 'empty dir', 2.0)}

## Append latency

Each append is one event, awaited before the next; all stores append the same entry.created draft,
sealed (seq, time, hash chain, piiDigest) inside the timed region.

| case | n | mean | p50 | p99 | min | max |
|---|---|---|---|---|---|---|
${summaryRow('ours, empty journal, into a fresh day file', a.empty)}
${summaryRow('ours, year of history, into a fresh day file', a.history)}
${summaryRow('SQLite WAL + synchronous=FULL, year of history, 1 row per transaction', a.sqlite)}
${summaryRow(`stock lowdb JSONFile, year of history in one ${mib(a.lowdbBytes)} file (no fsync)`, a.lowdb)}

- Both journal cases append ${a.history.n} events into a new day file (${r.appendDay}), so each write
  rewrites one growing day file (1 to ${a.history.n} events) whether or not a year lies behind it.
  A write = temp file, fsync, rename, fsync of the directory.
- The SQLite table was filled with the same ${h.events.toLocaleString('en')} events in one transaction
  and checkpointed before the measured inserts (not measured).
- Stock lowdb rewrites the whole year on every write and never fsyncs; only ${a.lowdb.n} appends are
  measured because each one takes that long. With ${a.lowdb.n} samples its p99 is its maximum.
- Percentiles are nearest-rank: with ${a.history.n} samples p99 is the ${Math.ceil(0.99 * a.history.n)}th smallest.

## Start-up to ready

| case | first start | median of ${runs} repeats | repeats (ms) | head seq |
|---|---|---|---|---|
${startupRow('in-process, empty data dir', s.inProcess.empty)}
${startupRow('in-process, year of history', s.inProcess.history)}
${startupRow('whole process, empty data dir', s.process.empty)}
${startupRow('whole process, year of history', s.process.history)}

- Of the in-process start with history, Journal.open alone (list the day files, read the size and
  both ends of each for the quick integrity check, verify the last two link by link) takes a median ${ms(s.journalOpen)};
  the rest is the lock, the site key and the projections (the last 7 days parsed again).
- The in-process start of an empty directory does almost nothing, so any work that grows with the
  history shows up as a large ratio there; the whole-process ratio includes Node's own start-up
  and module loading, which is what an operator waiting for the daemon actually sees.
- One data directory per case, reused for every start. The history ends on ${h.lastDay} (yesterday),
  so the very first start of that directory appends a \`day.closed\` (one durable write); the first
  start of the empty directory creates site.key. Those first starts are shown apart and are not in
  the medians; the repeats then all start from the same settled directory (nothing left to close).
- The whole-process starts ran after the in-process ones on the same directories, so their
  "first start" is only a warm-up (Node and the modules come into the page cache). Each is timed
  from spawn to the "register ready" log line, then the daemon gets SIGTERM
  (stop took a median ${ms(median(s.process.history.stops))} with history, ${ms(median(s.process.empty.stops))} empty; not counted).
- The day files had just been written, so they were in the page cache: these are warm starts. A
  first start after a reboot also reads the ends of every day file from disk, which grows with
  the history (one small read at each end per day file).

## Where an append's time goes

Journal.append's steps replayed one by one with a timer between them (median of 30, ms), for a day
file that holds 1, ${r.breakdown.rows[1]?.events ?? '?'} and ${r.breakdown.rows.at(-1)?.events ?? '?'} events before the write. The whole day file is
written and fsynced on every append (only the new event is serialized; earlier lines are reused),
so the per-append cost grows through the day.

| day file | size | ${STEPS.join(' | ')} | sum |
|---|---|${STEPS.map(() => '---|').join('')}---|
${r.breakdown.rows.map(breakdownRow).join('\n')}

For scale: appending 700 bytes to a file and fdatasync-ing it takes ${ms(r.breakdown.syncFloor)} (median of 100) on
this disk; that is roughly what one SQLite WAL commit has to pay, against the journal's two fsyncs
(file and directory) plus a whole-file rewrite per append.

## Set-up (not measured above)

- History: ${h.days} days × ${h.perDay} events = ${h.events.toLocaleString('en')} events (${h.firstDay} … ${h.lastDay}, Asia/Shanghai),
  ${mib(h.bytes)} of day files per copy; built with seal() in ${(h.buildMs / 1000).toFixed(1)} s, written (two copies, one fsync per file) in ${(h.writeMs / 1000).toFixed(1)} s.
- Order: journal appends, SQLite, start-ups, the breakdown, and stock lowdb last (its 70 MB
  rewrites would leave write-back work that disturbs fsync-bound measures after it).
- Everything ran in one temp directory under ${m.tmpdir}, removed at the end.
`;
}
