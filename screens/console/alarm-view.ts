import type { Person } from '../../src/config/types.js';
import { isSupervisorOrAbove } from '../../src/domain/handover-checks.js';
import { alarmLabel } from '../text/labels.js';
import type { Key } from './keys.js';
import { cell, duration, esc, hhmm } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/**
 * An alarm takes the whole screen until someone takes it on with their badge (H9); with several
 * open, the oldest first, and the count of the others. What was done may be typed first: with a
 * supervisor's badge it acknowledges the report to the director too; otherwise the report stays
 * on the calls pane until a supervisor acknowledges it with a note. No key dismisses it.
 */
export class AlarmView implements View {
  private readonly note = new TextField('', 500);
  /** The alarm the note is being typed for: a note is never carried to the next alarm. */
  private noteFor: number | undefined;

  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.alarmHints;
  }

  render({ width, height }: Size): string[] {
    const { w, lang } = this.ctx;
    const alarms = this.ctx.engine.openAlarms();
    const a = alarms[0];
    if (!a) return [];
    this.forAlarm(a.seq);
    const red = (text: string) => `{red-bg}{white-fg}{bold}${cell(text, width)}{/bold}{/white-fg}{/red-bg}`;
    const lines = [
      red(''),
      red(`  ${w.alarmTitle}`),
      red(''),
      red(`  ${alarmLabel(lang, a.kind)}`),
      red(`  ${a.address ?? a.station}   (${a.station})`),
      red(`  ${hhmm(a.raisedAt)}   ${duration(this.ctx.now() - Date.parse(a.raisedAt))}`),
      red(''),
      red(`  ${w.alarmAsk}`),
      red(alarms.length > 1 ? `  +${alarms.length - 1}` : ''),
      red(''),
      `${cell(w.alarmNote, 10)} ${this.note.render(width - 11, true)}`,
      '',
    ];
    const rest = alarms.slice(1).map((x) => esc(cell(`${hhmm(x.raisedAt)}  ${alarmLabel(lang, x.kind)}  ${x.address ?? x.station}`, width)));
    return [...lines, ...rest].slice(0, height);
  }

  key(k: Key): void {
    // Only a badge dismisses an alarm; keys only type the note of what was done.
    this.note.key(k);
  }

  unsaved(): boolean {
    return this.note.value.trim() !== '';
  }

  /** One acknowledgement at a time: a second badge while the first is written is not a second one. */
  private acknowledging = false;

  badge(person: Person): void {
    if (this.acknowledging) return;
    const a = this.ctx.engine.openAlarms()[0];
    if (!a) return;
    this.forAlarm(a.seq);
    this.acknowledging = true;
    const note = this.note.value.trim();
    // H9: a supervisor's badge with what was done acknowledges the report; any badge takes it on.
    const reports = note !== '' && isSupervisorOrAbove(person);
    void this.ctx
      .run(async () => {
        if (reports) await this.ctx.engine.escalations.acknowledge(a.seq, person.badge, note);
        else await this.ctx.engine.takeOnAlarm(a.seq, person.badge, note);
        this.note.value = '';
        this.ctx.say(reports ? this.ctx.w.alarmReported(person.name) : this.ctx.w.alarmAcked(person.name));
      })
      .finally(() => (this.acknowledging = false));
  }

  private forAlarm(seq: number): void {
    if (this.noteFor === seq) return;
    this.noteFor = seq;
    this.note.value = '';
  }
}
