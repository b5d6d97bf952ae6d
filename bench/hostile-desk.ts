import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderStore } from '../src/desk/folder-store.js';
import { POSITION_AUTH_HEADER, signPositionRequest } from '../src/sync/position-auth.js';
import { systemClock } from '../src/time/clock.js';
import { ForgedSite } from '../test/helpers/forged.js';
import { ROOT } from './workspace.js';
import { percentile } from './stats.js';

/**
 * `desk serve` under a hostile mix, as its own process on 127.0.0.1: junk bodies of random sizes
 * (declared over the limit, declared under it, chunked, signed with a wrong secret), bodies that
 * come a byte at a time, replays of batches already taken, and meanwhile two control rooms
 * sending their valid batches and asking for their positions. Each kind of client comes from its
 * own loopback address (127.0.0.x), as control rooms and attackers would from their own hosts.
 * What must hold: every valid batch is taken exactly once, GETs stay answered, memory stays bounded.
 */
export interface HostileMixOptions {
  seconds: number;
  junkMinBytes: number;
  junkMaxBytes: number;
  junkClients: number;
  slowClients: number;
  /** Events each of the two sites sends, in batches of batchEvents. */
  eventsPerSite: number;
  batchEvents: number;
}

export interface HostileMixResult {
  seconds: number;
  valid: { batches: number; taken: number; retries: number; replays: number; replaysTakenAgain: number };
  sites: { site: string; events: number; held: number; batchRecords: number; lastHashMatches: boolean }[];
  junk: { requests: number; bytesOffered: number; statuses: Record<string, number> };
  slow: { requests: number; statuses: Record<string, number> };
  get: { n: number; p50: number; p99: number; max: number; failed: number };
  rss: { start: number; max: number };
}

const SECRETS = { JY01: 'secret-of-jy01-0123456789abcdef', JY02: 'secret-of-jy02-0123456789abcdef' };
const JUNK = Buffer.from('[{},'.repeat(16_384));

