/** Where "now" comes from. Every rule takes a clock so that tests can stand at any date and time. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

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
