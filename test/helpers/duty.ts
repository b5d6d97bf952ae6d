import { afterEach, expect } from 'vitest';
import type { MajorRepair } from '../../src/domain/handover-checks.js';
import { Engine } from '../../src/engine/engine.js';
import { Refused } from '../../src/domain/refusal.js';
import type { HandoverSession } from '../../src/engine/handover.js';
import { readSince } from '../../src/register/reader.js';
import { FakeClock } from '../../src/time/clock.js';
import { REPAIR } from './journal.js';
import { makeSite } from './site.js';

/** Badges of the example roster. */
export const OUT = 'EMP-000101'; // 王建国, operator
export const IN = 'EMP-000102'; // 李秀英, operator
export const RELIEF = 'EMP-000103'; // 张伟, operator
export const SUPERVISOR = 'EMP-000201'; // 赵丽娟
export const SUPERVISOR_2 = 'EMP-000202'; // 孙明
export const TECHNICIAN = 'EMP-000401';
export const INACTIVE = 'EMP-000105';
export const UNKNOWN = 'EMP-999999';

const running: Engine[] = [];

afterEach(async () => {
  while (running.length > 0) await running.pop()!.stop();
});

/**
 * An engine on a fresh example site standing at `at`, with a list of open major repairs the test
 * controls (what the orders service will report) and the person `onDuty` signed on.
 */
export async function dutySite(at: string, opts: { onDuty?: string | null; overrides?: Record<string, unknown> } = {}) {
  const site = makeSite(opts.overrides);
  const clock = new FakeClock(at);
  const majorRepairs: MajorRepair[] = [];
  const engine = await Engine.start(site.config, { clock, openMajorRepairs: () => [...majorRepairs] });
  running.push(engine);
  const onDuty = opts.onDuty === undefined ? OUT : opts.onDuty;
  if (onDuty) await engine.signOn(onDuty);
  const events = async (prefix = '') => (await readSince(site.config.dataDir, '0000-00-00')).filter((e) => e.kind.startsWith(prefix));
  let current = engine;
  /** Stops the engine running now and starts another on the same site (as after a daemon restart). */
  const restart = async () => {
    await current.stop();
    running.splice(running.indexOf(current), 1);
    current = await Engine.start(site.config, { clock, openMajorRepairs: () => [...majorRepairs] });
    running.push(current);
    return current;
  };
  return { ...site, clock, engine, majorRepairs, events, restart };
}

/** Everything a handover checks, found in order: the room clean and every item present. */
export function allClear(session: HandoverSession): void {
  session.confirmRoomClean(true);
  for (const line of session.view().checklist) session.checkItem(line.item, 'present');
}

/** A complete entry (not unclear) and an unclear one (no resident, phone or appointment). */
export const CLEAR_REPAIR = REPAIR;
export const UNCLEAR_REPAIR = { channel: 'phone', category: 'repair', address: '嘉园1栋1单元301室', content: '厨房水龙头漏水' };

/** The code of the Refused a duty command is refused with (and fails the test if it is not refused). */
export async function refusalCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(Refused);
    return (err as Refused).code;
  }
  throw new Error('expected a Refused');
}
