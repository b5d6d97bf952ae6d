import type { LinkState } from '../../devices/link.js';
import type { Engine } from '../../src/engine/engine.js';
import type { OnDuty } from '../../src/projections/duty.js';
import type { SyncState } from '../../src/sync/sync-state.js';
import { localIso } from '../../src/time/zone.js';
import { esc, width as widthOf } from './markup.js';
import type { ConsoleWords } from './words.js';

/** What the status line tells, read from the engine and the devices at one instant. */
export interface StatusFacts {
  site: string;
  duty: OnDuty | null;
  panel: LinkState[];
  badges: LinkState[];
  sync: Pick<SyncState, 'running' | 'overdue' | 'backlog' | 'nextDueAt'>;
  ringing: number;
  owed: number;
  /** Callbacks past their time and register entries past their deadline (R5). */
  overdue: number;
  /** The site's local time, ISO with offset. */
  time: string;
  /** H8: a holiday held without a supervisor, flagged until one signs on. */
  holidayBreach?: boolean;
}

export function statusFacts(engine: Engine, links: LinkState[], now: number): StatusFacts {
  const owed = engine.callbacksOwed();
  return {
    site: engine.config.site.name,
    duty: engine.onDuty(),
    panel: links.filter((l) => l.device === 'panel'),
    badges: links.filter((l) => l.device !== 'panel'),
    sync: engine.sync.state(),
    ringing: engine.ringingCalls().length,
    owed: owed.length,
    overdue: owed.filter((c) => c.overdue).length + engine.overdueEntries().length,
    time: localIso(now, engine.config.site.timezone),
    holidayBreach: engine.shift.holidayBreach() !== null,
  };
}

interface Part {
  /** Label and value; `compact` is the same with a shorter label, `bare` the value alone. */
  full: string;
  compact?: string;
  bare?: string;
  /** Which parts go when nothing else helps: lower goes first; Infinity never goes. */
  keep: number;
  /** A blessed colour wrapping, e.g. `red-bg}{white-fg`. */
  style?: string;
}

const ALERT = 'red-bg}{white-fg';
const NEVER = Number.POSITIVE_INFINITY;

/**
 * The line that is always there. Whatever the width, the operator reads who is on duty, each
 * device's link in words (`对讲 断开` reads on a monochrome terminal), what is overdue, calls
 * ringing, and the time after a space. When the line is too long it gives way in this order:
 * the site's name, the separators, the counts' long labels, the date and seconds of the clock,
 * the "on duty" label, then the next sync time, callbacks owed and links that are up. A link down,
 * who is on duty, calls ringing, anything overdue and the time never go.
 */
export function statusLine(engine: Engine, links: LinkState[], w: ConsoleWords, now: number, width: number): string {
  return layoutStatusLine(statusFacts(engine, links, now), w, width);
}

export function layoutStatusLine(f: StatusFacts, w: ConsoleWords, width: number): string {
  const site: Part = { full: f.site, keep: 0, style: 'bold' };
  const parts: Part[] = [dutyPart(f.duty, w), ...linkPart(w.panel, f.panel, w), ...linkPart(w.badges, f.badges, w), syncPart(f, w)];
  if (f.holidayBreach) parts.splice(1, 0, { full: w.holidayBreach, compact: w.holidayBreachShort, keep: NEVER, style: ALERT });
  if (f.ringing > 0) parts.push({ full: `${w.ringing} ${f.ringing}`, compact: `${w.ringingShort} ${f.ringing}`, keep: NEVER, style: `${ALERT}}{bold` });
  if (f.owed > 0) parts.push({ full: `${w.owed} ${f.owed}`, compact: `${w.owedShort} ${f.owed}`, keep: 2, style: 'yellow-fg' });
  if (f.overdue > 0) parts.push({ full: `${w.overdue} ${f.overdue}`, compact: `${w.overdueShort} ${f.overdue}`, keep: NEVER, style: ALERT });
  const clockFull = f.time.slice(5, 19).replace('T', ' ');
  const clockShort = f.time.slice(11, 16);

  // Each step keeps what the earlier ones gave up.
  const steps: Layout[] = [
    { site: true, sep: ' | ', form: 'full', clock: clockFull },
    { site: false, sep: ' | ', form: 'full', clock: clockFull },
    { site: false, sep: '  ', form: 'full', clock: clockFull },
    { site: false, sep: '  ', form: 'compact', clock: clockFull },
    { site: false, sep: '  ', form: 'compact', clock: clockShort },
    { site: false, sep: '  ', form: 'bare', clock: clockShort },
    { site: false, sep: ' ', form: 'bare', clock: clockShort },
  ];
  for (const step of steps) {
    const line = fitLine(step.site ? [site, ...parts] : parts, step, width);
    if (line !== undefined) return line;
  }
  const last = steps.at(-1)!;
  let shown = parts;
  for (;;) {
    const droppable = shown.filter((p) => p.keep !== NEVER);
    if (droppable.length === 0) break;
    const least = Math.min(...droppable.map((p) => p.keep));
    shown = shown.filter((p) => p !== droppable.find((q) => q.keep === least));
    const line = fitLine(shown, last, width);
    if (line !== undefined) return line;
  }
  // Narrower than the essentials (a terminal of 40 columns): cut at the edge, the clock first.
  return esc(cutToWidth(`${last.clock} ${shown.map((p) => formOf(p, 'bare')).join(' ')}`, width));
}

