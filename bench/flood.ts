/**
 * The flood, full size: 2,000 CALLs a second for 20 s from a simulated panel over a socat
 * pty into the real headless daemon, then a GAS alarm, timed from its last byte written to its
 * ACK (which the daemon sends only once it is durable). Beside it, the daemon's resident memory
 * through the flood, and a stop under a backlog: calls poured in as fast as the line takes them,
 * then SIGTERM, timed until the process has exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { encodeFrame } from '../devices/intercom/checksum.js';
import { floodCalls } from '../devices/intercom/flood.js';
import { PanelSimulator } from '../devices/intercom/simulator.js';
import { readSince } from '../src/register/reader.js';
import { mark, msSince } from './stats.js';
import { ROOT } from './workspace.js';

export interface FloodResult {
  perSecond: number;
  seconds: number;
  sent: number;
  /** call.received in the journal afterwards, and how many distinct calls they are. */
  recorded: number;
  distinct: number;
  givenUp: number;
  retransmissions: number;
  /** From the alarm's last byte written to its ACK. */
  alarmMs: number;
  /** Calls acknowledged between the alarm's sending and its ACK: the queue it waited behind. */
  aheadOfAlarm: number;
  rssStartMb: number;
  rssPeakMb: number;
  /** SIGTERM to exit, right after the flood. */
  stopMs: number;
}

export interface BacklogStopResult {
  poured: number;
  ackedBeforeSignal: number;
  pendingAppends: number;
  stopMs: number;
}

interface DaemonOnPty {
  panelEnd: string;
  daemon: ChildProcess;
  log: () => string;
  /** SIGTERM; resolves with ms until the process had exited. */
  stop: () => Promise<number>;
  close: () => void;
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function daemonOnPty(dir: string, configFile: string): Promise<DaemonOnPty> {
  const panelEnd = join(dir, 'panel');
  const hostEnd = join(dir, 'host');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${panelEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: 'ignore' });
  await until('socat', () => existsSync(panelEnd) && existsSync(hostEnd));
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(configFile, JSON.stringify({ ...config, panel: { path: hostEnd, baudRate: 115200 } }));
  const daemon = spawn(process.execPath, [join(ROOT, 'bin', 'control-room.js'), 'start', '--config', configFile, '--headless'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  daemon.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  const exited = new Promise<void>((done) => daemon.once('exit', () => done()));
  await until('the daemon to open the panel port', () => log.includes('panel port open'));
  return {
    panelEnd,
    daemon,
    log: () => log,
    stop: async () => {
      const start = mark();
      daemon.kill('SIGTERM');
      await exited;
      return msSince(start);
    },
    close: () => void socat.kill('SIGTERM'),
  };
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

export async function measureFlood(dir: string, configFile: string, dataDir: string, stations: readonly string[], perSecond = 2_000, seconds = 20): Promise<FloodResult> {
  const d = await daemonOnPty(dir, configFile);
  const pid = d.daemon.pid!;
  const sim = new PanelSimulator({ path: d.panelEnd, baudRate: 115200 });
  try {
    let callsAcked = 0;
    let alarmAcked: { at: number; calls: number } | undefined;
    sim.on('acked', (body) => {
      if (body.startsWith('CALL,')) callsAcked += 1;
      if (body.startsWith('ALARM,')) alarmAcked = { at: performance.now(), calls: callsAcked };
    });
    await sim.start();
    const rssStartMb = rssMb(pid);
    let rssPeakMb = rssStartMb;
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(pid))), 50);
    const sent = await floodCalls(sim, { perSecond, seconds, stations });
    const ackedAtAlarm = callsAcked;
    await sim.execute({ line: 0, text: 'alarm G01 GAS', kind: 'alarm', station: 'G01', alarm: 'GAS' });
    const alarmWritten = performance.now();
    await until('the alarm ACK', () => alarmAcked !== undefined, 60_000);
    await sim.settle(60_000);
    clearInterval(sampler);
    const summary = sim.summary();
    await sim.stop();
    const stopMs = await d.stop();
    const calls = (await readSince(dataDir, '0000-00-00')).filter((e) => e.kind === 'call.received');
    return {
      perSecond,
      seconds,
      sent,
      recorded: calls.length,
      distinct: new Set(calls.map((c) => c.data.callId)).size,
      givenUp: summary.givenUp.length,
      retransmissions: summary.retransmissions,
      alarmMs: alarmAcked!.at - alarmWritten,
      aheadOfAlarm: alarmAcked!.calls - ackedAtAlarm,
      rssStartMb,
      rssPeakMb,
      stopMs,
    };
  } finally {
    d.close();
  }
}

