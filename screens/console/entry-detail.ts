import { maskPhone } from '../../src/log.js';
import { nameOnRoster } from '../../src/config/roster-names.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, channelLabel, words } from '../text/labels.js';
import { AmendView } from './amend-view.js';
import { CloseEntryView } from './close-entry-view.js';
import { OrderCreateView } from './order-create.js';
import { OrderDetailView } from './order-detail.js';
import { PromptView } from './prompt-view.js';
import { TextField } from './text-field.js';
import type { Key } from './keys.js';
import { cell, esc, localTime } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';
import { Said } from './errors.js';

/** One entry as it stands, with every amendment: who, when, why, from what to what. */
export class EntryDetailView implements View {
  constructor(
    private readonly ctx: ConsoleContext,
    private readonly id: string,
    /** The entry as read, for a day older than the engine holds in memory. */
    private readonly snapshot?: RegisterEntry,
  ) {}

  private current(): RegisterEntry | undefined {
    return this.ctx.engine.entry(this.id) ?? this.snapshot;
  }

  hints(): string {
    return this.ctx.w.entryHints;
  }

  render({ width, height }: Size): string[] {
    const { w, lang, engine } = this.ctx;
    const e = this.current();
    if (!e) return [esc(this.id)];
    const field = words(lang).field;
    const label = (name: string) => cell(field[name] ?? name, 8);
    const nameOf = (badge: string) => nameOnRoster(engine.config.roster, badge);
    const lines = [
      `{bold}${esc(`${w.entryTitle} ${e.id}`)}{/bold}  ${esc(words(lang).status[e.status])}${e.unclear.length ? `  {yellow-fg}${esc(w.unclear)}: ${esc(e.unclear.map((f) => field[f] ?? f).join(', '))}{/yellow-fg}` : ''}${e.overdue ? `  {red-fg}${esc(w.overdue)}{/red-fg}` : ''}`,
      `${label('receivedAt')} ${cell(`${e.receivedAt.slice(0, 16).replace('T', ' ')}  ${channelLabel(lang, e.channel)}${e.station ? `  ${e.station}` : ''}`, width - 9)}`,
      `${label('category')} ${cell(categoryLabel(lang, e.category), width - 9)}`,
      `${label('address')} ${cell(`${e.address ?? ''}${e.addressUnlisted ? ` ${w.notInDirectory}` : ''}`, width - 9)}`,
      `${label('resident')} ${cell(e.resident, width - 9)}`,
      `${label('phone')} ${cell(e.phone ? maskPhone(e.phone) : '', width - 9)}`,
      `${label('content')} ${cell(e.content, width - 9)}`,
      `${label('appointmentAt')} ${cell(e.appointmentAt?.slice(0, 16).replace('T', ' '), width - 9)}`,
      `${cell(lang === 'zh' ? '首问' : 'first', 8)} ${cell(nameOf(e.firstResponder), width - 9)}`,
      ...(e.result ? [`${cell(lang === 'zh' ? '结果' : 'result', 8)} ${cell(e.result, width - 9)}`] : []),
      ...(e.closedBy && e.closedBy !== e.firstResponder ? [`${cell(lang === 'zh' ? '代办结' : 'closed by', 8)} ${cell(`${nameOf(e.closedBy)}: ${e.closeReason ?? ''}`, width - 9)}`] : []),
      ...(e.orderNo ? [`${cell(lang === 'zh' ? '服务单' : 'order', 8)} ${cell(e.orderNo, width - 9)}`] : []),
      '',
      `{underline}${esc(w.history)}{/underline}`,
    ];
    if (e.history.length === 0) lines.push(esc(w.noHistory));
    for (const h of e.history) {
      lines.push(cell(`${h.at.slice(5, 16).replace('T', ' ')}  ${nameOf(h.actor)}  ${w.reason}: ${h.reason}`, width));
      for (const [f, c] of Object.entries(h.changes)) {
        const shown = (v: string | null) => (v === null ? '—' : f === 'phone' ? maskPhone(v) : f === 'appointmentAt' ? localTime(v) : v);
        lines.push(cell(`    ${field[f] ?? f}: ${shown(c!.from)} → ${shown(c!.to)}`, width));
      }
    }
    return lines.slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    const e = this.current();
    if (!e) return;
    if (k.full === 'a' || k.full === 'A') this.ctx.push(new AmendView(this.ctx, e));
    if (k.full === 'm' || k.full === 'M') {
      // H9: a major problem goes to the service-desk director at once.
      return this.ctx.push(
        new PromptView(this.ctx, this.ctx.w.markMajorTitle, [`${e.id}  ${e.address ?? ''}  ${e.content ?? ''}`], [{ name: 'reason', label: this.ctx.w.reason, input: new TextField('', 500) }], async (f) => {
          const actor = this.ctx.actor();
          if (!actor) throw new Said(this.ctx.w.signOnAsk);
          await this.ctx.engine.escalations.markMajor(e.id, f!.text('reason'), actor);
          this.ctx.say(this.ctx.w.markedMajor(e.id));
          return true;
        }),
      );
    }
    // R4: the first responder closes it with its result; anyone else, for them, with a supervisor's badge.
    if ((k.full === 'c' || k.full === 'C') && e.status === 'open') return this.ctx.push(new CloseEntryView(this.ctx, e));
    if (k.full === 'o' || k.full === 'O') {
      // One order per entry: an entry that has one opens it.
      if (e.orderNo) this.ctx.push(new OrderDetailView(this.ctx, e.orderNo));
      else this.ctx.push(new OrderCreateView(this.ctx, e));
    }
  }
}
