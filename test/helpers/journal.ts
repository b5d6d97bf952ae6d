import { readFileSync, writeFileSync } from 'node:fs';
import type { SiteConfig } from '../../src/config/types.js';
import { Engine } from '../../src/engine/engine.js';
import type { EntryInput } from '../../src/engine/entry-input.js';
import { layout } from '../../src/register/layout.js';
import { FakeClock } from '../../src/time/clock.js';

export const OPERATOR = 'EMP-000101';

export const REPAIR: EntryInput = {
  channel: 'intercom',
  category: 'repair',
  station: 'B03-U1-1202',
  address: '嘉园3栋1单元1202室',
  resident: '陈丽',
  phone: '13900001202',
  content: '卫生间下水道堵塞',
  appointmentAt: '2026-12-01 10:00',
};

/** Records `perDay` entries on each of `days` consecutive days starting at `startIso`, then stops. */
export async function fillJournal(config: SiteConfig, startIso: string, days: number, perDay: number): Promise<void> {
  const clock = new FakeClock(startIso);
  const engine = await Engine.start(config, { clock });
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < perDay; i++) {
      await engine.recordEntry({ ...REPAIR, content: `${REPAIR.content} ${d}-${i}` }, OPERATOR);
      clock.advance(60_000);
    }
    clock.advance(24 * 3600_000 - perDay * 60_000);
  }
  await engine.stop();
}

/** Edits one day file's text in place (a tamperer's or a faulty disk's work). */
export function editDayFile(config: SiteConfig, day: string, edit: (text: string) => string): string {
  const file = layout.dayFile(config.dataDir, day);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return file;
}
