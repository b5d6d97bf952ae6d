import { CATEGORIES, CHANNELS, type Category, type Channel, type Unit } from '../../src/config/types.js';
import { missingFields, type EntryFields } from '../../src/domain/entry.js';
import { addressUnlisted } from '../../src/engine/entry-input.js';
import { expandTypedTime } from '../../src/domain/typed-time.js';
import { searchUnits } from '../../src/domain/unit-search.js';
import type { CallView } from '../../src/projections/calls.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, channelLabel, words } from '../text/labels.js';
import { ChoiceField, Form } from './form.js';
import type { Key } from './keys.js';
import { cell, esc, hhmm } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

/** What an entry form starts with: a call's details from the unit directory, or nothing (F2). */
export interface EntryDraft {
  channel: Channel;
  category?: Category;
  station?: string | null;
  address?: string | null;
  resident?: string | null;
  phone?: string | null;
  receivedAt?: string;
  callId?: string;
  title: string;
}

/**
 * The register's entry form (R1): filled from the unit directory for a call, empty for a phone,
 * radio or walk-in request (F2). The address field searches the directory as the operator types.
 * Missing required fields are shown before saving (R6); saving with them marks the entry unclear.
 */
export class EntryForm implements View {
  private readonly form: Form;
  private station: string | null;
  private suggestions: Unit[] = [];
  private chosen = 0;
  private saving = false;
  /** What the form held when it opened, and whether Esc was pressed once over typed text. */
  private readonly opened: string;
  private leaving = false;

  constructor(
    private readonly ctx: ConsoleContext,
    private readonly draft: EntryDraft,
    /** Told the saved entry (a callback becomes an entry this way). */
    private readonly saved: (entry: RegisterEntry) => Promise<void> | void = () => undefined,
  ) {
    const { lang } = ctx;
    const field = words(lang).field;
    this.station = draft.station ?? null;
    this.form = new Form([
      { name: 'address', label: field.address ?? 'address', input: new TextField(draft.address ?? '', 200) },
      { name: 'resident', label: field.resident ?? 'resident', input: new TextField(draft.resident ?? '', 100) },
      { name: 'phone', label: field.phone ?? 'phone', input: new TextField(draft.phone ?? '', 30) },
      { name: 'category', label: field.category ?? 'category', input: new ChoiceField(CATEGORIES, draft.category ?? 'repair', (c) => categoryLabel(lang, c)) },
      { name: 'content', label: field.content ?? 'content', input: new TextField('', 2000) },
      { name: 'appointmentAt', label: field.appointmentAt ?? 'appointment', input: new TextField('', 40) },
      { name: 'channel', label: field.channel ?? 'channel', input: new ChoiceField(CHANNELS, draft.channel, (c) => channelLabel(lang, c)) },
    ]);
    // Each form opens where the operator types first: a call is already addressed from the
    // directory, so what the request is; a request by phone or in person, where it is.
    this.form.focusOn(draft.address ? 'content' : 'address');
    this.opened = JSON.stringify(this.fields());
  }

  hints(): string {
    return this.onAddress() && this.suggestions.length > 0 ? this.ctx.w.addressHints : this.ctx.w.formHints;
  }

  unsaved(): boolean {
    return JSON.stringify(this.fields()) !== this.opened;
  }

  private onAddress(): boolean {
    return this.form.focused.name === 'address';
  }

  /** The address as typed is one the unit directory knows (picked, or typed exactly). */
  private addressListed(): boolean {
    // The engine's own test, on the value it will record (trimmed).
    return !addressUnlisted(this.form.text('address').trim(), this.ctx.engine.config);
  }

  private fields(): EntryFields {
    const text = (n: string) => this.form.text(n) || undefined;
    return {
      channel: this.form.input('channel').value as Channel,
      category: this.form.input('category').value as Category,
      ...(this.station ? { station: this.station } : {}),
      ...(text('address') ? { address: text('address')! } : {}),
      ...(text('resident') ? { resident: text('resident')! } : {}),
      ...(text('phone') ? { phone: text('phone')! } : {}),
      ...(text('content') ? { content: text('content')! } : {}),
      ...(text('appointmentAt') ? { appointmentAt: text('appointmentAt')! } : {}),
    };
  }

