import stringWidth from 'string-width';
import { fit } from '../text/table.js';

/** Text from outside (an address, typed content) shown in a tagged box: braces must not become tags. */
export function esc(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

/** `fit` for tagged output: cut or pad to the width, then escaped. */
export function cell(text: string | null | undefined, width: number): string {
  return esc(fit(text ?? '', width));
}

export function width(text: string): number {
  return stringWidth(text);
}

/** A line padded (or cut) to exactly the width, escaped, in a colour. */
export function colored(text: string, color: string | undefined, w: number): string {
  const body = cell(text, w);
  return color ? `{${color}}${body}{/${color}}` : body;
}

/** Local wall-clock "HH:mm" of an ISO time with offset, as the register shows it. */
export function hhmm(iso: string | null | undefined): string {
  return iso ? iso.slice(11, 16) : '';
}

/** `mm:ss` (or `h:mm:ss`) of a duration. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

