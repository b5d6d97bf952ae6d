import type { LinkState } from '../../devices/link.js';
import type { Engine } from '../../src/engine/engine.js';
import { localIso } from '../../src/time/zone.js';
import { esc, width as widthOf } from './markup.js';
import type { ConsoleWords } from './words.js';

interface Part {
  full: string;
  /** For a narrow terminal. */
  short: string;
  /** Kept longest when even the short forms do not fit (higher is kept). */
  keep: number;
  /** A blessed colour wrapping, e.g. `red-bg}{white-fg`. */
  style?: string;
}

/**
 * The line that is always there: the site, who is on duty, each device's link, the next sync,
 * calls ringing, callbacks owed, what is overdue, and the time. On a narrow terminal the parts
 * get shorter, then the least needed go (the site name first; who is on duty and ringing calls last).
 */
export function statusLine(engine: Engine, links: LinkState[], w: ConsoleWords, now: number, width: number): string {
  const { config } = engine;
  const zone = config.site.timezone;
  const duty = engine.onDuty();
  const owed = engine.callbacksOwed();
  const overdue = owed.filter((c) => c.overdue).length + engine.overdueEntries().length;
  const ringing = engine.ringingCalls().length;
  const alert = 'red-bg}{white-fg';
  const link = (label: string, states: LinkState[]): Part[] => {
    if (states.length === 0) return [];
    const up = states.filter((s) => s.up).length;
    const count = states.length > 1 ? ` ${up}/${states.length}` : '';
    if (up === states.length) return [{ full: `${label} ${w.up}${count}`, short: label, keep: 2 }];
    return [{ full: `${label} ${w.down}${count}`, short: `${label} ${w.down}`, keep: 7, style: alert }];
  };
  const sync = engine.sync.state();
  const syncAt = sync.nextDueAt.slice(11, 16);
  const time = localIso(now, zone);
  const parts: Part[] = [
    { full: config.site.name, short: config.site.name, keep: 0, style: 'bold' },
    // H3: while the operator on duty is away, the relief covering (or the absence) is what counts.
    !duty
      ? { full: w.nobodyOnDuty, short: w.nobodyOnDuty, keep: 9, style: 'yellow-bg}{black-fg' }
      : duty.relief
        ? { full: `${w.onDuty} ${duty.relief.name}（${w.relief} ${duty.name}）`, short: `${duty.relief.name}（${w.relief}）`, keep: 9 }
        : duty.absentSince
          ? { full: `${w.onDuty} ${duty.name} ${w.away}`, short: `${duty.name} ${w.away}`, keep: 9, style: alert }
          : { full: `${w.onDuty} ${duty.name}`, short: duty.name, keep: 9 },
    ...link(w.panel, links.filter((l) => l.device === 'panel')),
    ...link(w.badges, links.filter((l) => l.device !== 'panel')),
    // R8: a sync owed and not done is overdue, and stays in sight until the desk has the register.
    sync.running
      ? { full: w.syncing, short: w.syncing, keep: 1 }
      : sync.overdue
        ? { full: `${w.syncOverdue} ${sync.backlog}`, short: `${w.syncOverdue}${sync.backlog}`, keep: 7, style: alert }
        : { full: `${w.nextSync} ${syncAt}`, short: syncAt, keep: 1 },
    ...(ringing > 0 ? [{ full: `${w.ringing} ${ringing}`, short: `${w.ringing}${ringing}`, keep: 8, style: `${alert}}{bold` }] : []),
    ...(owed.length > 0 ? [{ full: `${w.owed} ${owed.length}`, short: `${w.owed}${owed.length}`, keep: 6, style: 'yellow-fg' }] : []),
    ...(overdue > 0 ? [{ full: `${w.overdue} ${overdue}`, short: `${w.overdue}${overdue}`, keep: 5, style: alert }] : []),
  ];
  const clockFull = time.slice(5, 19).replace('T', ' ');
  const clockShort = time.slice(11, 16);
  const attempt = (shown: Part[], form: 'full' | 'short', sep: string, clock: string) => {
    const plain = shown.map((p) => p[form]).join(sep);
    const gap = width - widthOf(plain) - widthOf(clock);
    if (gap < 1) return undefined;
    const styled = shown.map((p) => (p.style ? `{${p.style}}${esc(p[form])}{/${p.style.split('}{').reverse().join('}{/')}}` : esc(p[form]))).join(sep);
    return `${styled}${' '.repeat(gap)}${clock}`;
  };
  let shown = parts;
  for (;;) {
    const line = attempt(shown, 'full', ' | ', clockFull) ?? attempt(shown, 'short', ' ', clockFull) ?? attempt(shown, 'short', ' ', clockShort);
    if (line !== undefined || shown.length <= 1) return line ?? esc(shown[0]?.short ?? '');
    const least = Math.min(...shown.map((p) => p.keep));
    shown = shown.filter((p) => p !== shown.find((q) => q.keep === least));
  }
}