interface Layout {
  site: boolean;
  sep: string;
  form: 'full' | 'compact' | 'bare';
  clock: string;
}

function formOf(p: Part, form: Layout['form']): string {
  if (form === 'bare') return p.bare ?? p.compact ?? p.full;
  if (form === 'compact') return p.compact ?? p.full;
  return p.full;
}

/** The parts left, the clock at the right edge with at least one space before it; or undefined. */
function fitLine(shown: Part[], step: Layout, width: number): string | undefined {
  const texts = shown.map((p) => formOf(p, step.form));
  const gap = width - widthOf(texts.join(step.sep)) - widthOf(step.clock);
  if (gap < 1) return undefined;
  const styled = shown.map((p, i) => (p.style ? `{${p.style}}${esc(texts[i]!)}{/${p.style.split('}{').reverse().join('}{/')}}` : esc(texts[i]!)));
  return `${styled.join(step.sep)}${' '.repeat(gap)}${step.clock}`;
}

function dutyPart(duty: OnDuty | null, w: ConsoleWords): Part {
  if (!duty) return { full: w.nobodyOnDuty, keep: NEVER, style: 'yellow-bg}{black-fg' };
  // H3: while the operator on duty is away, the relief covering (or the absence) is what counts.
  if (duty.relief) return { full: `${w.onDuty} ${duty.relief.name}（${w.relief} ${duty.name}）`, bare: `${duty.relief.name}（${w.relief}）`, keep: NEVER };
  if (duty.absentSince) return { full: `${w.onDuty} ${duty.name} ${w.away}`, bare: `${duty.name} ${w.away}`, keep: NEVER, style: ALERT };
  return { full: `${w.onDuty} ${duty.name}`, bare: duty.name, keep: NEVER };
}

/** A device's link in words; with several readers, how many are up. */
function linkPart(label: string, states: LinkState[], w: ConsoleWords): Part[] {
  if (states.length === 0) return [];
  const up = states.filter((s) => s.up).length;
  const count = states.length > 1 && up < states.length ? ` ${up}/${states.length}` : '';
  // A link up is the normal state: on a very narrow terminal it goes before anything alarming.
  if (up === states.length) return [{ full: `${label} ${w.up}`, keep: 3 }];
  return [{ full: `${label} ${w.down}${count}`, keep: NEVER, style: ALERT }];
}

function syncPart(f: StatusFacts, w: ConsoleWords): Part {
  if (f.sync.running) return { full: w.syncing, keep: 1 };
  // R8: a sync owed and not done is overdue, and stays in sight until the desk has the register.
  if (f.sync.overdue) return { full: `${w.syncOverdue} ${w.backlogCount(f.sync.backlog)}`, compact: w.syncOverdue, keep: NEVER, style: ALERT };
  const at = f.sync.nextDueAt.slice(11, 16);
  return { full: `${w.nextSync} ${at}`, compact: `${w.nextSyncShort} ${at}`, keep: 1 };
}

/** Cuts text to at most `width` columns (wide characters count two). */
function cutToWidth(text: string, width: number): string {
  let out = '';
  for (const ch of text) {
    if (widthOf(out + ch) > width) break;
    out += ch;
  }
  return out;
}
