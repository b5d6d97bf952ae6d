/**
 * The console's claim, measured as an operator sees it: from the last byte of a CALL written to
 * the panel end of a socat pty until the call is on the screen, read from tmux captures of the
 * real console (`control-room start` in a tmux window). Next to it, in the same run and for the
 * same calls, the time until the daemon's ACK (sent only after the call is durable). Then memory
 * (resident set) after 1,000 calls: the console against the headless daemon given the same calls.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import { checksum, encodeFrame } from '../devices/intercom/checksum.js';
import { summarize, type Summary } from './stats.js';
import { ROOT } from './workspace.js';

const run = promisify(execFile);
const CLI = join(ROOT, 'bin', 'control-room.js');

export interface ConsoleResult {
  durable: Summary;
  onScreen: Summary;
  /** On screen minus durable, call by call. */
  afterDurable: Summary;
  console: { startMb: number; afterMb: number };
  headless: { startMb: number; afterMb: number };
  calls: number;
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** The panel's end of the line: sends numbered messages and resolves when each is acknowledged. */
class PanelEnd {
  private seq = 0;
  private received = '';
  private waiting: { ack: string; done: () => void } | undefined;

  private constructor(private readonly port: SerialPort) {
    port.on('data', (b: Buffer) => {
      this.received += b.toString('latin1');
      if (this.waiting && this.received.includes(this.waiting.ack)) this.waiting.done();
    });
  }

  static async open(path: string): Promise<PanelEnd> {
    const port = new SerialPort({ path, baudRate: 9600 });
    await new Promise((r, j) => (port.once('open', r), port.once('error', j)));
    const end = new PanelEnd(port);
    await (await end.send(() => 'BOOT,0,BENCH', 0)).acked;
    return end;
  }

  /** Sends a message; `sentAt` once written, `acked` resolves to when its ACK arrived. */
  async send(body: (seq: number) => string, seq = (this.seq = (this.seq + 1) % 10_000)): Promise<{ sentAt: number; acked: Promise<number> }> {
    this.received = '';
    const ack = `$ACK,${seq}*${checksum(`ACK,${seq}`)}`;
    const acked = new Promise<number>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`bench: no ACK ${seq} within 15 s`)), 15_000);
      this.waiting = { ack, done: () => (clearTimeout(timer), (this.waiting = undefined), done(performance.now())) };
    });
    await new Promise<void>((done) => this.port.write(encodeFrame(body(seq)), () => this.port.drain(() => done())));
    return { sentAt: performance.now(), acked };
  }

  close(): void {
    this.port.close();
  }
}

async function ptyPair(dir: string): Promise<{ panelEnd: string; hostEnd: string; socat: ChildProcess }> {
  mkdirSync(dir, { recursive: true });
  const panelEnd = join(dir, 'panel');
  const hostEnd = join(dir, 'host');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${panelEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: 'ignore' });
  await until('socat', () => existsSync(panelEnd) && existsSync(hostEnd));
  return { panelEnd, hostEnd, socat };
}

function usePanel(configFile: string, hostEnd: string): string {
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown> & { dataDir: string };
  writeFileSync(configFile, JSON.stringify({ ...config, panel: { path: hostEnd, baudRate: 9600 }, badgeReaders: [{ type: 'keyboard' }] }));
  return config.dataDir;
}

const lockPid = (dataDir: string) => (JSON.parse(readFileSync(join(dataDir, 'daemon.lock'), 'utf8')) as { pid: number }).pid;

/** Calls one at a time, each cancelled after it rang (a callback owed), so every call stays on the calls pane. */
async function callAndCancel(panel: PanelEnd, i: number, shown?: (i: number) => Promise<void>) {
  const call = await panel.send((s) => `CALL,${s},K${i},B03-U1-1202`);
  const ackAt = await call.acked;
  let shownAt: number | undefined;
  if (shown) {
    await shown(i);
    shownAt = performance.now();
  }
  await (await panel.send((s) => `CANCEL,${s},K${i}`)).acked;
  return { sentAt: call.sentAt, ackAt, shownAt };
}