  render({ width, height }: Size): string[] {
    const { w, lang } = this.ctx;
    const field = words(lang).field;
    const d = this.draft;
    const lines = [
      `{bold}${esc(d.title)}{/bold}`,
      cell(
        [
          this.station ? `${w.station} ${this.station}` : '',
          d.receivedAt ? `${w.receivedAt} ${hhmm(d.receivedAt)}` : '',
          d.callId ? `#${d.callId}` : '',
        ]
          .filter(Boolean)
          .join('   '),
        width,
      ),
      '',
      // An address the directory does not know is said so on the form once no suggestion fits or
      // the operator moved on; the register marks it too.
      ...this.form.render(width, true, this.addressListed() || (this.onAddress() && this.suggestions.length > 0) ? {} : { address: w.notInDirectory }),
      '',
    ];
    const missing = missingFields(this.fields());
    lines.push(
      missing.length > 0
        ? `{yellow-fg}${esc(`${w.missing}: ${missing.map((f) => field[f] ?? f).join(', ')}`)}{/yellow-fg}`
        : `{green-fg}${esc(w.complete)}{/green-fg}`,
    );
    if (this.onAddress() && this.form.text('address')) {
      lines.push('', `{underline}${esc(w.suggestions)}{/underline}`);
      if (this.suggestions.length === 0) lines.push(esc(w.noMatch));
      const room = Math.max(1, height - lines.length);
      for (const [i, u] of this.suggestions.slice(0, room).entries()) {
        const row = cell(`${u.address}  ${u.resident}  ${u.station}`, width - 2);
        lines.push(i === this.chosen ? `{inverse}> ${row}{/inverse}` : `  ${row}`);
      }
    }
    return lines.slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') {
      // Typed text is not thrown away by one stray Esc: the second one leaves.
      if (this.leaving || JSON.stringify(this.fields()) === this.opened) return this.ctx.close(this);
      this.leaving = true;
      return this.ctx.say(this.ctx.w.escAgain, 'error');
    }
    this.leaving = false;
    if (k.full === 'C-s') return void this.save();
    const onAddress = this.onAddress();
    // Up/Down move between fields here as everywhere (the footer says so); the directory's
    // suggestions are chosen with PgUp/PgDn and taken with Enter, so nothing typed after leaving
    // the address can land in it.
    if (onAddress && this.suggestions.length > 0) {
      if (k.full === 'pagedown') return void (this.chosen = Math.min(this.suggestions.length - 1, this.chosen + 1));
      if (k.full === 'pageup') return void (this.chosen = Math.max(0, this.chosen - 1));
      if (k.full === 'enter') return this.pick(this.suggestions[this.chosen]!);
    }
    if (k.full === 'enter') return void this.form.key({ ...k, name: 'tab', full: 'tab' });
    const before = this.form.text('address');
    this.form.key(k);
    if (!onAddress) return;
    if (this.form.focused.name !== 'address') {
      this.suggestions = [];
      return;
    }
    if (this.form.text('address') !== before) {
      // An address changed by hand is no longer the unit that was picked (or that called).
      const unit = this.ctx.engine.config.units.find((u) => u.address === this.form.text('address'));
      this.station = unit?.station ?? null;
      this.suggestions = searchUnits(this.ctx.engine.config.units, this.form.text('address'));
      this.chosen = 0;
    }
  }

  /** The directory's spelling of the address, with its resident, phone and station (R1). */
  private pick(unit: Unit): void {
    (this.form.input('address') as TextField).value = unit.address;
    if (unit.resident) (this.form.input('resident') as TextField).value = unit.resident;
    if (unit.phone) (this.form.input('phone') as TextField).value = unit.phone;
    this.station = unit.station;
    this.suggestions = [];
    this.form.focusOn('content');
  }

  private async save(): Promise<void> {
    if (this.saving) return;
    const actor = this.ctx.actor();
    if (!actor) return this.ctx.say(this.ctx.w.signOnAsk, 'error');
    this.saving = true;
    const f = this.fields();
    const d = this.draft;
    const entry = await this.ctx.run(() =>
      this.ctx.engine.recordEntry(
        {
          ...f,
          ...(f.appointmentAt ? { appointmentAt: expandTypedTime(f.appointmentAt, this.ctx.now(), this.ctx.engine.config.site.timezone) } : {}),
          ...(d.receivedAt ? { receivedAt: d.receivedAt } : {}),
          ...(d.callId ? { callId: d.callId } : {}),
        },
        actor,
      ),
    );
    this.saving = false;
    if (!entry) return;
    const field = words(this.ctx.lang).field;
    this.ctx.say(entry.unclear.length > 0 ? this.ctx.w.savedUnclear(entry.id, entry.unclear.map((u) => field[u] ?? u).join(', ')) : this.ctx.w.saved(entry.id));
    this.ctx.close(this);
    await this.ctx.run(async () => this.saved(entry));
  }
}

/** The entry form of a call: everything the unit directory knows, and when the call came. */
export function fromCall(call: CallView, title: string): EntryDraft {
  return {
    title,
    channel: 'intercom' as const,
    station: call.station,
    address: call.address,
    resident: call.resident,
    phone: call.phone,
    receivedAt: call.receivedAt,
    callId: call.callId,
  };
}
