import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PanelSimulator } from '../../devices/intercom/simulator.js';
import { loadConfig } from '../../src/config/load.js';
import { Engine } from '../../src/engine/engine.js';
import { FakeClock } from '../../src/time/clock.js';
import { consoleSite, OPERATOR } from '../helpers/console-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { siteDateTime, standAt } from '../helpers/site-time.js';
import { closeTerminals, widestLine } from '../helpers/tmux.js';

const panels: PanelSimulator[] = [];
afterEach(async () => {
  while (panels.length) await panels.pop()!.stop();
  await closeTerminals();
  await destroyPtyPairs();
});

// The evening the suite used to fail at (issue 11): after the day's last sync slot (17:30). Each
// test starts there, so the second does not begin minutes later after the first.
beforeEach(() => standAt('2026-11-30T20:09:00.000+08:00'));

/** Two requests from yesterday morning left open, so both are past their 24 hours (R5); the operator on duty since. */
async function overdueFromYesterday(configFile: string): Promise<void> {
  const morning = siteDateTime().minus({ days: 1 }).set({ hour: 9, minute: 0 });
  const engine = await Engine.start(loadConfig(configFile), { clock: new FakeClock(morning.toMillis()) });
  await engine.signOn(OPERATOR.badge);
  await engine.recordEntry({ channel: 'phone', category: 'request', address: '嘉园2栋1单元202室', resident: '郭淑英', phone: '19147634880', content: '请开通门禁卡' }, OPERATOR.badge);
  await engine.recordEntry({ channel: 'walk-in', category: 'consultation', content: '咨询停车月卡办理' }, OPERATOR.badge);
  await engine.stop();
}

const MISSED = ['B01-U1-301', 'B01-U1-302', 'B01-U1-601', 'B01-U1-602', 'B01-U1-901', 'B01-U1-902', 'B01-U1-1201', 'B01-U1-1202', 'B01-U2-301', 'B01-U2-302', 'B01-U2-601', 'B01-U2-602'];
const RINGING = ['B02-U1-201', 'B02-U1-202', 'B02-U1-501'];

describe('the status line when the evening is busy (issue 11), at 80x24', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`${lang}: the sync overdue, a badge reader down, 3 calls ringing, 12 callbacks owed, 2 entries overdue: every part still reads, the clock after a space`, async () => {
      const site = await consoleSite({ lang: lang === 'en' ? 'en' : undefined, deskInbox: false, scannerPath: '/dev/null-scanner-not-plugged', beforeStart: overdueFromYesterday });
      panels.push(site.panel);
      const { term, panel } = site;
      await panel.run([...MISSED.flatMap((s) => [`call ${s}`, 'cancel']), ...RINGING.map((s) => `call ${s}`), 'settle 5']);
      const words =
        lang === 'zh'
          ? { duty: OPERATOR.name, panel: '对讲 正常', badges: '读卡 断开', sync: '同步逾期', ringing: /响铃 3/, owed: /回拨 12/, overdue: /逾期 2/ }
          : { duty: OPERATOR.name, panel: 'panel up', badges: 'badges DOWN', sync: 'SYNC OVERDUE', ringing: /RING(ING)? 3/, owed: /(owed|call back) 12/, overdue: /overdue 2/ };
      const screen = await term.waitFor((s) => {
        const top = s.split('\n')[0]!;
        return top.includes(words.sync) && words.ringing.test(top) && words.owed.test(top);
      }, 30_000);
      const top = screen.split('\n')[0]!;
      expect(widestLine(screen)).toBeLessThanOrEqual(80);
      expect(top).toContain(words.duty);
      expect(top).toContain(words.panel);
      expect(top).toContain(words.badges);
      expect(top).toContain(words.sync);
      expect(top).toMatch(words.ringing);
      expect(top).toMatch(words.owed);
      expect(top).toMatch(words.overdue);
      // The site's time, after at least one space: 20:09 or 20:10 by the time the calls are in.
      expect(top).toMatch(/ (11-30 )?20:(09|10)(:\d\d)?\s*$/);
      // R5: what the status line counts as overdue is on the screen, though it was recorded yesterday.
      expect(screen).toContain('请开通门禁卡');
      expect(screen).toContain('咨询停车月卡办理');
    }, 90_000);
  }
});