export async function hostileMix(o: HostileMixOptions): Promise<HostileMixResult> {
  const root = mkdtempSync(join(tmpdir(), 'cr-hostile-'));
  const store = join(root, 'store');
  const secrets = join(root, 'secrets.json');
  writeFileSync(secrets, JSON.stringify(SECRETS), { mode: 0o600 });
  const desk = spawn(process.execPath, [join(ROOT, 'bin/control-room.js'), 'desk', 'serve', '--port', '0', '--host', '127.0.0.1', '--store', store, '--secrets', secrets], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const port = await listeningPort(desk);
    const rssOf = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${desk.pid}/status`, 'utf8'))![1]) * 1024;
    const rss = { start: rssOf(), max: 0 };
    const end = Date.now() + o.seconds * 1000;
    const running = () => Date.now() < end;
    const sampler = setInterval(() => (rss.max = Math.max(rss.max, rssOf())), 100);

    const sites = [new ForgedSite('JY01', SECRETS.JY01), new ForgedSite('JY02', SECRETS.JY02)];
    const t0 = Date.parse('2026-11-30T00:00:00.000+08:00');
    for (const s of sites) for (let i = 0; i < o.eventsPerSite; i++) s.add(new Date(t0 + i * 1000).toISOString().replace('Z', '+00:00'));
    const valid = { batches: 0, taken: 0, retries: 0, replays: 0, replaysTakenAgain: 0 };
    const junk = { requests: 0, bytesOffered: 0, statuses: {} as Record<string, number> };
    const slow = { requests: 0, statuses: {} as Record<string, number> };
    const gets: number[] = [];
    let getFailures = 0;

    const senders = sites.map(async (s, i) => {
      const from = `127.0.0.${2 + i}`;
      const batches: Buffer[] = [];
      for (let first = 1; first <= s.events.length; first += o.batchEvents) batches.push(s.batch(first, Math.min(first + o.batchEvents - 1, s.events.length)));
      const pause = (o.seconds * 1000 * 0.8) / batches.length;
      for (const batch of batches) {
        valid.batches += 1;
        for (;;) {
          const r = await post(port, from, batch).catch(() => ({ status: 0, body: '' }));
          if (r.status === 200) {
            valid.taken += (JSON.parse(r.body) as { taken: number }).taken > 0 ? 1 : 0;
            break;
          }
          valid.retries += 1;
          await sleep(500);
        }
        if (Math.random() < 0.5) {
          const again = batches[Math.floor(Math.random() * (batches.indexOf(batch) + 1))]!;
          const r = await post(port, from, again).catch(() => ({ status: 0, body: '' }));
          valid.replays += 1;
          if (r.status === 200 && (JSON.parse(r.body) as { taken: number }).taken > 0) valid.replaysTakenAgain += 1;
        }
        await sleep(pause);
      }
    });

    const junkers = Array.from({ length: o.junkClients }, async (_, i) => {
      const from = `127.0.0.${10 + i}`;
      const forger = new ForgedSite('JY01', 'not-the-secret-of-jy01-000000000');
      forger.add('2026-11-30T08:00:00.000+08:00');
      while (running()) {
        const size = o.junkMinBytes + Math.floor(Math.random() * (o.junkMaxBytes - o.junkMinBytes));
        const kind = junk.requests % 3;
        const head = kind === 2 ? forger.batch(1) : Buffer.alloc(0);
        const status = await pushJunk(port, from, size, kind === 1 ? 'chunked' : 'declared', head);
        junk.requests += 1;
        junk.bytesOffered += size;
        junk.statuses[status] = (junk.statuses[status] ?? 0) + 1;
      }
    });

    const dribblers = Array.from({ length: o.slowClients }, async (_, i) => {
      const from = `127.0.0.${30 + i}`;
      while (running()) {
        const status = await dribble(port, from, end);
        slow.requests += 1;
        slow.statuses[status] = (slow.statuses[status] ?? 0) + 1;
      }
    });

    const poller = (async () => {
      while (running() || gets.length === 0) {
        for (const s of sites) {
          const began = performance.now();
          const ok = await getPosition(port, s.site, s.secret).catch(() => false);
          if (ok) gets.push(performance.now() - began);
          else getFailures += 1;
        }
        await sleep(50);
      }
    })();

    await Promise.all([...senders, ...junkers, ...dribblers, poller]);
    clearInterval(sampler);
    desk.kill('SIGTERM');
    await new Promise((done) => desk.once('exit', done));

    const folder = await FolderStore.open(store, false);
    const held = await Promise.all(
      sites.map(async (s) => {
        const events = await folder.eventsBetween(s.site, '0000-00-00');
        return {
          site: s.site,
          events: s.events.length,
          held: events.length,
          batchRecords: (await folder.batches(s.site)).length,
          lastHashMatches: events.at(-1)?.hash === s.events.at(-1)?.hash,
        };
      }),
    );
    return {
      seconds: o.seconds,
      valid,
      sites: held,
      junk,
      slow,
      get: { n: gets.length, p50: percentile(gets, 50), p99: percentile(gets, 99), max: Math.max(...gets), failed: getFailures },
      rss,
    };
  } finally {
    desk.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  }
}

function listeningPort(desk: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.includes('desk listening for batches'));
      if (!line) return;
      // From here on its log (a line per refused request) is read and dropped.
      desk.stdout!.off('data', onData).resume();
      resolve((JSON.parse(line) as { port: number }).port);
    };
    desk.stdout!.on('data', onData);
    desk.once('exit', () => reject(new Error(`desk serve ended before listening:\n${out}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function post(port: number, from: string, body: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/batches', headers: { 'content-type': 'application/x-ndjson', 'content-length': body.length }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function getPosition(port: number, site: string, secret: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, localAddress: '127.0.0.5', path: `/sites/${site}/position`, headers: { [POSITION_AUTH_HEADER]: signPositionRequest(secret, site, systemClock.now()) }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 200));
      },
    );
    req.setTimeout(5_000, () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Offers `size` bytes of junk (after `head`), as fast as the desk takes them, until it answers and closes. Resolves with the status. */
function pushJunk(port: number, from: string, size: number, how: 'declared' | 'chunked', head: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from });
    let answer = '';
    let sent = 0;
    let closed = false;
    const header = how === 'declared' ? `Content-Length: ${size}` : 'Transfer-Encoding: chunked';
    socket.on('data', (b: Buffer) => (answer += b.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      closed = true;
      resolve(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 'reset');
    });
    const pump = () => {
      while (!closed && sent < size) {
        const part = sent === 0 && head.length > 0 ? head : JUNK;
        const n = Math.min(part.length, size - sent);
        sent += n;
        const data = how === 'chunked' ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), part.subarray(0, n), Buffer.from('\r\n')]) : part.subarray(0, n);
        if (!socket.write(data)) return void socket.once('drain', pump);
      }
      if (!closed && how === 'chunked') socket.write('0\r\n\r\n');
    };
    socket.once('connect', () => {
      socket.write(`POST /batches HTTP/1.1\r\nHost: desk\r\nContent-Type: application/x-ndjson\r\n${header}\r\n\r\n`);
      pump();
    });
  });
}

