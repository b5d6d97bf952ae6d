import type { Person } from '../../src/config/types.js';
import type { Key } from './keys.js';
import { cell, duration, esc, hhmm } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

const KIND = {
  zh: { SOS: '紧急求助 SOS', FIRE: '火警', GAS: '燃气泄漏', TAMPER: '设备被拆', DOOR_FORCED: '门被强行打开' } as Record<string, string>,
  en: { SOS: 'SOS', FIRE: 'FIRE', GAS: 'GAS LEAK', TAMPER: 'TAMPER', DOOR_FORCED: 'DOOR FORCED' } as Record<string, string>,
};

/**
 * An alarm takes the whole screen until someone acknowledges it with their badge (H9); with
 * several open, the oldest first, and the count of the others.
 */
export class AlarmView implements View {
  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.alarmAsk;
  }

  render({ width, height }: Size): string[] {
    const { w, lang } = this.ctx;
    const alarms = this.ctx.engine.openAlarms();
    const a = alarms[0];
    if (!a) return [];
    const red = (text: string) => `{red-bg}{white-fg}{bold}${cell(text, width)}{/bold}{/white-fg}{/red-bg}`;
    const lines = [
      red(''),
      red(`  ${w.alarmTitle}`),
      red(''),
      red(`  ${KIND[lang][a.kind] ?? a.kind}`),
      red(`  ${a.address ?? a.station}   (${a.station})`),
      red(`  ${hhmm(a.raisedAt)}   ${duration(this.ctx.now() - Date.parse(a.raisedAt))}`),
      red(''),
      red(`  ${w.alarmAsk}`),
      red(alarms.length > 1 ? `  +${alarms.length - 1}` : ''),
      red(''),
    ];
    const rest = alarms.slice(1).map((x) => esc(cell(`${hhmm(x.raisedAt)}  ${KIND[lang][x.kind] ?? x.kind}  ${x.address ?? x.station}`, width)));
    return [...lines, ...rest].slice(0, height);
  }

  key(_key: Key): void {
    // Only a badge dismisses an alarm.
  }

  /** One acknowledgement at a time: a second badge while the first is written is not a second one. */
  private acknowledging = false;

  badge(person: Person): void {
    if (this.acknowledging) return;
    const a = this.ctx.engine.openAlarms()[0];
    if (!a) return;
    this.acknowledging = true;
    void this.ctx.run(async () => {
      await this.ctx.engine.acknowledgeAlarm(a.seq, person.badge);
      this.ctx.say(this.ctx.w.alarmAcked(person.name));
    }).finally(() => (this.acknowledging = false));
  }
}
