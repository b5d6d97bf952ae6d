import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHead } from '../../src/register/head.js';
import { listDayFiles } from '../../src/register/layout.js';
import { readSince } from '../../src/register/reader.js';
import { readSiteKey } from '../../src/register/site-key.js';
import { verifyJournal } from '../../src/register/verify.js';
import { ROOT, makeSite } from '../helpers/site.js';

const APPENDER = join(ROOT, 'dist/test/fixtures/appender.js');
const KILLS = 200;

interface Ack {
  seq: number;
  hash: string;
  id: string;
}

/**
 * Starts the appender and kills it with SIGKILL `delayMs` after the start (`from: 'spawn'`) or after it
 * reports the register open (`from: 'ready'`); returns what it acknowledged and whether it got that far.
 * Timing the stream kills from `ready` keeps them in the stream of appends however slow the machine
 * starts a process.
 */
function runAndKill(configFile: string, from: 'spawn' | 'ready', delayMs: number): Promise<{ acks: Ack[]; ready: boolean }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [APPENDER, configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const killLater = () => (timer = setTimeout(() => child.kill('SIGKILL'), delayMs));
    if (from === 'spawn') killLater();
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (from === 'ready' && timer === undefined && out.includes('ready\n')) killLater();
    });
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return fail(new Error(`appender ended by itself (${signal}): ${err}`));
      const acks = out
        .split('\n')
        .filter((l) => l.startsWith('ack '))
        .map((l) => {
          const [, seq, hash, id] = l.split(' ');
          return { seq: Number(seq), hash: hash!, id: id! };
        });
      done({ acks, ready: out.includes('ready\n') });
    });
  });
}

/**
 * A power cut on top of the kill: the newest day file is cut at a random byte past its last
 * acknowledged event (and past what journal/head.json names: the daemon writes that only about
 * events already durable, so a real power cut cannot take those either), then gets a random
 * garbage tail without a line end (a block that never reached the disk: stale bytes or NULs).
 * Returns the unfinished line the next start must cut off, if any.
 */
async function powerCut(dataDir: string, lastAcked: number): Promise<{ offset: number; bytes: number } | undefined> {
  const newest = (await listDayFiles(dataDir)).at(-1);
  if (!newest) return undefined;
  const keep = Math.max(lastAcked, (await readHead(dataDir))?.seq ?? 0);
  const text = readFileSync(newest.file);
  let floor = 0;
  for (let start = 0, end = text.indexOf(0x0a); end !== -1; start = end + 1, end = text.indexOf(0x0a, start)) {
    const seq = Number(/^\{"seq":(\d+),/.exec(text.toString('utf8', start, Math.min(end, start + 24)))?.[1]);
    if (seq <= keep) floor = end + 1;
  }
  const cut = floor + Math.floor(Math.random() * (text.length - floor + 1));
  truncateSync(newest.file, cut);
  const garbage = Buffer.from(randomBytes(Math.floor(Math.random() * 300)).map((b) => (b === 0x0a ? 0 : b)));
  appendFileSync(newest.file, garbage);
  const bytes = readFileSync(newest.file);
  const unfinished = bytes.lastIndexOf(0x0a) + 1;
  return unfinished < bytes.length ? { offset: unfinished, bytes: statSync(newest.file).size - unfinished } : undefined;
}

/** Kills per data directory: a fresh one now and then keeps the verify after every kill short. */
const KILLS_PER_SITE = 25;

describe('crash safety', () => {
  it(`every acknowledged append survives ${KILLS} SIGKILLs at random moments, each followed by a power cut's torn tail; start-up recovers and verify passes after each`, async () => {
    let killedMidStream = 0;
    let recoveries = 0;
    for (let s = 0; s < KILLS / KILLS_PER_SITE; s++) {
      const r = await killsOnOneSite(s * KILLS_PER_SITE);
      killedMidStream += r.killedMidStream;
      recoveries += r.recoveries;
    }
    // The test only means something if most kills landed while appends were under way, and most
    // torn tails were met by a start that got as far as recording their removal.
    expect(killedMidStream, `${killedMidStream} of ${KILLS} kills landed after an acknowledged append`).toBeGreaterThan(KILLS / 2);
    expect(recoveries, `${recoveries} recoveries recorded`).toBeGreaterThan(KILLS / 2);
  }, 600_000);
});

async function killsOnOneSite(first: number): Promise<{ killedMidStream: number; recoveries: number }> {
  const { configFile, config } = makeSite();
  const acked = new Map<number, Ack>();
  let killedMidStream = 0;
  let recoveries = 0;
  let torn: { offset: number; bytes: number } | undefined;
  for (let i = first; i < first + KILLS_PER_SITE; i++) {
    // Every fourth kill lands anywhere in start-up (lock take-over, tail check and cut); the rest
    // land in the stream of appends, from the first fsync to about fifty appends in.
    const run =
      i % 4 === 0
        ? await runAndKill(configFile, 'spawn', Math.floor(Math.random() * 400))
        : await runAndKill(configFile, 'ready', 3 + Math.floor(Math.random() * 80));
    if (run.acks.length > 0) killedMidStream += 1;
    for (const a of run.acks) acked.set(a.seq, a);

    const events = await readSince(config.dataDir, '0000-00-00');
    if (torn && run.ready) {
      // The start that reported ready had cut the torn tail off and recorded it.
      const recorded = events.filter((e) => e.kind === 'journal.recovered').map((e) => e.data);
      expect(recorded, `after kill ${i + 1}`).toContainEqual(expect.objectContaining(torn));
      recoveries += 1;
    }
    const result = await verifyJournal(config.dataDir, await readSiteKey(config.dataDir));
    expect(result, `after kill ${i + 1}`).toMatchObject({ ok: true });
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    for (const a of acked.values()) {
      const e = bySeq.get(a.seq);
      expect(e?.hash, `acknowledged seq ${a.seq} after kill ${i + 1}`).toBe(a.hash);
      expect((e?.data as { id: string }).id).toBe(a.id);
    }
    let lastAcked = 0;
    for (const seq of acked.keys()) lastAcked = Math.max(lastAcked, seq);
    torn = await powerCut(config.dataDir, lastAcked);
  }
  await runAndKill(configFile, 'ready', 0);
  const events = await readSince(config.dataDir, '0000-00-00');
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  for (const a of acked.values()) expect(events[a.seq - 1]?.hash).toBe(a.hash);
  expect((await verifyJournal(config.dataDir, await readSiteKey(config.dataDir))).ok).toBe(true);
  return { killedMidStream, recoveries };
}
