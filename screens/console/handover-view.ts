import type { Person } from '../../src/config/types.js';
import type { ItemState, Refusal } from '../../src/domain/handover-checks.js';
import type { HandoverAcceptedData, HandoverSession, HandoverView as SessionView } from '../../src/engine/handover.js';
import { alarmLabel, categoryLabel, words } from '../text/labels.js';
import { Said } from './errors.js';
import { escalationText } from './escalation-text.js';
import { ChoiceField, Form, type FormField } from './form.js';
import type { Key } from './keys.js';
import { cell, esc, hhmm, localTime, shortAddress } from './markup.js';
import { PromptView } from './prompt-view.js';
import { TextArea } from './text-area.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

type Room = 'unset' | 'yes' | 'no';
type Item = 'unset' | ItemState;
type Carried = 'carry' | 'done';


/**
 * F5, the shift handover (H4-H7): the outgoing operator badges to begin. The screen is one page
 * that scrolls (PgUp/PgDn; moving between fields keeps the field in sight): first the open work
 * the incoming operator takes over, which they read to its end before their badge signs
 * (callbacks owed by station, open entries by category with the complaints' clocks, open orders,
 * alarms and reports to the director, H8 breaches, unclear entries and major repairs); then the
 * checks: the room, the inventory (starting from the last handover's states; Ctrl+A marks every
 * unchecked item present), the last handover's pending matters (each carried again or done) and
 * the new ones, one a line. What would refuse the handover stays at the bottom. Any of the four
 * refusals refuses it (recorded), and the outgoing operator stays on duty until it is resolved or
 * a supervisor overrides it with a reason.
 */
export class HandoverView implements View {
  private form: Form | undefined;
  private session: HandoverSession | null;
  /** The first line of the scrolling page on screen. */
  private offset = 0;
  /** The next render brings the focused field into sight (after the focus moved or a field was edited). */
  private follow = false;
  /** The incoming operator has had the open work on screen down to its last line. */
  private seenAll = false;
  /** The page's rows at the last render (PgUp/PgDn turn one less). */
  private rows = 10;

  constructor(private readonly ctx: ConsoleContext) {
    this.session = ctx.engine.handover.current();
    if (this.session) this.buildForm(this.session);
  }

  hints(): string {
    return this.session ? this.ctx.w.handoverHints : this.ctx.w.handoverStartHints;
  }

  /** Explanations and pending matters typed here live only in the session until the handover is signed. */
  unsaved(): boolean {
    const v = this.session?.open ? this.session.view() : null;
    return !!v && (v.pending.length > 0 || v.checklist.some((i, n) => i.explanation !== null && i.explanation !== carriedExplanation(v, n)));
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
    view.carried.forEach((c, i) => {
      fields.push({ name: `carried${i}`, label: w.carriedMatter(i + 1), input: new ChoiceField<Carried>(['carry', 'done'], c.done ? 'done' : 'carry', (v) => `${w.carriedState[v]}`) });
    });
    fields.push({ name: 'pending', label: w.pending, input: new TextArea(view.pending.join('\n'), 4, 30, 500) });
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
    const head = [
      `{bold}${esc(w.handoverTitle)}{/bold}  ${cell(`${v.outgoing.name} → ${v.incoming?.name ?? '?'}   ${w.change} ${localTime(v.change)}`, width - 8)}`,
      cell(`${w.readyAt} ${hhmm(t.outgoingReadyAt)}${t.outgoingLateMinutes > 0 ? ` (${w.lateBy(t.outgoingLateMinutes)})` : ''}${t.incomingArrivedAt ? `   ${w.arrivedAt} ${hhmm(t.incomingArrivedAt)}${(t.incomingLateMinutes ?? 0) > 0 ? ` (${w.lateBy(t.incomingLateMinutes!)})` : ''}` : ''}`, width),
    ];
    const foot: string[] = [];
    if (v.refusals.length > 0) {
      foot.push(`{yellow-fg}${cell(w.wouldRefuse, width)}{/yellow-fg}`);
      for (const r of v.refusals) foot.push(`{yellow-fg}${cell(`  ${r.rule}: ${refusalText(r, w)}`, width)}{/yellow-fg}`);
    } else foot.push(`{green-fg}${cell(w.readyToSign, width)}{/green-fg}`);
    if (v.lastRefused) foot.push(`{red-fg}${cell(`${w.refusedAt(hhmm(v.lastRefused.at))}: ${v.lastRefused.reasons.map((r) => r.rule).join(', ')}`, width)}{/red-fg}`);
    if (v.awaitingOverride) foot.push(`{magenta-fg}${cell(w.overrideAsk(v.awaitingOverride.reason), width)}{/magenta-fg}`);

    const work = this.openWorkLines(v, width);
    const checksTop = work.length + 1;
    const checks = [`{bold}${cell(v.previous ? w.checksFrom(localTime(v.previous.at)) : w.checksTitle, width)}{/bold}`, ...(this.form?.render(width, true, this.carriedMarks(v)) ?? [])];
    const page = [...work, '', ...checks];

    // The page scrolls between the head and the foot; the foot's refusals are cut last.
    const askToRead = () => (this.seenAll ? [] : [`{cyan-fg}${cell(w.openWorkSeeAll, width)}{/cyan-fg}`]);
    let room = height - head.length - foot.length - askToRead().length;
    const scrolls = page.length > room;
    if (scrolls) room -= 1;
    room = Math.max(1, room);
    this.rows = room;
    if (this.follow && this.form) {
      const { line, height: h } = this.form.lineOf(this.form.focus);
      const top = checksTop + 1 + line;
      if (top < this.offset) this.offset = top;
      if (top + h > this.offset + room) this.offset = top + h - room;
      this.follow = false;
    }
    this.offset = Math.max(0, Math.min(this.offset, page.length - room));
    if (this.offset + room >= work.length) this.seenAll = true;
    const shown = page.slice(this.offset, this.offset + room);
    const below = page.length - this.offset - room;
    const more = scrolls ? [below > 0 ? `{cyan-fg}${cell(w.moreBelow(below), width)}{/cyan-fg}` : ''] : [];
    return [...head, ...shown, ...more, ...askToRead(), ...foot].slice(0, height);
  }

