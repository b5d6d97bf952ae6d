import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { floodCalls } from '../../devices/intercom/flood.js';
import { PanelSimulator } from '../../devices/intercom/simulator.js';
import { allEvents, panelSite, runDaemon } from '../helpers/panel-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';

const sims: PanelSimulator[] = [];
afterEach(async () => {
  while (sims.length) await sims.pop()!.stop();
  await destroyPtyPairs();
});

/**
 * The full flood (2,000 calls a second for 20 s) runs in the bench (`npm run bench`), which also
 * times the alarm; on the suite's 2 cores a 5 s flood shows the same things in a quarter of the time.
 */
const SECONDS = 5;
const PER_SECOND = 2_000;

describe('a flood from the panel over a real pty (issue 12)', () => {
  it(`${PER_SECOND} CALLs a second for ${SECONDS} s, then a GAS alarm: every call recorded once, at most a second of the flood ahead of the alarm, memory bounded`, async () => {
    const { configFile, config, pair } = await panelSite();
    const daemon = await runDaemon(configFile);
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${daemon.child.pid}/status`, 'utf8'))![1]) * 1024;
    const sim = new PanelSimulator({ path: pair.panel, heartbeatMs: 10_000 });
    sims.push(sim);
    let callsAcked = 0;
    let alarmAckedAfter: number | undefined;
    sim.on('acked', (body) => {
      if (body.startsWith('CALL,')) callsAcked += 1;
      if (body.startsWith('ALARM,')) alarmAckedAfter = callsAcked;
    });
    await sim.start();
    const before = rss();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 50);
    const stations = config.units.map((u) => u.station);
    const sent = await floodCalls(sim, { perSecond: PER_SECOND, seconds: SECONDS, stations });
    const ackedWhenAlarmSent = callsAcked;
    await sim.execute({ line: 0, text: 'alarm G01 GAS', kind: 'alarm', station: 'G01', alarm: 'GAS' });
    expect(await sim.settle(60_000)).toBe(true);
    clearInterval(sampler);
    peak = Math.max(peak, rss());
    expect(await daemon.stop()).toBe(0);

    const summary = sim.summary();
    expect(summary.givenUp).toEqual([]);
    expect(summary.acked).toBe(sent + 2); // BOOT and the alarm too
    // The calls still waiting for their ACK when the alarm went out were all it had to wait for.
    const aheadOfAlarm = alarmAckedAfter! - ackedWhenAlarmSent;
    expect(aheadOfAlarm, `${aheadOfAlarm} calls were acknowledged between the alarm's sending and its ACK`).toBeLessThanOrEqual(PER_SECOND);
    const events = await allEvents(config.dataDir);
    const calls = events.filter((e) => e.kind === 'call.received');
    expect(calls).toHaveLength(sent);
    expect(new Set(calls.map((c) => c.data.callId)).size).toBe(sent);
    const alarms = events.filter((e) => e.kind === 'alarm.raised');
    expect(alarms.map((a) => a.data)).toMatchObject([{ kind: 'GAS', station: 'G01' }]);
    // Nothing the panel sent before the alarm was recorded after it.
    expect(calls.every((c) => c.seq < alarms[0]!.seq)).toBe(true);
    // The daemon holds the day's events and the calls still ringing, ~1 KB each, and no backlog
    // of frames: far below the hundreds of MB a reader that never stops would reach.
    expect(peak - before, `RSS grew from ${(before / 2 ** 20).toFixed(0)} MB to ${(peak / 2 ** 20).toFixed(0)} MB`).toBeLessThan(150 * 2 ** 20);
  }, 180_000);
});
