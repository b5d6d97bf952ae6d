/** Where "now" comes from. Every rule takes a clock so that tests can stand at any date and time. */
export interface Clock {
  now(): number;
}

/**
 * Shifts the clock of every process the test suite starts, so that a test decides the date and
 * hour its daemon, console and commands live at, whatever the hour the suite runs (issue 11: the
 * suite used to fail every evening). Only honoured under NODE_ENV=test; `control-room` refuses to
 * run with it set otherwise (see refuseTestClockOutsideTests), so a register always carries real time.
 */
export const TEST_CLOCK_VAR = 'CONTROL_ROOM_TEST_CLOCK_OFFSET_MS';

let parsed: { raw: string; offset: number } | undefined;

/** Milliseconds the test suite added to the machine's clock; 0 outside the tests. */
export function testClockOffset(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[TEST_CLOCK_VAR];
  if (!raw || env.NODE_ENV !== 'test') return 0;
  if (parsed?.raw !== raw) parsed = { raw, offset: Number.isSafeInteger(Number(raw)) ? Number(raw) : 0 };
  return parsed.offset;
}

/** Why this process must not run with the test clock's variable as it is set, or undefined. */
export function testClockProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = env[TEST_CLOCK_VAR];
  if (raw === undefined) return undefined;
  if (env.NODE_ENV !== 'test') {
    return `${TEST_CLOCK_VAR} is set (${raw}): it shifts the clock for the test suite only and is refused outside it (NODE_ENV=test). Unset it: the register must carry the real time`;
  }
  if (!Number.isSafeInteger(Number(raw)) || raw.trim() === '') return `${TEST_CLOCK_VAR}="${raw}" is not a whole number of milliseconds`;
  return undefined;
}

/** The machine's clock (shifted only inside the test suite, see TEST_CLOCK_VAR). */
export const systemClock: Clock = { now: () => Date.now() + testClockOffset() };

/** A clock that only moves when told to; lives beside the real one for tests and simulations. */
export class FakeClock implements Clock {
  private ms: number;

  constructor(start: number | string) {
    this.ms = typeof start === 'number' ? start : Date.parse(start);
    if (Number.isNaN(this.ms)) throw new Error(`FakeClock: "${start}" is not a date`);
  }

  now(): number {
    return this.ms;
  }

  set(at: number | string): void {
    this.ms = typeof at === 'number' ? at : Date.parse(at);
  }

  advance(ms: number): void {
    this.ms += ms;
  }
}
