import type { Person } from '../../src/config/types.js';
import type { ItemState, Refusal } from '../../src/domain/handover-checks.js';
import type { HandoverAcceptedData, HandoverSession } from '../../src/engine/handover.js';
import { words } from '../text/labels.js';
import { ChoiceField, Form, type FormField } from './form.js';
import type { Key } from './keys.js';
import { cell, esc } from './markup.js';
import { PromptView } from './prompt-view.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

type Room = 'unset' | 'yes' | 'no';
type Item = 'unset' | ItemState;

const hhmm = (iso: string | null | undefined) => (iso ? iso.slice(11, 16) : '');

/**
 * F5, the shift handover (H4-H7): the outgoing operator badges to begin; the screen shows the
 * shift's unclear entries, the room, the inventory checklist, open major repairs and the pending
 * matters; the incoming operator badges to take the shift. Any of the four refusals refuses it
 * (recorded), and the outgoing operator stays on duty until it is resolved or a supervisor
 * overrides it with a reason.
 */
export class HandoverView implements View {
  private form: Form | undefined;
  private session: HandoverSession | null;

  constructor(private readonly ctx: ConsoleContext) {
    this.session = ctx.engine.handover.current();
    if (this.session) this.buildForm(this.session);
  }

  hints(): string {
    return this.session ? this.ctx.w.handoverHints : this.ctx.w.handoverStartHints;
  }

  /** The form mirrors the session: what was already filled in comes back when the screen is reopened. */
  private buildForm(session: HandoverSession): void {
    const { w } = this.ctx;
    const view = session.view();
    const fields: FormField[] = [
      { name: 'room', label: w.roomClean, input: new ChoiceField<Room>(['unset', 'yes', 'no'], view.roomClean === null ? 'unset' : view.roomClean ? 'yes' : 'no', (v) => w.roomState[v]) },
    ];
    view.checklist.forEach((line, i) => {
      fields.push({ name: `item${i}`, label: line.item, input: new ChoiceField<Item>(['unset', 'present', 'damaged', 'missing'], line.state ?? 'unset', (v) => w.itemState[v]) });
      fields.push({ name: `why${i}`, label: `  ${w.explanation}`, input: new TextField(line.explanation ?? '', 500) });
    });
    fields.push({ name: 'pending', label: w.pending, input: new TextField(view.pending.join('；'), 2000) });
    this.form = new Form(fields);
  }

  render({ width, height }: Size): string[] {
    const { w } = this.ctx;
    this.session = this.ctx.engine.handover.current();
    const s = this.session;
    if (!s) {
      const duty = this.ctx.engine.onDuty();
      return [`{bold}${esc(w.handoverTitle)}{/bold}`, '', cell(duty ? w.handoverBegin(duty.name) : w.dutyNone, width)].slice(0, height);
    }
    const v = s.view();
    const t = v.timing;
    const lines = [
      `{bold}${esc(w.handoverTitle)}{/bold}  ${cell(`${v.outgoing.name} → ${v.incoming?.name ?? '?'}   ${w.change} ${hhmm(v.change)}`, width - 8)}`,
      cell(`${w.readyAt} ${hhmm(t.outgoingReadyAt)}${t.outgoingLateMinutes > 0 ? ` (${w.lateBy(t.outgoingLateMinutes)})` : ''}${t.incomingArrivedAt ? `   ${w.arrivedAt} ${hhmm(t.incomingArrivedAt)}${(t.incomingLateMinutes ?? 0) > 0 ? ` (${w.lateBy(t.incomingLateMinutes!)})` : ''}` : ''}`, width),
      cell(`${w.unclearEntries}: ${v.unclear.length === 0 ? w.none : v.unclear.map((u) => `${u.id}(${u.unclear.map((f) => words(this.ctx.lang).field[f] ?? f).join(',')})`).join(' ')}`, width),
      cell(`${w.majorRepairs}: ${v.majorRepairs.length === 0 ? w.none : v.majorRepairs.map((m) => `${m.orderNo ?? m.entryId} ${m.address}`).join('; ')}`, width),
      ...(this.form?.render(width) ?? []),
    ];
    const refusals = v.refusals;
    if (refusals.length > 0) {
      lines.push(`{yellow-fg}${cell(w.wouldRefuse, width)}{/yellow-fg}`);
      for (const r of refusals) lines.push(`{yellow-fg}${cell(`  ${r.rule}: ${refusalText(r, w)}`, width)}{/yellow-fg}`);
    } else lines.push(`{green-fg}${cell(w.readyToSign, width)}{/green-fg}`);
    if (v.lastRefused) lines.push(`{red-fg}${cell(`${w.refusedAt(hhmm(v.lastRefused.at))}: ${v.lastRefused.reasons.map((r) => r.rule).join(', ')}`, width)}{/red-fg}`);
    if (v.awaitingOverride) lines.push(`{magenta-fg}${cell(w.overrideAsk(v.awaitingOverride.reason), width)}{/magenta-fg}`);
    // Room for the form first: the refusals at the bottom are cut before the fields are.
    return lines.slice(0, height);
  }