  /** The open work, group by group; each group says none when it is empty. */
  private openWorkLines(v: SessionView, width: number): string[] {
    const { w, lang } = this.ctx;
    const now = this.ctx.now();
    const work = v.openWork;
    const line = (text: string, color?: string) => (color ? `{${color}}${cell(text, width)}{/${color}}` : cell(text, width));
    const group = (label: string, n: number, overdue = 0) => (n === 0 ? line(w.noneOf(label)) : `{bold}${cell(w.countOf(label, n, overdue), width)}{/bold}`);
    const out = [`{bold}{underline}${cell(w.openWorkTitle, width)}{/underline}{/bold}`];

    out.push(group(w.openWork.callbacks, work.callbacks.length, work.callbacks.filter((c) => c.overdue).length));
    for (const c of work.callbacks) {
      // The open work is however old: a callback owed since yesterday shows its day (11-29 20:19).
      const text = `  ${localTime(c.firstMissedAt)}  ${shortAddress(c.address ?? c.station ?? '', 22)}  ${c.resident ?? ''}${c.keys.length > 1 ? `  ${w.times(c.keys.length)}` : ''}${c.overdue ? `  ${w.overdue}` : ''}`;
      out.push(line(text, c.overdue ? 'red-fg' : undefined));
    }

    out.push(group(w.openWork.entries, work.entries.length, work.entries.filter((e) => e.overdue).length));
    const categories = [...new Set(work.entries.map((e) => e.category))];
    // Complaints first: their 72-hour clock (F1) is the one that runs out.
    categories.sort((a, b) => Number(b === 'complaint') - Number(a === 'complaint'));
    for (const category of categories) {
      const mine = work.entries.filter((e) => e.category === category);
      out.push(line(`  ${categoryLabel(lang, category)} ${mine.length}`));
      for (const e of mine) {
        const hours = Math.ceil(Math.abs(Date.parse(e.deadline) - now) / 3_600_000);
        const clock = category === 'complaint' ? `${w.dueBy(localTime(e.deadline))} ${e.overdue ? w.hoursOver(hours) : w.hoursLeft(hours)}` : e.overdue ? `${w.overdue} ${w.dueBy(localTime(e.deadline))}` : '';
        const text = `    ${e.id}  ${shortAddress(e.address ?? '', 16)}  ${clock ? `${clock}  ` : ''}${e.content ?? ''}`;
        out.push(line(text, e.overdue ? 'red-fg' : undefined));
      }
    }

    out.push(group(w.openWork.orders, work.orders.length, work.orders.filter((o) => o.late).length));
    for (const o of work.orders) {
      const marks = [o.major ? w.major : '', o.late ? w.late : '', o.escalated ? w.escalated : ''].filter(Boolean).join(' ');
      out.push(line(`  ${o.orderNo}  ${w.state[o.state]}  ${shortAddress(o.address, 16)}  ${marks ? `${marks}  ` : ''}${o.content}`, o.late ? 'red-fg' : o.escalated || o.major ? 'magenta-fg' : undefined));
    }

    out.push(group(w.openWork.alarms, work.alarms.length));
    for (const a of work.alarms) out.push(line(`  ${localTime(a.raisedAt)}  ${alarmLabel(lang, a.kind)}  ${a.address ?? a.station}`, 'red-fg'));
    out.push(group(w.openWork.escalations, work.escalations.length));
    for (const e of work.escalations) out.push(line(`  ${localTime(e.raisedAt)}  ${escalationText(e, lang)}`, 'magenta-fg'));

    if (work.breaches.length > 0) {
      out.push(group(w.openWork.breaches, work.breaches.length));
      for (const b of work.breaches) out.push(line(`  ${hhmm(b.at)}  ${w.breachReason[b.reason] ?? b.reason}  ${b.onDuty.name}  ${b.resolvedAt ? w.breachResolved : w.breachOpen}`, b.resolvedAt ? undefined : 'red-fg'));
    } else out.push(line(w.noneOf(w.openWork.breaches)));

    const field = words(lang).field;
    out.push(line(`${w.unclearEntries}: ${v.unclear.length === 0 ? w.none : v.unclear.map((u) => `${u.id}(${u.unclear.map((f) => field[f] ?? f).join(',')})`).join(' ')}`, v.unclear.length ? 'yellow-fg' : undefined));
    out.push(line(`${w.majorRepairs}: ${v.majorRepairs.length === 0 ? w.none : v.majorRepairs.map((m) => `${m.orderNo ?? m.entryId} ${m.address}`).join('; ')}`, v.majorRepairs.length ? 'yellow-fg' : undefined));
    return out;
  }

