import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cachedLocalIso } from '../../src/time/offset-cache.js';
import { localIso } from '../../src/time/zone.js';

const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'];
const cached = new Map(ZONES.map((z) => [z, cachedLocalIso(z)]));

describe("cachedLocalIso (the desk's pages remember offsets per quarter hour)", () => {
  it('writes what localIso writes, for any instant in any zone, across every kind of offset change', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(cached.get(zone)!(ms)).toBe(localIso(ms, zone));
      }),
      { numRuns: 20_000 },
    );
  });

  it("around changes that fall off the quarter hour (St John's at 00:01 local until 2011) and DST edges, second by second", () => {
    for (const [zone, at] of [['America/St_Johns', '1997-04-06T03:31:00Z'], ['America/New_York', '2026-03-08T07:00:00Z'], ['Australia/Lord_Howe', '2026-04-04T15:00:00Z']] as const) {
      for (let ms = Date.parse(at) - 1_800_000; ms < Date.parse(at) + 1_800_000; ms += 997) expect(cached.get(zone)!(ms)).toBe(localIso(ms, zone));
    }
  });
});