export async function measureConsole(dir: string, configFile: string, headlessConfigFile: string, timed = 200, total = 1_000): Promise<ConsoleResult> {
  const durable: number[] = [];
  const onScreen: number[] = [];
  const afterDurable: number[] = [];
  let consoleMemory: ConsoleResult['console'];
  {
    const { panelEnd, hostEnd, socat } = await ptyPair(join(dir, 'console'));
    const tmux = `cr-bench-${process.pid}`;
    const capture = async () => (await run('tmux', ['-L', tmux, 'capture-pane', '-p', '-t', 'bench'])).stdout;
    try {
      const dataDir = usePanel(configFile, hostEnd);
      const command = `'${process.execPath}' '${CLI}' start --config '${configFile}'`;
      await run('tmux', ['-L', tmux, '-f', '/dev/null', 'new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', '-e', 'TERM=xterm-256color', command]);
      const logFile = join(dataDir, 'control-room.log');
      await until('the console to open the panel port', () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('panel port open'));
      await until('the console to ask for a badge', async () => (await capture()).includes('请值班员刷卡上岗'));
      await run('tmux', ['-L', tmux, 'send-keys', '-t', 'bench', '-l', 'EMP-000101\r']);
      await until('the operator to be signed on', async () => (await capture()).includes('值班 王建国'));
      const pid = lockPid(dataDir);
      const panel = await PanelEnd.open(panelEnd);
      await new Promise((r) => setTimeout(r, 1_500));
      const startMb = rssMb(pid);
      // The calls pane counts calls ringing and owed: the i-th call is on screen when it says i.
      const onScreenNow = (i: number) => until(`call ${i} on screen`, async () => (await capture()).includes(`来电 (${i})`), 10_000);
      for (let i = 1; i <= total; i++) {
        const t = await callAndCancel(panel, i, i <= timed ? onScreenNow : undefined);
        if (t.shownAt === undefined) continue;
        durable.push(t.ackAt - t.sentAt);
        onScreen.push(t.shownAt - t.sentAt);
        afterDurable.push(t.shownAt - t.ackAt);
      }
      await onScreenNow(total);
      await new Promise((r) => setTimeout(r, 2_000));
      consoleMemory = { startMb, afterMb: rssMb(pid) };
      panel.close();
      // F10 asks first (quitting stops the panel link); Y quits.
      await run('tmux', ['-L', tmux, 'send-keys', '-t', 'bench', 'F10']);
      await new Promise((r) => setTimeout(r, 500));
      await run('tmux', ['-L', tmux, 'send-keys', '-t', 'bench', 'y']);
      await until('the console to quit', () => !existsSync(`/proc/${pid}`), 20_000);
    } finally {
      await run('tmux', ['-L', tmux, 'kill-server']).catch(() => undefined);
      socat.kill('SIGTERM');
    }
  }
  let headlessMemory: ConsoleResult['headless'];
  {
    const { panelEnd, hostEnd, socat } = await ptyPair(join(dir, 'headless'));
    const dataDir = usePanel(headlessConfigFile, hostEnd);
    const daemon = spawn(process.execPath, [CLI, 'start', '--config', headlessConfigFile, '--headless'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let log = '';
    daemon.stdout!.on('data', (b: Buffer) => (log += b.toString()));
    try {
      await until('the daemon to open the panel port', () => log.includes('panel port open'));
      const pid = lockPid(dataDir);
      const panel = await PanelEnd.open(panelEnd);
      await new Promise((r) => setTimeout(r, 1_500));
      const startMb = rssMb(pid);
      for (let i = 1; i <= total; i++) await callAndCancel(panel, i);
      await new Promise((r) => setTimeout(r, 2_000));
      headlessMemory = { startMb, afterMb: rssMb(pid) };
      panel.close();
    } finally {
      daemon.kill('SIGTERM');
      await new Promise((r) => daemon.once('exit', r));
      socat.kill('SIGTERM');
    }
  }
  return { durable: summarize(durable), onScreen: summarize(onScreen), afterDurable: summarize(afterDurable), console: consoleMemory, headless: headlessMemory, calls: total };
}

export function renderConsole(r: ConsoleResult): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const mb = (n: number) => `${n.toFixed(1)} MB`;
  const n = r.calls.toLocaleString('en-US');
  return `
## Console

| measure | ours | reference | ratio | goal |
|---|---|---|---|---|
| CALL written to the pty until on screen (tmux capture), p50, n=${r.onScreen.n} | ${ms(r.onScreen.p50)} | ${ms(r.durable.p50)} (until durable: the ACK) | ${(r.onScreen.p50 / r.durable.p50).toFixed(1)} | on screen within 50 ms of durable at p50: ${r.afterDurable.p50 <= 50 ? 'met' : '**missed**'} (${ms(r.afterDurable.p50)}) |
| the same, p99 | ${ms(r.onScreen.p99)} | ${ms(r.durable.p99)} | ${(r.onScreen.p99 / r.durable.p99).toFixed(1)} | - (after durable: ${ms(r.afterDurable.p99)}) |
| memory (resident) after ${n} calls: console vs headless daemon, same calls | ${mb(r.console.afterMb)} | ${mb(r.headless.afterMb)} | ${(r.console.afterMb / r.headless.afterMb).toFixed(2)} | - |
| memory at start (signed on, no calls): console vs headless daemon | ${mb(r.console.startMb)} | ${mb(r.headless.startMb)} | ${(r.console.startMb / r.headless.startMb).toFixed(2)} | - |

- One call at a time; each is cancelled after it rang, so the calls pane ends with ${n} callbacks owed.
- "On screen" is polled with \`tmux capture-pane\` (a process per poll, a few ms each), so it
  includes up to one poll interval; the console redraws on the next turn of its event loop after
  the event is durable.
`;
}
