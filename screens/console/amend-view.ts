import { CATEGORIES, CHANNELS, type Category, type Channel } from '../../src/config/types.js';
import type { AmendableField } from '../../src/domain/entry.js';
import { expandTypedTime } from '../../src/domain/typed-time.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, channelLabel, words } from '../text/labels.js';
import { ChoiceField, Form } from './form.js';
import type { Key } from './keys.js';
import { esc } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

const TEXT_FIELDS = ['content', 'appointmentAt', 'address', 'resident', 'phone', 'station'] as const;

/**
 * Corrects an entry: an `entry.amended` event with the changed fields and the reason; the entry
 * itself is never edited in place, and its history shows every correction.
 */
export class AmendView implements View {
  private readonly form: Form;
  private saving = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly entry: RegisterEntry,
  ) {
    const { lang } = ctx;
    const field = words(lang).field;
    const local = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
    this.form = new Form([
      { name: 'reason', label: ctx.w.reason, input: new TextField('', 500) },
      { name: 'category', label: field.category ?? 'category', input: new ChoiceField(CATEGORIES, entry.category, (c) => categoryLabel(lang, c)) },
      { name: 'content', label: field.content ?? 'content', input: new TextField(entry.content ?? '', 2000) },
      { name: 'appointmentAt', label: field.appointmentAt ?? 'appointment', input: new TextField(local(entry.appointmentAt), 40) },
      { name: 'address', label: field.address ?? 'address', input: new TextField(entry.address ?? '', 200) },
      { name: 'resident', label: field.resident ?? 'resident', input: new TextField(entry.resident ?? '', 100) },
      { name: 'phone', label: field.phone ?? 'phone', input: new TextField(entry.phone ?? '', 30) },
      { name: 'station', label: field.station ?? 'station', input: new TextField(entry.station ?? '', 20) },
      { name: 'channel', label: field.channel ?? 'channel', input: new ChoiceField(CHANNELS, entry.channel, (c) => channelLabel(lang, c)) },
    ]);
  }

  hints(): string {
    return this.ctx.w.amendHints;
  }

  unsaved(): boolean {
    return this.form.text('reason') !== '' || Object.keys(this.changes()).length > 0;
  }

  render({ width, height }: Size): string[] {
    return [`{bold}${esc(`${this.ctx.w.amendTitle} ${this.entry.id}`)}{/bold}`, '', ...this.form.render(width)].slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'C-s') return void this.save();
    if (k.full === 'enter') return void this.form.key({ ...k, name: 'tab', full: 'tab' });
    this.form.key(k);
  }

  /** Only the fields that differ from the entry as it stands; a field emptied is cleared. */
  private changes(): Partial<Record<AmendableField, string | null>> {
    const e = this.entry;
    const zone = this.ctx.engine.config.site.timezone;
    const changes: Partial<Record<AmendableField, string | null>> = {};
    const category = this.form.input('category').value as Category;
    const channel = this.form.input('channel').value as Channel;
    if (category !== e.category) changes.category = category;
    if (channel !== e.channel) changes.channel = channel;
    for (const name of TEXT_FIELDS) {
      const typed = this.form.text(name);
      const before = name === 'appointmentAt' ? (e.appointmentAt?.slice(0, 16).replace('T', ' ') ?? '') : (e[name] ?? '');
      if (typed === before) continue;
      changes[name] = typed === '' ? null : name === 'appointmentAt' ? expandTypedTime(typed, this.ctx.now(), zone) : typed;
    }
    return changes;
  }

  private async save(): Promise<void> {
    if (this.saving) return;
    const { w } = this.ctx;
    const actor = this.ctx.actor();
    if (!actor) return this.ctx.say(w.signOnAsk, 'error');
    const reason = this.form.text('reason');
    if (!reason) {
      this.form.focusOn('reason');
      return this.ctx.say(w.needReason, 'error');
    }
    const changes = this.changes();
    if (Object.keys(changes).length === 0) return this.ctx.say(w.nothingChanged, 'error');
    this.saving = true;
    const done = await this.ctx.run(() => this.ctx.engine.amendEntry(this.entry.id, changes, reason, actor));
    this.saving = false;
    if (!done) return;
    this.ctx.say(w.amended(this.entry.id));
    this.ctx.close(this);
  }
}
