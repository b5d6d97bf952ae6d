import { cell, width } from './markup.js';
import type { Key } from './keys.js';

/** What a form holds: a text field or a choice, or a text area of several lines. */
export interface FieldInput {
  readonly value: string;
  key(k: Key): boolean;
  render(width: number, focused: boolean): string;
  /** A field of several lines draws them all (the first beside the label). */
  renderLines?(width: number, focused: boolean): string[];
  /** Up/Down inside the field, between its lines; false when they leave it. */
  vertical?(k: Key): boolean;
}

/** A choice among fixed values (category, channel), changed with Left/Right. */
export class ChoiceField<T extends string> implements FieldInput {
  constructor(
    readonly options: readonly T[],
    public value: T,
    private readonly label: (v: T) => string,
  ) {}

  key(k: Key): boolean {
    const i = this.options.indexOf(this.value);
    if (k.full === 'left') this.value = this.options[(i - 1 + this.options.length) % this.options.length]!;
    else if (k.full === 'right' || k.full === 'space') this.value = this.options[(i + 1) % this.options.length]!;
    else return false;
    return true;
  }

  render(w: number, focused: boolean): string {
    const shown = this.options.map((o) => (o === this.value ? (focused ? `{inverse}${this.label(o)}{/inverse}` : `[${this.label(o)}]`) : this.label(o)));
    // All choices when they fit; otherwise only the chosen one between arrows.
    const all = shown.join(' ');
    if (width(all.replace(/\{\/?inverse\}/g, '')) <= w) return all;
    const only = `◀ ${this.label(this.value)} ▶`;
    return focused ? `{inverse}${cell(only, Math.min(w, width(only)))}{/inverse}` : cell(only, w);
  }
}

export type FormField = { name: string; label: string; input: FieldInput };

/** Labelled fields, one per line; Tab/Shift+Tab and Up/Down move between them. */
export class Form {
  focus = 0;

  constructor(readonly fields: FormField[]) {}

  get focused(): FormField {
    return this.fields[this.focus]!;
  }

  input(name: string): FieldInput {
    const f = this.fields.find((x) => x.name === name);
    if (!f) throw new Error(`form has no field ${name}`);
    return f.input;
  }

  text(name: string): string {
    return this.input(name).value.trim();
  }

  focusOn(name: string): void {
    this.focus = Math.max(0, this.fields.findIndex((f) => f.name === name));
  }

  /** Moves focus or edits the focused field; false when the key is not the form's. */
  key(k: Key): boolean {
    if ((k.full === 'down' || k.full === 'up') && this.focused.input.vertical?.(k)) return true;
    if (k.full === 'tab' || k.full === 'down') this.focus = (this.focus + 1) % this.fields.length;
    else if (k.full === 'S-tab' || k.full === 'up') this.focus = (this.focus - 1 + this.fields.length) % this.fields.length;
    else return this.focused.input.key(k);
    return true;
  }

  /** One line per field (a text area one per line it shows): the label padded to the widest, then the value. */
  render(w: number, active = true, marks: Record<string, string> = {}): string[] {
    const labelWidth = Math.max(...this.fields.map((f) => width(f.label))) + 1;
    return this.fields.flatMap((f, i) => {
      const mark = marks[f.name] ? ` {yellow-fg}${marks[f.name]}{/yellow-fg}` : '';
      const markWidth = marks[f.name] ? width(marks[f.name]!) + 1 : 0;
      const focused = active && i === this.focus;
      const label = cell(f.label, labelWidth);
      const room = Math.max(4, w - labelWidth - 1 - markWidth);
      const [first, ...more] = f.input.renderLines?.(room, focused) ?? [f.input.render(room, focused)];
      return [`${focused ? `{bold}${label}{/bold}` : label} ${first}${mark}`, ...more.map((l) => `${' '.repeat(labelWidth)} ${l}`)];
    });
  }

  /** The line a field begins on in `render`'s output, and how many lines it takes. */
  lineOf(index: number): { line: number; height: number } {
    const height = (i: number) => this.fields[i]!.input.renderLines?.(8, false).length ?? 1;
    let line = 0;
    for (let i = 0; i < index; i++) line += height(i);
    return { line, height: height(index) };
  }
}