  /** Beside each item, its state at the last handover when it was not simply present. */
  private carriedMarks(v: SessionView): Record<string, string> {
    const { w } = this.ctx;
    const marks: Record<string, string> = {};
    v.checklist.forEach((line, i) => {
      const before = v.previous?.checklist.find((p) => p.item === line.item);
      if (before?.state === 'damaged' || before?.state === 'missing') marks[`item${i}`] = w.lastTime(w.itemState[before.state]);
    });
    return marks;
  }

  key(k: Key): void {
    const { ctx } = this;
    if (k.full === 'escape') return ctx.close(this);
    const s = this.session;
    if (!s || !this.form) return;
    if (k.full === 'pagedown' || k.full === 'pageup') {
      // A page less a line, so that the line read last stays in sight.
      const page = Math.max(1, this.rows - 1);
      this.offset = Math.max(0, this.offset + (k.full === 'pagedown' ? page : -page));
      return;
    }
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
    if (k.full === 'C-a') return void ctx.run(async () => this.allPresent(s));
    this.follow = true;
    // Enter moves on to the next field, except in the pending matters, where it starts a new line.
    if (k.full === 'enter' && this.form.focused.name !== 'pending') return void this.form.key({ ...k, name: 'tab', full: 'tab' });
    this.form.key(k);
    void ctx.run(async () => this.apply(s));
  }

  /** H6: every item not yet checked is present; the form then shows them so. */
  private allPresent(s: HandoverSession): void {
    const unchecked = s.view().checklist.filter((i) => i.state === null).length;
    this.apply(s);
    s.checkAllPresent();
    const focus = this.form!.focus;
    this.buildForm(s);
    this.form!.focus = focus;
    this.ctx.say(this.ctx.w.allPresent(unchecked));
  }

  /** Hands what the form says to the session, which computes the refusals from it. */
  private apply(s: HandoverSession): void {
    const form = this.form!;
    const room = form.input('room').value as Room;
    if (room !== 'unset') s.confirmRoomClean(room === 'yes');
    const view = s.view();
    view.checklist.forEach((line, i) => {
      const state = form.input(`item${i}`).value as Item;
      const why = form.text(`why${i}`);
      if (state !== 'unset' && (state !== line.state || why !== (line.explanation ?? ''))) s.checkItem(line.item, state, why || null);
    });
    view.carried.forEach((c, i) => {
      const done = form.input(`carried${i}`).value === 'done';
      if (done !== c.done) s.markCarried(i, done);
    });
    s.setPending((form.input('pending') as TextArea).items());
  }

  badge(person: Person): void {
    const { ctx } = this;
    const s = ctx.engine.handover.current();
    if (!s) {
      void ctx.run(async () => {
        const begun = ctx.engine.handover.begin(person.badge);
        this.session = begun;
        this.buildForm(begun);
        this.offset = 0;
        this.seenAll = false;
        ctx.say(ctx.w.handoverBegun(person.name));
      });
      return;
    }
    void ctx.run(async () => {
      // The incoming operator signs for the open work: they have had it on screen to its end.
      if (!this.seenAll && person.badge !== s.outgoing.badge && !s.view().awaitingOverride) throw new Said(ctx.w.openWorkNotSeen);
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

/** The explanation an item came with from the last handover (damage or loss carried), if any. */
function carriedExplanation(v: SessionView, index: number): string | null {
  const item = v.checklist[index]!.item;
  const before = v.previous?.checklist.find((p) => p.item === item);
  return before && (before.state === 'damaged' || before.state === 'missing') ? before.explanation : null;
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
