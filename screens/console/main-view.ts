import type { CallView } from '../../src/projections/calls.js';
import { nameOnRoster } from '../../src/config/roster-names.js';
import type { EscalationView as Escalation } from '../../src/projections/escalations.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, words } from '../text/labels.js';
import { CallbackView } from './callback-view.js';
import { owedGroups, type OwedGroup } from './callback-groups.js';
import { EntryDetailView } from './entry-detail.js';
import { escalationText } from './escalation-text.js';
import { EscalationAckView } from './escalation-view.js';
import { EntryForm, fromCall } from './entry-form.js';
import type { Key } from './keys.js';
import { cell, duration, esc, hhmm, shortAddress, width as widthOf } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

type CallRow =
  | { kind: 'ringing'; key: number; call: CallView }
  | { kind: 'escalation'; key: number; escalation: Escalation }
  | { kind: 'talking'; key: number; call: CallView }
  | { kind: 'owed'; key: number; group: OwedGroup };

/**
 * The screen an operator looks at for twelve hours: calls ringing (always in sight, longest
 * ringing first), reports to the director awaiting acknowledgement, calls in progress and
 * callbacks owed (grouped by station), above today's register.
 */
export class MainView implements View {
  private pane: 'calls' | 'register' = 'calls';
  /**
   * The call the operator moved to with Up/Down (by its key, stable while the list changes). Until
   * they do, and again once they have acted on it, the selection follows the longest-ringing call,
   * so that a call that starts ringing is always one Enter away.
   */
  private chosenCall: number | undefined;
  private selectedEntry: string | undefined;

  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.mainHints;
  }

  private callRows(): CallRow[] {
    const e = this.ctx.engine;
    const ringing = [...e.ringingCalls()].sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.key - b.key);
    return [
      ...ringing.map((call) => ({ kind: 'ringing' as const, key: call.key, call })),
      // Reports to the director stay in sight until a supervisor acknowledges them; an alarm
      // still on the takeover screen is not listed twice.
      ...e.escalations
        .open()
        .filter((x) => x.source === 'entry' || !e.openAlarms().some((a) => a.seq === x.seq))
        .map((escalation) => ({ kind: 'escalation' as const, key: -escalation.seq, escalation })),
      ...e.talkingCalls().map((call) => ({ kind: 'talking' as const, key: call.key, call })),
      ...owedGroups(e.callbacksOwed()).map((group) => ({ kind: 'owed' as const, key: group.calls[0]!.key, group })),
    ];
  }

  /**
   * The highlighted row: the operator's choice while it is on the list, otherwise the
   * longest-ringing call, otherwise the first row. Read when drawn and again when Enter is pressed.
   */
  private selectedRow(rows: CallRow[]): CallRow | undefined {
    const chosen = rows.find((r) => r.key === this.chosenCall);
    if (!chosen) this.chosenCall = undefined;
    const next = longestRinging(this.ctx, rows.flatMap((r) => (r.kind === 'ringing' ? [r.call] : [])));
    return chosen ?? rows.find((r) => r.key === next?.key) ?? rows.find((r) => r.kind !== 'ringing') ?? rows[0];
  }

  /**
   * Today's entries, after the open ones of earlier days that are overdue (R5): an overdue count on
   * the status line is always something the operator can find on this screen.
   */
  private registerRows(): RegisterEntry[] {
    const today = this.ctx.engine.entriesToday();
    const ids = new Set(today.map((e) => e.id));
    const earlier = this.ctx.engine
      .overdueEntries()
      .filter((e) => !ids.has(e.id))
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    return [...earlier, ...today];
  }

  render({ width, height }: Size): string[] {
    const rows = this.callRows();
    const entries = this.registerRows();
    const ringing = rows.filter((r) => r.kind === 'ringing').length;
    // The calls pane takes what it needs, up to 40% of the screen, and always room for every
    // ringing call and one row more; the register keeps its title, header and a row.
    const wanted = Math.max(Math.floor(height * 0.4), ringing + 2);
    const callLines = Math.max(2, Math.min(rows.length + 1, wanted, height - 3));
    const out = [...this.renderCalls(rows, width, callLines), ...this.renderRegister(entries, width, height - callLines)];
    return out.slice(0, height);
  }

  /** A pane's title: marked while it has the keyboard, so the operator sees where Up/Down go. */
  private title(pane: 'calls' | 'register', text: string): string {
    return this.pane === pane ? `{inverse}{bold}${esc(`▶ ${text}`)}{/bold}{/inverse}` : `{bold}${esc(`  ${text}`)}{/bold}`;
  }

  private renderCalls(rows: CallRow[], width: number, lines: number): string[] {
    const { w } = this.ctx;
    const selected = this.selectedRow(rows);
    const calls = rows.filter((r) => r.kind === 'ringing' || r.kind === 'talking').length + rows.reduce((n, r) => n + (r.kind === 'owed' ? r.group.calls.length : 0), 0);
    const ringing = rows.filter((r) => r.kind === 'ringing');
    const room = lines - 1;
    // Ringing calls are pinned at the top; the rest scrolls below them to keep the selection in sight.
    const pinned = ringing.slice(0, room);
    const rest = rows.slice(ringing.length);
    const restRoom = room - pinned.length;
    const at = Math.max(0, rest.indexOf(selected!));
    const start = Math.max(0, Math.min(rest.length - restRoom, at - restRoom + 1));
    const shown = [...pinned, ...rest.slice(start, start + restRoom)];
    const hidden = rows.length - shown.length;
    const answerHint = ringing.length > 0 ? `  {red-fg}${esc(w.answerOldestHint)}{/red-fg}` : '';
    const title = `${this.title('calls', `${w.callsTitle} (${calls})`)}${answerHint}${hidden > 0 ? `  ${esc(w.moreRows(hidden))}` : ''}`;
    if (rows.length === 0) return [title, esc(w.noCalls)];
    const now = this.ctx.now();
    // The calls' tags line up with two spaces after the longest; a report's longer tag is cut to fit.
    const tagWidth = Math.max(...[w.ringing, w.talking, w.owed].map(widthOf)) + 2;
    const body = shown.map((r) => {
      const isSelected = this.pane === 'calls' && r === selected;
      const paint = (text: string, color: string) => (isSelected ? `{inverse}${text}{/inverse}` : `{${color}}${text}{/${color}}`);
      if (r.kind === 'escalation') {
        return paint(`${cell(w.escalationsTitle, tagWidth)}${cell(`${hhmm(r.escalation.raisedAt)}  ${escalationText(r.escalation, this.ctx.lang)}`, width - tagWidth)}`, 'magenta-fg');
      }
      if (r.kind === 'owed') {
        const g = r.group;
        const latest = g.calls.at(-1)!;
        const count = g.calls.length > 1 ? `  ×${g.calls.length}` : '';
        const text = `${hhmm(latest.missedAt)}  ${this.who(latest, width)}${count}${latest.reason === 'panel-restart' ? `  ${w.panelRestart}` : ''}${g.overdue ? `  ${w.overdue}` : ''}`;
        return paint(`${cell(w.owed, tagWidth)}${cell(text, width - tagWidth)}`, g.overdue ? 'magenta-fg' : 'yellow-fg');
      }
      const c = r.call;
      if (r.kind === 'ringing') return paint(`${cell(w.ringing, tagWidth)}${cell(`${duration(now - Date.parse(c.receivedAt))}  ${this.who(c, width)}`, width - tagWidth)}`, 'red-fg');
      return paint(`${cell(w.talking, tagWidth)}${cell(`${hhmm(c.receivedAt)}  ${this.who(c, width)}`, width - tagWidth)}`, 'green-fg');
    });
    return [title, ...body];
  }

  private who(c: CallView, width: number): string {
    const place = c.address ? shortAddress(c.address, Math.max(12, width - 40)) : (c.station ?? '?');
    return `${place}${c.unknownStation ? ` ${this.ctx.w.unknownStation}` : ''}  ${c.resident ?? ''}`;
  }

  private renderRegister(entries: RegisterEntry[], width: number, lines: number): string[] {
    const { w, lang } = this.ctx;
    const unclear = entries.filter((e) => e.unclear.length > 0).length;
    const overdue = entries.filter((e) => e.overdue).length;
    const today = this.ctx.engine.today;
    const earlier = entries.filter((e) => !e.id.startsWith(today.replace(/-/g, ''))).length;
    const title = `${this.title('register', `${w.registerTitle} (${entries.length - earlier})${earlier ? ` + ${w.earlierOverdue(earlier)}` : ''}`)}${unclear ? `  {yellow-fg}${esc(`${w.unclear} ${unclear}`)}{/yellow-fg}` : ''}${overdue ? `  {red-fg}${esc(`${w.overdue} ${overdue}`)}{/red-fg}` : ''}`;
    if (entries.length === 0) return [title, esc(w.noEntries)];
    const cols = registerColumns(width, lang);
    const status = words(lang).status;
    const header = cols.map((c) => cell(c.label, c.width)).join(' ');
    const rowOf = (e: RegisterEntry) => {
      const values: Record<string, string> = {
        // An entry of an earlier day shows its date instead of its time.
        time: e.receivedAt.slice(0, 10) === today ? hhmm(e.receivedAt) : e.receivedAt.slice(5, 10),
        id: e.id,
        address: e.address ? shortAddress(e.address, cols.find((c) => c.key === 'address')!.width) : (e.station ?? ''),
        resident: e.resident ?? '',
        category: categoryLabel(lang, e.category),
        content: e.content ?? '',
        appointment: e.appointmentAt ? e.appointmentAt.slice(5, 16).replace('T', ' ') : '',
        status: status[e.status],
        marks: [e.unclear.length > 0 ? w.unclear : '', e.overdue ? w.overdue : '', e.addressUnlisted ? w.notInDirectoryShort : ''].filter(Boolean).join(' '),
        first: nameOnRoster(this.ctx.engine.config.roster, e.firstResponder),
      };
      const line = cols.map((c) => cell(values[c.key], c.width)).join(' ');
      if (this.pane === 'register' && e.id === this.selectedId(entries)) return `{inverse}${line}{/inverse}`;
      if (e.overdue) return `{red-fg}${line}{/red-fg}`;
      if (e.unclear.length > 0) return `{yellow-fg}${line}{/yellow-fg}`;
      return line;
    };
    const room = Math.max(1, lines - 2);
    // Keep the selected entry in sight; otherwise show the latest.
    const index = this.pane === 'register' ? entries.findIndex((e) => e.id === this.selectedId(entries)) : entries.length - 1;
    const start = Math.max(0, Math.min(entries.length - room, index - room + 1));
    return [title, `{underline}${header}{/underline}`, ...entries.slice(start, start + room).map(rowOf)];
  }

  private selectedId(entries: RegisterEntry[]): string | undefined {
    return entries.find((e) => e.id === this.selectedEntry)?.id ?? entries.at(-1)?.id;
  }

  key(k: Key): void {
    if (k.full === 'tab') {
      this.pane = this.pane === 'calls' ? 'register' : 'calls';
      return;
    }
    if (this.pane === 'calls') return this.callsKey(k);
    const entries = this.registerRows();
    const i = entries.findIndex((e) => e.id === this.selectedId(entries));
    if (k.full === 'up') this.selectedEntry = entries[Math.max(0, i - 1)]?.id;
    if (k.full === 'down') this.selectedEntry = entries[Math.min(entries.length - 1, i + 1)]?.id;
    if (k.full === 'enter' && entries[i]) this.ctx.push(new EntryDetailView(this.ctx, entries[i].id));
  }

  private callsKey(k: Key): void {
    const rows = this.callRows();
    const i = rows.indexOf(this.selectedRow(rows)!);
    if (k.full === 'up') this.chosenCall = rows[Math.max(0, i - 1)]?.key;
    if (k.full === 'down') this.chosenCall = rows[Math.min(rows.length - 1, i + 1)]?.key;
    if (k.full !== 'enter') return;
    const row = rows[i];
    if (!row) return;
    // Acted on: the selection goes back to following the longest-ringing call.
    this.chosenCall = undefined;
    if (row.kind === 'owed') return this.ctx.push(new CallbackView(this.ctx, row.group));
    if (row.kind === 'escalation') return this.ctx.push(new EscalationAckView(this.ctx, row.escalation));
    if (row.kind === 'ringing') return answer(this.ctx, row.call);
    // A call in progress that already has its entry: open that entry, not a second one.
    const made = this.ctx.engine.entriesToday().find((e) => e.station === row.call.station && e.receivedAt === row.call.receivedAt);
    if (made) return this.ctx.push(new EntryDetailView(this.ctx, made.id));
    this.ctx.push(new EntryForm(this.ctx, fromCall(row.call, this.ctx.w.formTitleCall)));
  }
}

