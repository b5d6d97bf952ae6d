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


/**
 * An address cut to a width so that its room number survives: first the estate's name goes
 * (`嘉园4栋1单元1301室` -> `4栋1单元1301室`), then the 室, then the start; never the end.
 */
export function shortAddress(address: string, w: number): string {
  if (width(address) <= w) return address;
  const noEstate = address.replace(/^[^\d]+(?=\d)/, '');
  if (width(noEstate) <= w) return noEstate;
  const noRoomWord = noEstate.replace(/室$/, '');
  if (width(noRoomWord) <= w) return noRoomWord;
  let tail = '';
  for (const ch of [...noRoomWord].reverse()) {
    if (width(`…${ch}${tail}`) > w) break;
    tail = ch + tail;
  }
  return `…${tail}`;
}

/** Text broken into lines of at most `w` columns (wide characters count two; no hyphenation). */
export function wrap(text: string, w: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (width(line + ch) > w) {
      // Break at the last space when the line has one (English); Chinese breaks anywhere.
      const space = line.lastIndexOf(' ');
      if (space > 0 && /[ -~]/.test(ch)) {
        lines.push(line.slice(0, space));
        line = line.slice(space + 1);
      } else {
        lines.push(line);
        line = '';
      }
    }
    line += ch;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** An ISO time with offset as people read it on this console: `11-30 20:19` (the site's wall clock). */
export function localTime(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(iso) ? iso.slice(5, 16).replace('T', ' ') : iso;
}
