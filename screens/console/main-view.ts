import type { CallbackOwed, CallView } from '../../src/projections/calls.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { categoryLabel, words } from '../text/labels.js';
import { CallbackView } from './callback-view.js';
import type { EscalationView as Escalation } from '../../src/projections/escalations.js';
import { EntryDetailView } from './entry-detail.js';
import { EscalationAckView } from './escalation-view.js';
import { EntryForm, fromCall } from './entry-form.js';
import type { Key } from './keys.js';
import { cell, duration, esc, hhmm } from './markup.js';
import type { ConsoleContext, Size, View } from './view.js';

type CallRow =
  | { kind: 'ringing'; call: CallView }
  | { kind: 'talking'; call: CallView }
  | { kind: 'owed'; call: CallbackOwed }
  | { kind: 'escalation'; call: { key: number }; escalation: Escalation };

/**
 * The screen an operator looks at for twelve hours: calls ringing, in progress and owed a
 * callback (oldest first) above today's register.
 */
export class MainView implements View {
  private pane: 'calls' | 'register' = 'calls';
  /** The selected call (by its key, stable while the list changes) and entry (by id). */
  private selectedCall: number | undefined;
  private selectedEntry: string | undefined;

  constructor(private readonly ctx: ConsoleContext) {}

  hints(): string {
    return this.ctx.w.mainHints;
  }

  /** H9 reports first (they wait for an acknowledgement), then ringing, in progress, owed. */
  private callRows(): CallRow[] {
    const e = this.ctx.engine;
    return [
      // Entries marked major stay in sight until acknowledged (alarms take the whole screen).
      ...e.escalations
        .open()
        .filter((x) => x.source === 'entry')
        .map((escalation) => ({ kind: 'escalation' as const, call: { key: -escalation.seq }, escalation })),
      ...e.ringingCalls().map((call) => ({ kind: 'ringing' as const, call })),
      ...e.talkingCalls().map((call) => ({ kind: 'talking' as const, call })),
      ...e.callbacksOwed().map((call) => ({ kind: 'owed' as const, call })),
    ];
  }

  /**
   * The highlighted row. Pinned when drawn, so that Enter acts on the call the operator sees
   * highlighted even if the list changed in between (a call cancelled as Enter is pressed).
   */
  private selectedCallRow(rows: CallRow[]): CallRow | undefined {
    const row = rows.find((r) => r.call.key === this.selectedCall) ?? rows[0];
    this.selectedCall = row?.call.key;
    return row;
  }

  render({ width, height }: Size): string[] {
    const rows = this.callRows();
    const entries = this.ctx.engine.entriesToday();
    // The calls pane takes what it needs, up to 40% of the screen; the register has the rest.
    const callLines = Math.max(2, Math.min(rows.length + 1, Math.floor(height * 0.4)));
    const out = [...this.renderCalls(rows, width, callLines), ...this.renderRegister(entries, width, height - callLines)];
    return out.slice(0, height);
  }

  private renderCalls(rows: CallRow[], width: number, lines: number): string[] {
    const { w } = this.ctx;
    const selected = this.selectedCallRow(rows);
    const calls = rows.filter((r) => r.kind !== 'escalation').length;
    const hiddenCount = Math.max(0, rows.length - (lines - 1));
    const title = `{bold}${esc(`${w.callsTitle} (${calls})`)}{/bold}${hiddenCount > 0 ? `  ${esc(w.moreRows(hiddenCount))}` : ''}`;
    if (rows.length === 0) return [title, esc(w.noCalls)];
    const now = this.ctx.now();
    // The pane scrolls to keep the highlighted row in sight; the title says how many are out of it.
    const room = lines - 1;
    const at = rows.indexOf(selected!);
    const start = Math.max(0, Math.min(rows.length - room, at - room + 1));
    const shown = rows.slice(start, start + room);
    const body = shown.map((r) => {
      if (r.kind === 'escalation') {
        const line = `${cell(w.escalationsTitle, 9)}${cell(`${hhmm(r.escalation.raisedAt)}  ${r.escalation.summary}`, width - 9)}`;
        return this.pane === 'calls' && r === selected ? `{inverse}${line}{/inverse}` : `{magenta-fg}${line}{/magenta-fg}`;
      }
      const c = r.call;
      const who = `${c.address ?? c.station ?? '?'}${c.unknownStation ? ` ${w.unknownStation}` : ''}  ${c.resident ?? ''}`;
      let tag: string;
      let text: string;
      let color: string;
      if (r.kind === 'ringing') {
        tag = w.ringing;
        text = `${duration(now - Date.parse(c.receivedAt))}  ${who}`;
        color = 'red-fg';
      } else if (r.kind === 'talking') {
        tag = w.talking;
        text = `${hhmm(c.receivedAt)}  ${who}`;
        color = 'green-fg';
      } else {
        tag = w.owed;
        text = `${hhmm(r.call.missedAt)}  ${who}  ${r.call.reason === 'panel-restart' ? w.panelRestart : ''}${r.call.overdue ? ` ${w.overdue}` : ''}`;
        color = r.call.overdue ? 'magenta-fg' : 'yellow-fg';
      }
      const line = `${cell(tag, 9)}${cell(text, width - 9)}`;
      const isSelected = this.pane === 'calls' && r === selected;
      return isSelected ? `{inverse}${line}{/inverse}` : `{${color}}${line}{/${color}}`;
    });
    return [title, ...body];
  }

