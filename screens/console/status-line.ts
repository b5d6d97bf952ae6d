import type { LinkState } from '../../devices/link.js';
import { nextSyncAt } from '../../src/domain/sync-schedule.js';
import type { Engine } from '../../src/engine/engine.js';
import { localIso } from '../../src/time/zone.js';
import { cell, esc, width as widthOf } from './markup.js';
import type { ConsoleWords } from './words.js';

/**
 * The line that is always there: the site, who is on duty, each device's link, the next sync and
 * what is overdue (callbacks and entries), and the time.
 */
export function statusLine(engine: Engine, links: LinkState[], w: ConsoleWords, now: number, width: number): string {
  const { config } = engine;
  const zone = config.site.timezone;
  const duty = engine.onDuty();
  const panel = links.filter((l) => l.device === 'panel');
  const readers = links.filter((l) => l.device !== 'panel');
  const link = (label: string, states: LinkState[]) => {
    if (states.length === 0) return '';
    const up = states.filter((s) => s.up).length;
    const text = `${label} ${up === states.length ? w.up : w.down}${states.length > 1 ? ` ${up}/${states.length}` : ''}`;
    return up === states.length ? esc(text) : `{red-bg}{white-fg}${esc(text)}{/white-fg}{/red-bg}`;
  };
  const overdue = engine.callbacksOwed().filter((c) => c.overdue).length + engine.overdueEntries().length;
  const parts = [
    `{bold}${esc(config.site.name)}{/bold}`,
    duty ? esc(`${w.onDuty} ${duty.name}`) : `{yellow-bg}{black-fg}${esc(w.nobodyOnDuty)}{/black-fg}{/yellow-bg}`,
    link(w.panel, panel),
    link(w.badges, readers),
    esc(`${w.nextSync} ${localIso(nextSyncAt(config.sync.times, zone, now), zone).slice(11, 16)}`),
    overdue > 0 ? `{red-bg}{white-fg}${esc(`${w.overdue} ${overdue}`)}{/white-fg}{/red-bg}` : '',
  ].filter(Boolean);
  const clock = localIso(now, zone).slice(5, 19).replace('T', ' ');
  const left = parts.join(' | ');
  const visible = widthOf(left.replace(/\{[^}]*\}/g, ''));
  const gap = width - visible - clock.length;
  return gap >= 1 ? `${left}${' '.repeat(gap)}${clock}` : `${left}${cell('', Math.max(0, width - visible))}`;
}
