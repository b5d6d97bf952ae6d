/**
 * The intercom's two claims, measured side by side:
 *  1. framing: frames per second through PanelFramer (hunt for `$`, cap, checksum, parse into typed
 *     messages) against @serialport/parser-readline alone splitting the same bytes into lines;
 *  2. call-to-durable: from the last byte of a CALL written to the panel end of a socat pty until
 *     the daemon's ACK arrives. The daemon acknowledges only after the call.received event is
 *     fsynced, so this bounds call-to-durable from above (it adds the ACK's short trip back).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, fdatasyncSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ReadlineParser } from '@serialport/parser-readline';
import { SerialPort } from 'serialport';
import { checksum, encodeFrame } from '../devices/intercom/checksum.js';
import { PanelFramer } from '../devices/intercom/framer.js';
import { mark, median, msSince, summarize, type Summary } from './stats.js';
import { ROOT } from './workspace.js';

export interface FramingResult {
  frames: number;
  bytes: number;
  oursPerSecond: number;
  readlinePerSecond: number;
}

/** A realistic stream: mostly heartbeats and calls, some noise and bad frames. */
function panelStream(frames: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < frames; i++) {
    const seq = i % 10_000;
    const kind = i % 10;
    const body =
      kind < 4 ? `HB,${seq},${i}` : kind < 7 ? `CALL,${seq},C${i.toString(36).toUpperCase().slice(-7)},B0${(i % 4) + 1}-U1-${1000 + (i % 500)}` : kind < 9 ? `TALK,${seq},C${i}` : `END,${seq},C${i},95`;
    parts.push(encodeFrame(body.slice(0, 120), i % 3 === 0 ? '\n' : '\r\n'));
  }
  return Buffer.concat(parts);
}

function timeFramer(input: Buffer, chunk: number): number {
  const framer = new PanelFramer();
  let count = 0;
  framer.on('data', () => count++);
  const t = mark();
  for (let i = 0; i < input.length; i += chunk) framer.write(input.subarray(i, i + chunk));
  const ms = msSince(t);
  return count / (ms / 1000);
}

function timeReadline(input: Buffer, chunk: number): number {
  const parser = new ReadlineParser({ delimiter: '\n' });
  let count = 0;
  parser.on('data', () => count++);
  const t = mark();
  for (let i = 0; i < input.length; i += chunk) parser.write(input.subarray(i, i + chunk));
  const ms = msSince(t);
  return count / (ms / 1000);
}

/** Best of `runs` for each (the least disturbed run), interleaved so that both see the same machine. */
export function measureFraming(frames = 200_000, runs = 5): FramingResult {
  const input = panelStream(frames);
  const ours: number[] = [];
  const readline: number[] = [];
  for (let r = 0; r < runs; r++) {
    ours.push(timeFramer(input, 4096));
    readline.push(timeReadline(input, 4096));
  }
  return { frames, bytes: input.length, oursPerSecond: Math.max(...ours), readlinePerSecond: Math.max(...readline) };
}

export interface CallLatencyResult {
  calls: Summary;
  /** Median of the bare fdatasyncs timed between the calls. */
  bareFsyncMs: number;
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/**
 * 200 calls, one at a time, through socat and the real daemon (spawned like production). After
 * each, a bare fdatasync of 700 bytes appended to a file in the same directory is timed: the
 * reference sees the same disk at the same minute (a shared machine's flush time drifts).
 */
export async function measureCallToDurable(dir: string, configFile: string, calls: number): Promise<CallLatencyResult> {
  const panelEnd = join(dir, 'panel');
  const hostEnd = join(dir, 'host');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${panelEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: 'ignore' });
  await until('socat', () => existsSync(panelEnd) && existsSync(hostEnd));
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(configFile, JSON.stringify({ ...config, panel: { path: hostEnd, baudRate: 9600 } }));
  const daemon = spawn(process.execPath, [join(ROOT, 'bin', 'control-room.js'), 'start', '--config', configFile, '--headless'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let log = '';
  daemon.stdout!.on('data', (b: Buffer) => (log += b.toString()));
  try {
    // Bytes sent before the daemon opens its port are flushed by the open: wait for it.
    await until('the daemon to open the panel port', () => log.includes('panel port open'));
    const port = new SerialPort({ path: panelEnd, baudRate: 9600 });
    await new Promise((r, j) => (port.once('open', r), port.once('error', j)));
    // Resolved from the data event itself, so the measure has no polling delay in it.
    let received = '';
    let waiting: { ack: string; done: () => void } | undefined;
    port.on('data', (b: Buffer) => {
      received += b.toString('latin1');
      if (waiting && received.includes(waiting.ack)) waiting.done();
    });
    const ackOf = (seq: number) => `$ACK,${seq}*${checksum(`ACK,${seq}`)}`;
    const acked = (seq: number) =>
      new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`bench: no ACK ${seq} from the daemon within 15 s`)), 15_000);
        waiting = { ack: ackOf(seq), done: () => (clearTimeout(timer), (waiting = undefined), done()) };
        if (received.includes(ackOf(seq))) waiting.done();
      });
    const send = (body: string) => new Promise<void>((done) => port.write(encodeFrame(body), () => port.drain(() => done())));
    await send('BOOT,0,BENCH');
    await acked(0);
    const samples: number[] = [];
    const floor: number[] = [];
    const scratch = openSync(join(dir, 'bare-fdatasync'), 'w');
    for (let i = 1; i <= calls; i++) {
      received = '';
      const ack = acked(i);
      await send(`CALL,${i},B${i},B03-U1-1202`);
      const t = mark();
      await ack;
      samples.push(msSince(t));
      writeSync(scratch, 'x'.repeat(700));
      const f = mark();
      fdatasyncSync(scratch);
      floor.push(msSince(f));
    }
    closeSync(scratch);
    port.close();
    return { calls: summarize(samples), bareFsyncMs: median(floor) };
  } finally {
    daemon.kill('SIGTERM');
    await new Promise((r) => daemon.once('exit', r));
    socat.kill('SIGTERM');
  }
}

export function renderIntercom(framing: FramingResult, latency: Summary, bareFsyncMs: number): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const ratio = framing.oursPerSecond / framing.readlinePerSecond;
  const lat = latency.p50 / bareFsyncMs;
  return `
## Intercom panel

| measure | ours | reference | ratio | goal |
|---|---|---|---|---|
| frames/s: framing + checksum + typed messages vs parser-readline alone (same ${(framing.bytes / 1e6).toFixed(1)} MB, ${fmt(framing.frames)} frames) | ${fmt(framing.oursPerSecond)} | ${fmt(framing.readlinePerSecond)} | ${ratio.toFixed(2)} | >= 0.5: ${ratio >= 0.5 ? 'met' : '**missed**'} |
| call-to-durable p50 (CALL written to the pty until the ACK sent after fsync), n=${latency.n} | ${latency.p50.toFixed(2)} ms | ${bareFsyncMs.toFixed(3)} ms (bare fdatasync) | ${lat.toFixed(1)} | <= 3: ${lat <= 3 ? 'met' : '**missed**'} |
| call-to-durable p99 | ${latency.p99.toFixed(2)} ms | | | - |

- Framing is timed in one process on the same buffer fed in 4 KiB chunks, best of 5 each; parser-readline
  only splits lines, the framer also checks every checksum and builds a typed message.
- Call-to-durable goes through socat, the serialport binding and the spawned daemon; each call's
  durable write is the journal's: its line appended to the day file and fdatasynced. The bare
  fdatasync is one 700-byte append to a file, timed after each call (median of ${latency.n}).
`;
}

export { median };
