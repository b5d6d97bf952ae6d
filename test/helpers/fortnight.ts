import { loadConfig } from '../../src/config/load.js';
import { Engine } from '../../src/engine/engine.js';
import { FakeClock } from '../../src/time/clock.js';
import { OPERATOR, REPAIR } from './journal.js';

export const OLD_COMPLAINT = { channel: 'phone', category: 'complaint', address: '嘉园2栋1单元601室', resident: '赵敏', phone: '13800000601', content: '楼上装修噪音' } as const;

/**
 * Issue 13's restart case: a complaint and a repair recorded on 11-02 and left open; the daemon
 * runs on to the evening of 11-13, each day a consultation answered (so each midnight is closed
 * by the next day's first write). Returns the two open entries' ids.
 */
export async function fortnightWithOpenEntries(configFile: string): Promise<{ complaint: string; repair: string }> {
  const clock = new FakeClock('2026-11-02T10:00:00+08:00');
  const engine = await Engine.start(loadConfig(configFile), { clock });
  try {
    const complaint = await engine.recordEntry(OLD_COMPLAINT, OPERATOR);
    const repair = await engine.recordEntry({ ...REPAIR, appointmentAt: '2026-11-03 10:00' }, OPERATOR);
    for (let day = 3; day <= 13; day++) {
      clock.set(`2026-11-${String(day).padStart(2, '0')}T09:00:00+08:00`);
      const question = await engine.recordEntry({ channel: 'phone', category: 'consultation', content: `咨询停车月卡 ${day}` }, OPERATOR);
      await engine.closeEntry(question.id, '已答复', OPERATOR);
    }
    return { complaint: complaint.id, repair: repair.id };
  } finally {
    await engine.stop();
  }
}
