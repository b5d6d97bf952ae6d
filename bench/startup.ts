import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SiteConfig } from '../src/config/types.js';
import { Engine } from '../src/engine/engine.js';
import { Journal, type JournalOptions } from '../src/register/journal.js';
import { systemClock } from '../src/time/clock.js';
import { mark, median, msSince } from './stats.js';
import { ROOT } from './workspace.js';

export interface StartupSamples {
  /** The first start on the directory: it may close a finished day (one durable append); reported apart. */
  first: number;
  /** The repeated starts that the median is taken over. */
  samples: number[];
  /** The journal head once started, to show the history was really there. */
  seq: number;
}

/**
 * (i) In-process: how long Engine.start takes to be ready (lock, site key, journal open and check,
 * projections, day close). engine.stop() follows each start but is not timed. The same directory
 * is reused: the first start may append a day.closed (the history ends yesterday), so it is run
 * and reported apart, and the repeats start from an identical, settled directory.
 */
export async function measureInProcess(config: SiteConfig, runs: number): Promise<StartupSamples> {
  const once = async (): Promise<{ ms: number; seq: number }> => {
    const start = mark();
    const engine = await Engine.start(config);
    const ms = msSince(start);
    const seq = engine.head.seq;
    await engine.stop();
    return { ms, seq };
  };
  const first = await once();
  const samples: number[] = [];
  let seq = first.seq;
  for (let i = 0; i < runs; i++) {
    const r = await once();
    samples.push(r.ms);
    seq = r.seq;
  }
  return { first: first.ms, samples, seq };
}

/**
 * A copy of examples/config.json pointing at the bench's data directory. The CSV lists are given
 * as absolute paths because the copy lives in a temp directory; the sync target too, so nothing
 * is ever written next to the examples.
 */
export function writeTempConfig(file: string, dataDir: string, inbox: string): void {
  const base = JSON.parse(readFileSync(join(ROOT, 'examples', 'config.json'), 'utf8')) as Record<string, unknown> & { sync: object };
  const abs = (name: string) => join(ROOT, 'examples', name);
  const config = { ...base, dataDir, roster: abs('roster.csv'), units: abs('units.csv'), fees: abs('fees.csv'), sync: { ...base.sync, target: `dir:${inbox}` } };
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * (ii) Whole process, as a service manager sees it: spawn the CLI daemon, time until its stdout
 * says "register ready" (node start-up and module loading included), then SIGTERM it and wait for
 * it to exit, so the next run finds the data directory unlocked. One untimed run first, like (i).
 */
export async function measureWholeProcess(configFile: string, runs: number): Promise<StartupSamples & { stops: number[] }> {
  const first = await startDaemonOnce(configFile);
  const samples: number[] = [];
  const stops: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await startDaemonOnce(configFile);
    samples.push(r.ready);
    stops.push(r.stop);
  }
  return { first: first.ready, samples, stops, seq: first.seq };
}

function startDaemonOnce(configFile: string): Promise<{ ready: number; stop: number; seq: number }> {
  return new Promise((resolve, reject) => {
    const start = mark();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'control-room.js'), 'start', '--config', configFile, '--headless'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ready: number | undefined;
    let seq = -1;
    let stopAt: bigint | undefined;
    let pending = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`daemon did not report "register ready" within 60 s; stderr: ${stderr}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (ready !== undefined || !line.startsWith('{')) continue;
        const msg = JSON.parse(line) as { msg?: string; seq?: number };
        if (msg.msg !== 'register ready') continue;
        ready = msSince(start);
        seq = msg.seq ?? -1;
        stopAt = mark();
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (ready === undefined || stopAt === undefined) {
        reject(new Error(`daemon exited (${code ?? signal}) before it was ready: ${stderr}`));
        return;
      }
      resolve({ ready, stop: msSince(stopAt), seq });
    });
  });
}

/**
 * The part of (i) that Journal.open takes on its own (list the day files, read both ends of each
 * and link them, verify the newest link by link), to show how much of a start-up with history is
 * the journal check rather than the projections or the lock. Median of `runs`.
 */
export async function measureJournalOpen(opts: Omit<JournalOptions, 'clock'>, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = mark();
    const journal = await Journal.open({ ...opts, clock: systemClock });
    samples.push(msSince(start));
    await journal.close();
  }
  return median(samples);
}
