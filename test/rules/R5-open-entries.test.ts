import { describe, expect, it } from 'vitest';
import { fortnightWithOpenEntries } from '../helpers/fortnight.js';
import { engineAt, restart } from '../helpers/engine.js';

describe('R5, F1: an open entry is never dropped, however old', () => {
  it('R5, F1: an open complaint and repair from 11-02 are still overdue after a fortnight of day closings and a restart on 11-14', async () => {
    const { engine, clock, configFile } = await engineAt('2026-11-01T09:00:00+08:00');
    await engine.stop();
    const { complaint, repair } = await fortnightWithOpenEntries(configFile);
    clock.set('2026-11-14T10:00:00+08:00');
    const again = await restart(engine, clock);
    expect(again.overdueEntries().map((e) => e.id).sort()).toEqual([complaint, repair]);
    expect(again.entry(complaint)).toMatchObject({ category: 'complaint', status: 'open', overdue: true, deadline: '2026-11-05T10:00:00.000+08:00' });
    // And it can still be closed, by its first responder.
    await again.closeEntry(complaint, '已协调装修时间', 'EMP-000101');
    expect(again.overdueEntries().map((e) => e.id)).toEqual([repair]);
  });
});