/** Calls poured in as fast as the line takes them; SIGTERM once `ackedFirst` are acknowledged. */
export async function measureStopUnderBacklog(dir: string, configFile: string, poured = 9_000, ackedFirst = 1_000): Promise<BacklogStopResult> {
  const d = await daemonOnPty(dir, configFile);
  const port = new SerialPort({ path: d.panelEnd, baudRate: 115200 });
  try {
    await new Promise((r, j) => (port.once('open', r), port.once('error', j)));
    let received = '';
    port.on('data', (b: Buffer) => (received += b.toString('latin1')));
    const acked = () => received.split('$ACK,').length - 1;
    port.write(Buffer.concat(Array.from({ length: poured }, (_, i) => encodeFrame(`CALL,${i + 1},S${i + 1},B03-U1-1202`))));
    await until(`${ackedFirst} ACKs`, () => acked() >= ackedFirst, 60_000);
    const ackedBeforeSignal = acked();
    const stopMs = await d.stop();
    const stopping = d
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; pendingAppends?: number })
      .find((l) => l.msg === 'stopping');
    return { poured, ackedBeforeSignal, pendingAppends: stopping?.pendingAppends ?? -1, stopMs };
  } finally {
    port.on('error', () => undefined);
    port.close();
    d.close();
  }
}

export function renderFlood(f: FloodResult, s: BacklogStopResult): string {
  return `
## A flood from the panel (2,000 calls a second)

The simulated panel (resends every 2 s, up to 5 times, like the real one) sends ${f.sent.toLocaleString('en')} CALLs over a socat
pty, ${f.perSecond.toLocaleString('en')} a second for ${f.seconds} s, to the headless daemon, then a GAS alarm.

| measure | ours | goal |
|---|---|---|
| the alarm durable: its last byte written until its ACK (sent after the fdatasync) | ${f.alarmMs.toFixed(1)} ms | <= 1 s: ${f.alarmMs <= 1_000 ? 'met' : '**missed**'} |
| calls acknowledged between the alarm's sending and its ACK (the queue ahead of it) | ${f.aheadOfAlarm} | - |
| calls recorded / distinct / sent | ${f.recorded.toLocaleString('en')} / ${f.distinct.toLocaleString('en')} / ${f.sent.toLocaleString('en')} | every call once: ${f.recorded === f.sent && f.distinct === f.sent ? 'met' : '**missed**'} |
| given up by the panel / resent | ${f.givenUp} / ${f.retransmissions} | - |
| daemon memory (resident): before the flood, peak | ${f.rssStartMb.toFixed(0)} MB, ${f.rssPeakMb.toFixed(0)} MB | bounded |
| stop (SIGTERM to exit) after the flood | ${f.stopMs.toFixed(0)} ms | - |
| stop under a backlog: ${s.poured.toLocaleString('en')} calls poured in, SIGTERM after ${s.ackedBeforeSignal.toLocaleString('en')} ACKs (${s.pendingAppends} appends pending) | ${s.stopMs.toFixed(0)} ms | <= 5 s: ${s.stopMs <= 5_000 ? 'met' : '**missed**'} |

- Memory grows with the day, not with a backlog: the journal's current day and the calls still ringing
  (${f.sent.toLocaleString('en')} never answered) are held in memory; frames wait in the serial driver and the panel while the
  register's queue is full.
`;
}
