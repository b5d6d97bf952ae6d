import { describe, expect, it } from 'vitest';
import { hostileMix } from '../../bench/hostile-desk.js';

/**
 * The bench's hostile mix (`npm run bench`: 60 s, junk of 1-300 MiB), short and small: what must
 * hold whatever the machine's speed. Correctness and memory only; timing is the bench's to report.
 */
describe('desk serve under a hostile mix (issue 17, must show)', () => {
  it('junk, dribbled bodies and replays around two sites\' valid batches: every valid batch taken exactly once, every GET answered, memory bounded', async () => {
    const o = { seconds: 5, junkMinBytes: 2 ** 20, junkMaxBytes: 24 * 2 ** 20, junkClients: 3, slowClients: 2, eventsPerSite: 400, batchEvents: 50 };
    const r = await hostileMix(o);
    expect(r.valid.taken).toBe(r.valid.batches);
    expect(r.valid.replaysTakenAgain).toBe(0);
    for (const s of r.sites) expect(s).toEqual({ site: s.site, events: 400, held: 400, batchRecords: 8, lastHashMatches: true });
    expect(r.get.failed).toBe(0);
    expect(r.get.n).toBeGreaterThan(0);
    expect(r.junk.requests).toBeGreaterThan(0);
    expect(Object.keys(r.junk.statuses).every((s) => ['401', '413', '422'].includes(s))).toBe(true);
    expect(r.rss.max).toBeLessThan(300 * 2 ** 20);
  });
});
