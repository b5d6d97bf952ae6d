import { CATEGORIES, type Category } from '../../src/config/types.js';
import type { RegisterEntry } from '../../src/projections/entries.js';
import { nextDay, previousDay } from '../../src/time/zone.js';
import { categoryLabel, words } from '../text/labels.js';
import { EntryDetailView } from './entry-detail.js';
import { ChoiceField, Form } from './form.js';
import type { Key } from './keys.js';
import { cell, esc, hhmm } from './markup.js';
import { TextField } from './text-field.js';
import type { ConsoleContext, Size, View } from './view.js';

const STATUS_FILTERS = ['all', 'open', 'closed', 'unclear', 'overdue'] as const;
type StatusFilter = (typeof STATUS_FILTERS)[number];

/** The register of any day (F3), filtered by category, status, building or text. */
export class BrowserView implements View {
  private day: string;
  private entries: RegisterEntry[] = [];
  private loadedDay: string | undefined;
  private selected = 0;
  /** Focus: the list (-1) or one of the filters. */
  private onList = true;
  private readonly filters: Form;

  constructor(private readonly ctx: ConsoleContext) {
    const { w, lang } = ctx;
    this.day = ctx.engine.today;
    const statusLabel = (s: StatusFilter) => (s === 'all' ? w.all : s === 'unclear' ? w.unclear : s === 'overdue' ? w.overdue : words(lang).status[s]);
    this.filters = new Form([
      { name: 'category', label: w.filterCategory, input: new ChoiceField<'all' | Category>(['all', ...CATEGORIES], 'all', (c) => (c === 'all' ? w.all : categoryLabel(lang, c))) },
      { name: 'status', label: w.filterStatus, input: new ChoiceField<StatusFilter>(STATUS_FILTERS, 'all', statusLabel) },
      { name: 'building', label: w.filterBuilding, input: new TextField('', 20) },
      { name: 'text', label: w.filterText, input: new TextField('', 100) },
    ]);
    void this.refresh();
  }

  hints(): string {
    return this.ctx.w.browserHints;
  }

  /** Reads the day again (the console calls this when something was recorded). */
  async refresh(): Promise<void> {
    const day = this.day;
    const entries = await this.ctx.run(() => this.ctx.engine.entriesOfDay(day));
    if (entries && day === this.day) {
      this.entries = entries;
      this.loadedDay = day;
      this.ctx.redraw();
    }
  }

  private shown(): RegisterEntry[] {
    const category = this.filters.input('category').value;
    const status = this.filters.input('status').value as StatusFilter;
    const building = this.filters.text('building');
    const text = this.filters.text('text').toLowerCase();
    return this.entries.filter((e) => {
      if (category !== 'all' && e.category !== category) return false;
      if (status === 'open' || status === 'closed') {
        if (e.status !== status) return false;
      } else if (status === 'unclear' && e.unclear.length === 0) return false;
      else if (status === 'overdue' && !e.overdue) return false;
      // A building is found as the address writes it (3栋) or as the station names it (B03).
      if (building && !(e.address ?? '').includes(`${building}栋`) && !(e.station ?? '').startsWith(`B${building.padStart(2, '0')}`)) return false;
      if (text) {
        const hay = [e.id, e.address, e.resident, e.phone, e.content, e.result, e.station].filter(Boolean).join(' ').toLowerCase();
        if (!hay.includes(text)) return false;
      }
      return true;
    });
  }

  render({ width, height }: Size): string[] {
    const { w, lang } = this.ctx;
    const shown = this.shown();
    this.selected = Math.min(this.selected, Math.max(0, shown.length - 1));
    const loading = this.loadedDay !== this.day;
    const lines = [
      `{bold}${esc(`${w.browserTitle}  ◀ ${this.day} ▶`)}{/bold}  ${esc(loading ? '…' : `${shown.length}/${this.entries.length}`)}`,
      ...this.filters.render(width, !this.onList),
      '',
    ];
    const status = words(lang).status;
    const contentWidth = Math.max(8, width - 5 - 1 - 12 - 1 - 18 - 1 - 6 - 1 - 6 - 1 - 10);
    lines.push(
      `{underline}${[cell(lang === 'zh' ? '时间' : 'time', 5), cell(lang === 'zh' ? '编号' : 'id', 12), cell(lang === 'zh' ? '地址' : 'address', 18), cell(lang === 'zh' ? '类别' : 'category', 6), cell(lang === 'zh' ? '内容' : 'content', contentWidth), cell(lang === 'zh' ? '状态' : 'status', 6), cell('', 9)].join(' ')}{/underline}`,
    );
    const room = Math.max(1, height - lines.length);
    const start = Math.max(0, Math.min(shown.length - room, this.selected - room + 1));
    for (const [i, e] of shown.slice(start, start + room).entries()) {
      const marks = [e.unclear.length ? w.unclear : '', e.overdue ? w.overdue : '', e.history.length ? '✎' : ''].filter(Boolean).join(' ');
      const line = [cell(hhmm(e.receivedAt), 5), cell(e.id, 12), cell(e.address ?? e.station, 18), cell(categoryLabel(lang, e.category), 6), cell(e.content, contentWidth), cell(status[e.status], 6), cell(marks, 9)].join(' ');
      lines.push(this.onList && start + i === this.selected ? `{inverse}${line}{/inverse}` : line);
    }
    return lines.slice(0, height);
  }

  key(k: Key): void {
    if (k.full === 'escape') return this.ctx.close(this);
    if (k.full === 'tab' || k.full === 'S-tab') {
      // The list, then each filter in turn, then back to the list.
      if (this.onList) {
        this.onList = false;
        this.filters.focus = k.full === 'tab' ? 0 : this.filters.fields.length - 1;
      } else {
        const next = this.filters.focus + (k.full === 'tab' ? 1 : -1);
        if (next < 0 || next >= this.filters.fields.length) this.onList = true;
        else this.filters.focus = next;
      }
      return;
    }
    if (!this.onList) {
      if (k.full === 'enter') this.onList = true;
      else this.filters.focused.input.key(k);
      this.selected = 0;
      return;
    }
    const shown = this.shown();
    if (k.full === 'up') this.selected = Math.max(0, this.selected - 1);
    else if (k.full === 'down') this.selected = Math.min(shown.length - 1, this.selected + 1);
    else if (k.full === 'left' || k.full === 'right') {
      this.day = k.full === 'left' ? previousDay(this.day) : nextDay(this.day);
      this.selected = 0;
      void this.refresh();
    } else if (k.full === 'enter' && shown[this.selected]) {
      const e = shown[this.selected]!;
      this.ctx.push(new EntryDetailView(this.ctx, e.id, e));
    }
  }
}
