import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadDeskConfig } from '../src/desk/config/load.js';
import { FolderStore } from '../src/desk/folder-store.js';
import { importBatch } from '../src/desk/import.js';
import { PasswordFile } from '../src/desk/web/auth/passwords.js';
import { startDeskWeb, type DeskWebServer } from '../src/desk/web/server.js';
import type { JournalEvent } from '../src/register/event.js';
import { buildBatch, type SiteProfile } from '../src/sync/batch.js';
import { FakeClock } from '../src/time/clock.js';
import { localDay, nextDay, startOfDay } from '../src/time/zone.js';
import { buildHistory } from './history.js';
import { mark, msSince, percentile } from './stats.js';

const SECRET = 'bench-desk-secret-0123456789';
const SITE = 'JY01';
const PASSWORD = 'bench-clerk-password';

export interface Timing {
  n: number;
  p50: number;
  p95: number;
}

export interface DeskWebBench {
  busyDay: { day: string; entries: number; events: number; page: Timing; query: Timing };
  year: { events: number; findings: number; page: Timing; query: Timing };
  /** autocannon reports p90 and p97.5, not p95: both are given. */
  load: { connections: number; seconds: number; requests: number; rps: number; p50: number; p90: number; p97_5: number; errors: number; non2xx: number; entries: number };
}

const timing = (samples: number[]): Timing => ({ n: samples.length, p50: percentile(samples, 50), p95: percentile(samples, 95) });

/** Takes events into a folder store the way the intake does: signed batches of at most 5,000. */
async function fill(store: FolderStore, events: readonly JournalEvent[], profile: SiteProfile): Promise<void> {
  for (let i = 0; i < events.length; i += 5_000) {
    const { bytes } = buildBatch(SITE, events.slice(i, i + 5_000), profile, SECRET, '2026-12-01T08:30:00.000+08:00');
    await importBatch(store, bytes, () => SECRET, '2026-12-01T08:30:00.000+08:00');
  }
}

