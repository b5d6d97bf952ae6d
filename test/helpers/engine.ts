import { afterEach } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { FakeClock } from '../../src/time/clock.js';
import { makeSite } from './site.js';

const running: Engine[] = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

/** An engine on a fresh site, standing at `at` (site time), stopped after the test. */
export async function engineAt(at: string, overrides: Record<string, unknown> = {}) {
  const site = makeSite(overrides);
  const clock = new FakeClock(at);
  const engine = await Engine.start(site.config, { clock });
  running.push(engine);
  return { ...site, clock, engine };
}

/** Restarts an engine on the same site (as after a daemon restart). */
export async function restart(engine: Engine, clock: FakeClock): Promise<Engine> {
  await engine.stop();
  running.splice(running.indexOf(engine), 1);
  const again = await Engine.start(engine.config, { clock });
  running.push(again);
  return again;
}