/**
 * Calls this console has answered whose TALK the panel has not reported yet (by call key, with
 * when): they still ring in the register for a moment, and must not be taken again by the next Enter.
 */
const answering = new WeakMap<ConsoleContext, Map<number, number>>();
const ANSWER_PENDING_MS = 10_000;

function pendingAnswers(ctx: ConsoleContext): Map<number, number> {
  let pending = answering.get(ctx);
  if (!pending) answering.set(ctx, (pending = new Map()));
  const now = Date.now();
  for (const [key, at] of pending) if (now - at > ANSWER_PENDING_MS) pending.delete(key);
  return pending;
}

/** Picks a ringing call up (ANSWER to the panel) and opens its entry form, filled from the directory. */
export function answer(ctx: ConsoleContext, call: CallView): void {
  pendingAnswers(ctx).set(call.key, Date.now());
  // The form opens at once; the panel's confirmation (TALK) follows on the calls pane.
  void ctx.run(() => ctx.engine.answerCall(call.callId));
  ctx.push(new EntryForm(ctx, fromCall(call, ctx.w.formTitleCall)));
}

/** The call that has rung longest and that this console is not already answering, if any. */
export function longestRinging(ctx: ConsoleContext, calls: CallView[]): CallView | undefined {
  const pending = pendingAnswers(ctx);
  return [...calls].filter((c) => !pending.has(c.key)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.key - b.key)[0];
}