/** A body that comes a byte every 2 s (until the desk drops it, or the run ends). */
function dribble(port: number, from: string, until: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: from });
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (b: Buffer) => (answer += b.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 'closed');
    });
    socket.once('connect', () => {
      socket.write('POST /batches HTTP/1.1\r\nHost: desk\r\nContent-Length: 1000000\r\n\r\n{');
      timer = setInterval(() => (Date.now() > until ? socket.destroy() : socket.write('"')), 2_000);
    });
  });
}

export function renderHostileMix(r: HostileMixResult, o: HostileMixOptions): string {
  const statuses = (s: Record<string, number>) => Object.entries(s).sort().map(([k, v]) => `${k}: ${v}`).join(', ');
  const mb = (b: number) => (b / 2 ** 20).toFixed(0);
  return [
    '',
    `## desk serve under a hostile mix (${r.seconds} s)`,
    '',
    `${o.junkClients} clients sending junk of ${mb(o.junkMinBytes)}-${mb(o.junkMaxBytes)} MiB (declared, chunked, or behind a manifest signed with a wrong secret), ` +
      `${o.slowClients} dribbling a byte every 2 s, and two sites sending ${o.eventsPerSite} events each in batches of ${o.batchEvents}, ` +
      'replaying a batch already taken after half of them, while both ask for their position every 50 ms.',
    '',
    '| measure | value | goal |',
    '|---|---|---|',
    `| valid batches taken exactly once | ${r.valid.taken} of ${r.valid.batches} (${r.valid.retries} retries after 429/503/408), ${r.sites.map((s) => `${s.site} ${s.held}/${s.events} events, ${s.batchRecords} batch records`).join('; ')} | all, once: ${r.valid.taken === r.valid.batches && r.sites.every((s) => s.held === s.events && s.lastHashMatches && s.batchRecords === Math.ceil(s.events / o.batchEvents)) ? 'met' : '**missed**'} |`,
    `| replays of batches already taken | ${r.valid.replays}, taken again: ${r.valid.replaysTakenAgain} | 0: ${r.valid.replaysTakenAgain === 0 ? 'met' : '**missed**'} |`,
    `| GET position p50 / p99 / max (n=${r.get.n}, failed ${r.get.failed}) | ${r.get.p50.toFixed(1)} / ${r.get.p99.toFixed(1)} / ${r.get.max.toFixed(1)} ms | p99 < 1 s: ${r.get.p99 < 1000 && r.get.failed === 0 ? 'met' : '**missed**'} |`,
    `| desk RSS at start / max | ${mb(r.rss.start)} / ${mb(r.rss.max)} MiB | < 300 MiB: ${r.rss.max < 300 * 2 ** 20 ? 'met' : '**missed**'} |`,
    `| junk requests (${(r.junk.bytesOffered / 2 ** 30).toFixed(1)} GiB offered) | ${r.junk.requests}: ${statuses(r.junk.statuses)} | - |`,
    `| slow bodies | ${r.slow.requests}: ${statuses(r.slow.statuses)} | - |`,
    '',
  ].join('\n');
}
