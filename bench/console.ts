/**
 * The console's claim, measured as an operator sees it: from the last byte of a CALL written to
 * the panel end of a socat pty until the call is on the screen, read from tmux captures of the
 * real console (`control-room start` in a tmux window). Next to it, in the same run and for the
 * same calls, the time until the daemon's ACK (sent only after the call is durable). Then the
 * console's memory (resident set) at start and after 1,000 calls.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import { checksum, encodeFrame } from '../devices/intercom/checksum.js';
import { summarize, type Summary } from './stats.js';
import { ROOT } from './workspace.js';

const run = promisify(execFile);

export interface ConsoleResult {
  durable: Summary;
  onScreen: Summary;
  /** On screen minus durable, call by call. */
  afterDurable: Summary;
  rssStartMb: number;
  rssAfterMb: number;
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

export async function measureConsole(dir: string, configFile: string, timed = 200, total = 1_000): Promise<ConsoleResult> {
  const panelEnd = join(dir, 'panel');
  const hostEnd = join(dir, 'host');
  const socat = spawn('socat', [`pty,raw,echo=0,link=${panelEnd}`, `pty,raw,echo=0,link=${hostEnd}`], { stdio: 'ignore' });
  const tmux = `cr-bench-${process.pid}`;
  const capture = async () => (await run('tmux', ['-L', tmux, 'capture-pane', '-p', '-t', 'bench'])).stdout;
  try {
    await until('socat', () => existsSync(panelEnd) && existsSync(hostEnd));
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown> & { dataDir: string };
    writeFileSync(configFile, JSON.stringify({ ...config, panel: { path: hostEnd, baudRate: 9600 }, badgeReaders: [{ type: 'keyboard' }] }));
    const command = `'${process.execPath}' '${join(ROOT, 'bin', 'control-room.js')}' start --config '${configFile}'`;
    await run('tmux', ['-L', tmux, '-f', '/dev/null', 'new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', '-e', 'TERM=xterm-256color', command]);
    const logFile = join(config.dataDir, 'control-room.log');
    await until('the console to open the panel port', () => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('panel port open'));
    await until('the console to ask for a badge', async () => (await capture()).includes('请值班员刷卡上岗'));
    await run('tmux', ['-L', tmux, 'send-keys', '-t', 'bench', '-l', 'EMP-000101\r']);
    await until('the operator to be signed on', async () => (await capture()).includes('值班 王建国'));
    const pid = (JSON.parse(readFileSync(join(config.dataDir, 'daemon.lock'), 'utf8')) as { pid: number }).pid;

    const port = new SerialPort({ path: panelEnd, baudRate: 9600 });
    await new Promise((r, j) => (port.once('open', r), port.once('error', j)));
    let received = '';
    let waiting: { ack: string; done: () => void } | undefined;
    port.on('data', (b: Buffer) => {
      received += b.toString('latin1');
      if (waiting && received.includes(waiting.ack)) waiting.done();
    });
    const ackOf = (seq: number) => `$ACK,${seq}*${checksum(`ACK,${seq}`)}`;
    const acked = (seq: number) =>
      new Promise<number>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`bench: no ACK ${seq} within 15 s`)), 15_000);
        waiting = { ack: ackOf(seq), done: () => (clearTimeout(timer), (waiting = undefined), done(performance.now())) };
        if (received.includes(ackOf(seq))) waiting.done();
      });
    const send = (body: string) => new Promise<void>((done) => port.write(encodeFrame(body), () => port.drain(() => done())));
    let seq = 0;
    const message = async (body: (seq: number) => string) => {
      seq = (seq + 1) % 10_000;
      received = '';
      const ack = acked(seq);
      await send(body(seq));
      return { sentAt: performance.now(), ack };
    };
    await send('BOOT,0,BENCH');
    await acked(0);
    await new Promise((r) => setTimeout(r, 1_500));
    const rssStartMb = rssMb(pid);
    const durable: number[] = [];
    const onScreen: number[] = [];
    const afterDurable: number[] = [];
    for (let i = 1; i <= total; i++) {
      const call = await message((s) => `CALL,${s},K${i},B03-U1-1202`);
      const ackAt = await call.ack;
      if (i <= timed) {
        // The calls pane counts calls ringing and owed: the i-th call is on screen when it says i.
        const wanted = `来电 (${i})`;
        await until(`call ${i} on screen`, async () => (await capture()).includes(wanted), 10_000);
        const shownAt = performance.now();
        durable.push(ackAt - call.sentAt);
        onScreen.push(shownAt - call.sentAt);
        afterDurable.push(shownAt - ackAt);
      }
      // The resident hangs up: a callback owed, so the calls pane keeps every call.
      await (await message((s) => `CANCEL,${s},K${i}`)).ack;
    }
    await until('the last call on screen', async () => (await capture()).includes(`来电 (${total})`), 30_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const rssAfterMb = rssMb(pid);
    port.close();
    await run('tmux', ['-L', tmux, 'send-keys', '-t', 'bench', 'F10']);
    await until('the console to quit', () => !existsSync(`/proc/${pid}`), 20_000);
    return { durable: summarize(durable), onScreen: summarize(onScreen), afterDurable: summarize(afterDurable), rssStartMb, rssAfterMb, calls: total };
  } finally {
    await run('tmux', ['-L', tmux, 'kill-server']).catch(() => undefined);
    socat.kill('SIGTERM');
  }
}

export function renderConsole(r: ConsoleResult): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return `
## Console

| measure | ours | reference | ratio | goal |
|---|---|---|---|---|
| CALL written to the pty until on screen (tmux capture), p50, n=${r.onScreen.n} | ${ms(r.onScreen.p50)} | ${ms(r.durable.p50)} (until durable: the ACK) | ${(r.onScreen.p50 / r.durable.p50).toFixed(1)} | on screen within 50 ms of durable at p50: ${r.afterDurable.p50 <= 50 ? 'met' : '**missed**'} (${ms(r.afterDurable.p50)}) |
| the same, p99 | ${ms(r.onScreen.p99)} | ${ms(r.durable.p99)} | ${(r.onScreen.p99 / r.durable.p99).toFixed(1)} | - (after durable: ${ms(r.afterDurable.p99)}) |
| console memory (resident), after ${r.calls.toLocaleString('en-US')} calls vs at start | ${r.rssAfterMb.toFixed(1)} MB | ${r.rssStartMb.toFixed(1)} MB | ${(r.rssAfterMb / r.rssStartMb).toFixed(2)} | - |

- One call at a time; each is cancelled after it rang, so the calls pane ends with ${r.calls.toLocaleString('en-US')} callbacks owed.
- "On screen" is polled with \`tmux capture-pane\` (a process per poll, a few ms each), so it
  includes up to one poll interval; the console redraws on the next turn of its event loop after
  the event is durable.
`;
}