  key(k: Key): void {
    const { ctx } = this;
    if (k.full === 'escape') return ctx.close(this);
    const s = this.session;
    if (!s || !this.form) return;
    if (k.full === 'C-x') {
      s.cancel();
      ctx.say(ctx.w.handoverCancelled);
      return ctx.close(this);
    }
    if (k.full === 'C-o') {
      return ctx.push(
        new PromptView(ctx, ctx.w.overrideTitle, [ctx.w.overrideExplain], [{ name: 'reason', label: ctx.w.reason, input: new TextField('', 500) }], async (f) => {
          s.expectOverride(f!.text('reason'));
          return true;
        }),
      );
    }
    if (k.full === 'enter') return void this.form.key({ ...k, name: 'tab', full: 'tab' });
    this.form.key(k);
    void ctx.run(async () => this.apply(s));
  }

  /** Hands what the form says to the session, which computes the refusals from it. */
  private apply(s: HandoverSession): void {
    const form = this.form!;
    const room = form.input('room').value as Room;
    if (room !== 'unset') s.confirmRoomClean(room === 'yes');
    s.view().checklist.forEach((line, i) => {
      const state = form.input(`item${i}`).value as Item;
      const why = form.text(`why${i}`);
      if (state !== 'unset' && (state !== line.state || why !== (line.explanation ?? ''))) s.checkItem(line.item, state, why || null);
    });
    s.setPending(form.text('pending').split(/[；;]/));
  }

  badge(person: Person): void {
    const { ctx } = this;
    const s = ctx.engine.handover.current();
    if (!s) {
      void ctx.run(async () => {
        const begun = ctx.engine.handover.begin(person.badge);
        this.session = begun;
        this.buildForm(begun);
        ctx.say(ctx.w.handoverBegun(person.name));
      });
      return;
    }
    void ctx.run(async () => {
      const result = await s.scan(person.badge);
      if (result.outcome === 'accepted') {
        // The incoming operator takes the shift, also when the badge was a supervisor's override.
        ctx.say(ctx.w.handoverAccepted((result.event.data as unknown as HandoverAcceptedData).incoming.name));
        ctx.close(this);
      } else {
        ctx.say(ctx.w.handoverRefused(result.refusals.map((r) => r.rule).join(', ')), 'error');
      }
    });
  }
}

function refusalText(r: Refusal, w: ConsoleContext['w']): string {
  switch (r.code) {
    case 'unclear-entries':
      return w.refusal.unclear(r.entries.length);
    case 'room-not-clean':
      return w.refusal.room;
    case 'items': {
      // H4 c: a missing item still refuses once explained; anything else here wants a check or an explanation.
      const missing = r.items.filter((i) => i.state === 'missing' && i.explained).map((i) => i.item);
      const rest = r.items.filter((i) => !(i.state === 'missing' && i.explained)).map((i) => i.item);
      return [...(rest.length ? [w.refusal.items(rest.join(', '))] : []), ...(missing.length ? [w.refusal.missing(missing.join(', '))] : [])].join('；');
    }
    case 'major-repairs':
      return w.refusal.major;
    case 'holiday-supervisor':
      return w.refusal.holiday;
  }
}