interface Column {
  key: string;
  width: number;
  label: string;
}

/**
 * The register's columns for a width: 80 columns show the essentials, wider screens show more.
 * The address column is wide enough for a room number after the estate's name is dropped
 * (`4栋1单元1301室`); the content takes what is left.
 */
function registerColumns(width: number, lang: 'zh' | 'en'): Column[] {
  const L = (zh: string, en: string) => (lang === 'zh' ? zh : en);
  const wide = width >= 120;
  const cols: Column[] = [
    { key: 'time', width: 5, label: L('时间', 'time') },
    ...(wide ? [{ key: 'id', width: 12, label: L('编号', 'id') }] : []),
    { key: 'address', width: wide ? 22 : 16, label: L('地址', 'address') },
    ...(wide ? [{ key: 'resident', width: 8, label: L('住户', 'resident') }] : []),
    { key: 'category', width: lang === 'zh' ? 4 : 12, label: L('类别', 'category') },
    { key: 'content', width: 0, label: L('内容', 'content') },
    ...(wide ? [{ key: 'appointment', width: 11, label: L('预约', 'appointment') }] : []),
    { key: 'status', width: lang === 'zh' ? 6 : 7, label: L('状态', 'status') },
    ...(width >= 160 ? [{ key: 'first', width: 8, label: L('首问', 'first') }] : []),
    { key: 'marks', width: 12, label: L('标记', 'marks') },
  ];
  const used = cols.reduce((n, c) => n + c.width + 1, 0);
  cols.find((c) => c.key === 'content')!.width = Math.max(8, width - used);
  return cols;
}