async function deskOn(dir: string, storeDir: string, clock: FakeClock): Promise<{ web: DeskWebServer; store: FolderStore; cookie: string }> {
  writeFileSync(join(dir, 'roster.csv'), 'badge,name,role,sites,active\nEMP-000601,黄文涛,director,*,1\n');
  writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ [SITE]: SECRET }));
  chmodSync(join(dir, 'secrets.json'), 0o600);
  writeFileSync(join(dir, 'desk.json'), JSON.stringify({ store: storeDir, sites: [SITE], secrets: 'secrets.json', roster: 'roster.csv', dataDir: './data', listen: { port: 0 } }));
  const config = loadDeskConfig(join(dir, 'desk.json'));
  await new PasswordFile(config.dataDir).set('EMP-000601', PASSWORD, '2026-01-01T00:00:00.000+08:00');
  const store = await FolderStore.open(storeDir, true);
  // A long-lived session: the bench's clock stands still, so it never expires mid-run.
  const web = await startDeskWeb({ config, store, clock, port: 0, host: '127.0.0.1' });
  const first = await web.app.inject({ method: 'GET', url: '/signin' });
  const anon = String(first.headers['set-cookie']).split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(first.body)![1]!;
  const signed = await web.app.inject({ method: 'POST', url: '/signin', headers: { cookie: anon, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${csrf}&badge=EMP-000601&password=${PASSWORD}` });
  const cookie = String(signed.headers['set-cookie']).split(';')[0]!;
  return { web, store, cookie };
}

/** Server time of a page (Fastify's inject: the handler, the store and the rendering, no network). */
async function timePage(web: DeskWebServer, cookie: string, url: string, runs: number): Promise<{ t: number[]; body: string }> {
  const t: number[] = [];
  let body = '';
  for (let i = 0; i < runs + 2; i++) {
    const m = mark();
    const r = await web.app.inject({ method: 'GET', url, headers: { cookie } });
    const ms = msSince(m);
    if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
    if (i >= 2) t.push(ms); // two warm-ups: the first read of each file, the JIT
    body = r.body;
  }
  return { t, body };
}

async function timeQuery(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const t: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const m = mark();
    await fn();
    if (i >= 2) t.push(msSince(m));
  }
  return t;
}

/**
 * The desk's pages: the register of a busy day (1,000 entries) and the quality view over a year
 * (109,500 events) against the bare store query for the same rows, then 50 clerks loading the
 * register at once for 30 s over real HTTP (autocannon).
 */
export async function measureDeskWeb(dirOf: (name: string) => string, timezone: string, progress: (what: string) => void): Promise<DeskWebBench> {
  const profile: SiteProfile = { name: '嘉园管理处', timezone, deadlineHours: { repair: 24, request: 24, complaint: 72, consultation: 24, feedback: 72, other: 72 } };

  // A busy day: about 1,000 new entries among 1,600 events (the rest closings and corrections).
  const day = '2026-11-30';
  const clock = new FakeClock(startOfDay(nextDay(day), timezone) + 10 * 3600_000);
  const busy = buildHistory({ lastDay: day, days: 1, perDay: 1_600, timezone, siteKey: Buffer.alloc(32, 7) });
  const busyStore = dirOf('desk-busy/store');
  let desk = await deskOn(dirOf('desk-busy'), busyStore, clock);
  await fill(desk.store, busy.events, profile);
  progress('desk: the register page of a busy day vs the store query');
  const page = await timePage(desk.web, desk.cookie, `/register/${SITE}?day=${day}`, Number(process.env.CONTROL_ROOM_BENCH_PAGE_RUNS ?? 30));
  const entries = (page.body.match(/<tr data-id=/g) ?? []).length;
  const query = await timeQuery(() => desk.store.eventsBetween(SITE, day), 30);

  progress('desk: 50 clerks loading the register for 30 s');
  // CONTROL_ROOM_BENCH_LOAD_S shortens the load for a quick look while working on the pages.
  const seconds = Number(process.env.CONTROL_ROOM_BENCH_LOAD_S ?? 30);
  const load = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url: `${desk.web.url}/register/${SITE}?day=${day}`, connections: 50, duration: seconds, timeout: 30, headers: { cookie: desk.cookie } }, (err, result) => (err ? reject(err) : resolve(result)));
  });
  await desk.web.close();
  await desk.store.close();

  progress('desk: a year of one site (109,500 events) for the quality view');
  const year = buildHistory({ lastDay: localDay(clock.now() - 86_400_000, timezone), days: 365, perDay: 300, timezone, siteKey: Buffer.alloc(32, 9) });
  desk = await deskOn(dirOf('desk-year'), dirOf('desk-year/store'), clock);
  await fill(desk.store, year.events, profile);
  const from = year.days[0]!.day;
  const to = year.days.at(-1)!.day;
  const quality = await timePage(desk.web, desk.cookie, `/quality?site=${SITE}&from=${from}&to=${to}`, 10);
  const qQuery = await timeQuery(() => desk.store.eventsBetween(SITE, from), 10);
  const findings = [...quality.body.matchAll(/<h3 id="[^"]+">[^<]*\((\d+)\)<\/h3>/g)].reduce((n, m) => n + Number(m[1]), 0);
  await desk.web.close();
  await desk.store.close();

  return {
    busyDay: { day, entries, events: busy.events.length, page: timing(page.t), query: timing(query) },
    year: { events: year.events.length, findings, page: timing(quality.t), query: timing(qQuery) },
    load: {
      connections: 50,
      seconds,
      requests: load.requests.total,
      rps: load.requests.average,
      p50: load.latency.p50,
      p90: load.latency.p90,
      p97_5: load.latency.p97_5,
      errors: load.errors + load.timeouts,
      non2xx: load.non2xx,
      entries,
    },
  };
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

export function renderDeskWeb(r: DeskWebBench): string {
  const ratio = (a: number, b: number) => a / b;
  const goal = (x: number) => (x <= 3 ? 'met' : '**missed**');
  const b = r.busyDay;
  const y = r.year;
  return `
## The desk's pages (issue 14)

Server time measured in the process (Fastify \`inject\`: the route, the store read, the projection and the HTML; no network), against the bare store query for the same rows (\`eventsBetween\`, which reads and parses the day files). Folder store.

| measure | page p50 | page p95 | query p50 | query p95 | ratio p50 | goal (page <= 3x query) |
|---|---|---|---|---|---|---|
| register of a busy day (${b.entries} entries, ${b.events} events), n=${b.page.n} | ${ms(b.page.p50)} ms | ${ms(b.page.p95)} ms | ${ms(b.query.p50)} ms | ${ms(b.query.p95)} ms | ${ratio(b.page.p50, b.query.p50).toFixed(2)} | ${goal(ratio(b.page.p50, b.query.p50))} |
| quality view over a year (${y.events.toLocaleString('en')} events, ${y.findings.toLocaleString('en')} findings), n=${y.page.n} | ${ms(y.page.p50)} ms | ${ms(y.page.p95)} ms | ${ms(y.query.p50)} ms | ${ms(y.query.p95)} ms | ${ratio(y.page.p50, y.query.p50).toFixed(2)} | ${goal(ratio(y.page.p50, y.query.p50))} |

${r.load.connections} clerks (connections) loading that busy day's register for ${r.load.seconds} s over HTTP (autocannon), each view audited: ${r.load.requests.toLocaleString('en')} requests, ${r.load.rps.toFixed(1)} per second, latency p50 ${r.load.p50} ms, p90 ${r.load.p90} ms, p97.5 ${r.load.p97_5} ms (autocannon gives no p95; it lies between), errors ${r.load.errors}, non-2xx ${r.load.non2xx}.
`;
}
