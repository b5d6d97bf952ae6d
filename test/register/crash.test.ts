import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
 * reports the register open (`from: 'ready'`); returns what it acknowledged. Timing the stream kills
 * from `ready` keeps them in the stream of appends however slow the machine starts a process.
 */
function runAndKill(configFile: string, from: 'spawn' | 'ready', delayMs: number): Promise<Ack[]> {
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
      done(acks);
    });
  });
}

describe('crash safety', () => {
  it(`every acknowledged append survives ${KILLS} SIGKILLs at random moments, and verify passes after each`, async () => {
    const { configFile, config } = makeSite();
    const acked = new Map<number, Ack>();
    let killedMidStream = 0;
    for (let i = 0; i < KILLS; i++) {
      // Every fourth kill lands anywhere in start-up (lock take-over, tail check); the rest land in
      // the stream of appends, from the first fsync to about fifty appends in.
      const acks =
        i % 4 === 0
          ? await runAndKill(configFile, 'spawn', Math.floor(Math.random() * 400))
          : await runAndKill(configFile, 'ready', 3 + Math.floor(Math.random() * 80));
      if (acks.length > 0) killedMidStream += 1;
      for (const a of acks) acked.set(a.seq, a);

      const result = await verifyJournal(config.dataDir, await readSiteKey(config.dataDir));
      expect(result, `after kill ${i + 1}`).toMatchObject({ ok: true });
      const events = await readSince(config.dataDir, '0000-00-00');
      const bySeq = new Map(events.map((e) => [e.seq, e]));
      for (const a of acks) {
        const e = bySeq.get(a.seq);
        expect(e?.hash, `acknowledged seq ${a.seq} after kill ${i + 1}`).toBe(a.hash);
        expect((e?.data as { id: string }).id).toBe(a.id);
      }
    }
    const events = await readSince(config.dataDir, '0000-00-00');
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    for (const a of acked.values()) expect(events[a.seq - 1]?.hash).toBe(a.hash);
    // The test only means something if most kills landed while appends were under way.
    expect(killedMidStream, `${killedMidStream} of ${KILLS} kills landed after an acknowledged append`).toBeGreaterThan(KILLS / 2);
  }, 600_000);
});
