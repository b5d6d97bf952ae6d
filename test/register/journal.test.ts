import { readFileSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonical } from '../../src/register/canonical.js';
import { GENESIS_HASH } from '../../src/register/event.js';
import { Journal } from '../../src/register/journal.js';
import { layout } from '../../src/register/layout.js';
import { readDay } from '../../src/register/reader.js';
import { chainHash, seal } from '../../src/register/seal.js';
import { verifyJournal } from '../../src/register/verify.js';
import { FakeClock } from '../../src/time/clock.js';
import { makeSite } from '../helpers/site.js';

function openJournal(at = '2026-11-30T10:00:00+08:00') {
  const { config } = makeSite();
  const siteKey = randomBytes(32);
  const clock = new FakeClock(at);
  const open = () => Journal.open({ dataDir: config.dataDir, timezone: 'Asia/Shanghai', clock, siteKey });
  return { config, siteKey, clock, open };
}

describe('canonical JSON and the chain', () => {
  it('canonical form sorts keys at every depth, leaves out undefined, keeps array order', () => {
    expect(canonical({ b: 1, a: { d: [2, 1], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[2,1]},"b":1}');
    expect(() => canonical({ n: Number.NaN })).toThrow(/cannot hold NaN/);
  });

  it('canonical form does not depend on key order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonical(reversed)).toBe(canonical(obj));
        expect(JSON.parse(canonical(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('hash = sha256(prev + canonical(event without hash and pii)); seq 1 chains to 64 zeros', () => {
    const key = randomBytes(32);
    const e = seal({ kind: 'x.y', actor: 'system', data: { a: 1 }, pii: { phone: '13800000000' } }, 1, '2026-11-30T10:00:00.000+08:00', GENESIS_HASH, key);
    expect(e.prev).toBe('0'.repeat(64));
    const body = canonical({ seq: 1, at: e.at, kind: 'x.y', actor: 'system', data: { a: 1 }, piiDigest: e.piiDigest, prev: e.prev });
    expect(e.hash).toBe(createHash('sha256').update(e.prev + body).digest('hex'));
    expect(chainHash({ ...e, pii: { phone: 'changed' } })).toBe(e.hash);
  });
});

describe('the journal', () => {
  it('seq is gap-free across appends, batches, days and reopenings', async () => {
    const { open, clock, config } = openJournal();
    let j = await open();
    await j.append({ kind: 'a', actor: 'system', data: {} });
    await j.append([
      { kind: 'b', actor: 'system', data: {} },
      { kind: 'c', actor: 'system', data: {} },
    ]);
    await j.close();
    clock.set('2026-12-01T01:00:00+08:00');
    j = await open();
    await j.append({ kind: 'd', actor: 'system', data: {} });
    await j.close();
    const all = [...(await readDay(config.dataDir, '2026-11-30')), ...(await readDay(config.dataDir, '2026-12-01'))];
    expect(all.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'day.closed'],
      [5, 'd'],
    ]);
    expect(all[3]!.data).toEqual({ day: '2026-11-30', count: 3, lastHash: all[2]!.hash });
    for (let i = 1; i < all.length; i++) expect(all[i]!.prev).toBe(all[i - 1]!.hash);
  });

  it('concurrent appends are serialised in call order', async () => {
    const { open, config } = openJournal();
    const j = await open();
    await Promise.all(Array.from({ length: 20 }, (_, i) => j.append({ kind: `k${i}`, actor: 'system', data: { i } })));
    await j.close();
    expect((await readDay(config.dataDir, '2026-11-30')).map((e) => e.kind)).toEqual(Array.from({ length: 20 }, (_, i) => `k${i}`));
  });

  it('start-up clears temp files left by an interrupted write', async () => {
    const { open, config } = openJournal();
    const j = await open();
    await j.append({ kind: 'a', actor: 'system', data: {} });
    await j.close();
    const stray = layout.dayFile(config.dataDir, '2026-11-30').replace(/2026-11-30\.jsonl$/, '.2026-11-30.jsonl.0123456789ab.tmp');
    writeFileSync(stray, '{"half":');
    await (await open()).close();
    expect(() => readFileSync(stray)).toThrow(/ENOENT/);
  });

  it('any single character changed in any event line is caught by verify (property)', async () => {
    const { open, config, siteKey } = openJournal();
    const j = await open();
    for (let i = 0; i < 6; i++) {
      await j.append({ kind: 'entry.created', actor: 'EMP-000101', data: { id: `x${i}`, content: `漏水 ${i}` }, pii: { resident: '陈丽', phone: '13900001202' } });
    }
    await j.close();
    const file = layout.dayFile(config.dataDir, '2026-11-30');
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    const eventLines = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('{"seq"'));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(eventLines.length - 1),
        fc.nat(10_000),
        fc.integer({ min: 0x20, max: 0x7e }),
        async (which, where, code) => {
          const [line, index] = eventLines[which]!;
          const chars = [...line];
          const pos = where % chars.length;
          fc.pre(chars[pos] !== String.fromCharCode(code));
          chars[pos] = String.fromCharCode(code);
          const copy = [...lines];
          copy[index] = chars.join('');
          writeFileSync(file, copy.join('\n'));
          const result = await verifyJournal(config.dataDir, siteKey);
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
    writeFileSync(file, original);
    expect((await verifyJournal(config.dataDir, siteKey)).ok).toBe(true);
  });
});