  private renderRegister(entries: RegisterEntry[], width: number, lines: number): string[] {
    const { w, lang } = this.ctx;
    const unclear = entries.filter((e) => e.unclear.length > 0).length;
    const overdue = entries.filter((e) => e.overdue).length;
    const title = `{bold}${esc(`${w.registerTitle} (${entries.length})`)}{/bold}${unclear ? `  {yellow-fg}${esc(`${w.unclear} ${unclear}`)}{/yellow-fg}` : ''}${overdue ? `  {red-fg}${esc(`${w.overdue} ${overdue}`)}{/red-fg}` : ''}`;
    if (entries.length === 0) return [title, esc(w.noEntries)];
    const cols = registerColumns(width);
    const status = words(lang).status;
    const header = cols.map((c) => cell(c.label(lang), c.width)).join(' ');
    const rowOf = (e: RegisterEntry) => {
      const values: Record<string, string> = {
        time: hhmm(e.receivedAt),
        id: e.id,
        address: e.address ?? e.station ?? '',
        resident: e.resident ?? '',
        category: categoryLabel(lang, e.category),
        content: e.content ?? '',
        appointment: e.appointmentAt ? e.appointmentAt.slice(5, 16).replace('T', ' ') : '',
        status: status[e.status],
        marks: [e.unclear.length > 0 ? w.unclear : '', e.overdue ? w.overdue : ''].filter(Boolean).join(' '),
        first: this.ctx.engine.config.roster.find((p) => p.badge === e.firstResponder)?.name ?? e.firstResponder,
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
    const entries = this.ctx.engine.entriesToday();
    const i = entries.findIndex((e) => e.id === this.selectedId(entries));
    if (k.full === 'up') this.selectedEntry = entries[Math.max(0, i - 1)]?.id;
    if (k.full === 'down') this.selectedEntry = entries[Math.min(entries.length - 1, i + 1)]?.id;
    if (k.full === 'enter' && entries[i]) this.ctx.push(new EntryDetailView(this.ctx, entries[i].id));
  }

  private callsKey(k: Key): void {
    const rows = this.callRows();
    const i = rows.indexOf(this.selectedCallRow(rows)!);
    if (k.full === 'up') this.selectedCall = rows[Math.max(0, i - 1)]?.call.key;
    if (k.full === 'down') this.selectedCall = rows[Math.min(rows.length - 1, i + 1)]?.call.key;
    if (k.full !== 'enter') return;
    const row = rows[i];
    if (!row) return;
    if (row.kind === 'owed') return this.ctx.push(new CallbackView(this.ctx, row.call));
    if (row.kind === 'escalation') return this.ctx.push(new EscalationAckView(this.ctx, row.escalation));
    if (row.kind === 'ringing') {
      // The form opens at once; the panel's confirmation (TALK) follows on the calls pane.
      void this.ctx.run(() => this.ctx.engine.answerCall(row.call.callId));
    } else {
      // A call in progress that already has its entry: open that entry, not a second one.
      const made = this.ctx.engine.entriesToday().find((e) => e.station === row.call.station && e.receivedAt === row.call.receivedAt);
      if (made) return this.ctx.push(new EntryDetailView(this.ctx, made.id));
    }
    this.ctx.push(new EntryForm(this.ctx, fromCall(row.call, this.ctx.w.formTitleCall)));
  }
}

interface Column {
  key: string;
  width: number;
  label: (lang: 'zh' | 'en') => string;
}

/** The register's columns for a width: 80 columns show the essentials, wider screens show more. */
function registerColumns(width: number): Column[] {
  const L = (zh: string, en: string) => (lang: 'zh' | 'en') => (lang === 'zh' ? zh : en);
  const wide = width >= 120;
  const cols: Column[] = [
    { key: 'time', width: 5, label: L('时间', 'time') },
    ...(wide ? [{ key: 'id', width: 12, label: L('编号', 'id') }] : []),
    { key: 'address', width: wide ? 22 : 16, label: L('地址', 'address') },
    ...(wide ? [{ key: 'resident', width: 8, label: L('住户', 'resident') }] : []),
    { key: 'category', width: 6, label: L('类别', 'category') },
    { key: 'content', width: 0, label: L('内容', 'content') },
    ...(wide ? [{ key: 'appointment', width: 11, label: L('预约', 'appointment') }] : []),
    { key: 'status', width: 6, label: L('状态', 'status') },
    ...(width >= 160 ? [{ key: 'first', width: 8, label: L('首问', 'first') }] : []),
    { key: 'marks', width: 9, label: L('标记', 'marks') },
  ];
  const used = cols.reduce((n, c) => n + c.width + 1, 0);
  cols.find((c) => c.key === 'content')!.width = Math.max(8, width - used);
  return cols;
}
