import { performance } from 'node:perf_hooks';
import type { PanelSimulator } from './simulator.js';

export interface FloodOptions {
  perSecond: number;
  seconds: number;
  /** The stations that call, in turn. */
  stations: readonly string[];
}

/**
 * Plays a flood on a simulated panel: CALL messages at a steady rate (2,000 a second is what a
 * 115200-baud line carries), each kept and resent by the panel until acknowledged, like any
 * other. Resolves with the number sent once each has been written (not acknowledged).
 */
export async function floodCalls(sim: PanelSimulator, opts: FloodOptions): Promise<number> {
  const total = Math.round(opts.perSecond * opts.seconds);
  const written: Promise<void>[] = [];
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * opts.perSecond));
    for (; sent < due; sent++) written.push(sim.execute({ line: 0, text: 'flood', kind: 'call', station: opts.stations[sent % opts.stations.length]! }));
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(written);
  return sent;
}
