import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KeyboardRouter } from '../../screens/console/keyboard.js';
import { charKey, keyOf, type Key } from '../../screens/console/keys.js';
import { TextField } from '../../screens/console/text-field.js';
import { TextArea } from '../../screens/console/text-area.js';
import { Form } from '../../screens/console/form.js';
import stringWidth from 'string-width';
import { loadConfig } from '../../src/config/load.js';
import { expandTypedTime } from '../../src/domain/typed-time.js';
import { searchUnits } from '../../src/domain/unit-search.js';
import { ROOT } from '../helpers/site.js';

const named = (name: string): Key => ({ name, ctrl: false, shift: false, full: name });

describe('the console keyboard: scans are told from typing (H2)', () => {
  let typed: string[];
  let scans: string[];
  let router: KeyboardRouter;
  beforeEach(() => {
    // The router's clock is the faked Date, so that its flush timer and its idea of now agree.
    vi.useFakeTimers();
    typed = [];
    scans = [];
    router = new KeyboardRouter(
      (k) => typed.push(k.ch ?? `<${k.full}>`),
      (code) => scans.push(code),
      () => Date.now(),
    );
  });
  afterEach(() => {
    router.stop();
    vi.useRealTimers();
  });
  const press = (k: Key, gapMs: number) => {
    vi.advanceTimersByTime(gapMs);
    router.press(k);
  };

  it('H2: a burst ending in Enter is a scan and types nothing', () => {
    for (const ch of 'EMP-000102') press(charKey(ch), 3);
    press(named('enter'), 3);
    vi.advanceTimersByTime(100);
    expect(scans).toEqual(['EMP-000102']);
    expect(typed).toEqual([]);
  });

  it('H2: a slower scanner (15-25 ms between keys) is still a scan, and types nothing', () => {
    const gaps = [15, 25, 18, 22, 25, 16, 24, 20, 25, 19, 25];
    const code = 'EMP-000102';
    [...code].forEach((ch, i) => press(charKey(ch), gaps[i]!));
    press(named('enter'), gaps[code.length]!);
    vi.advanceTimersByTime(200);
    expect(scans).toEqual([code]);
    expect(typed).toEqual([]);
  });

  it('a person typing, Chinese and ASCII, reaches the field in order, function keys included', () => {
    const keys = [charKey('5'), charKey('栋'), charKey('a'), named('tab'), charKey('b'), named('f2'), named('enter')];
    for (const k of keys) press(k, 120);
    vi.advanceTimersByTime(100);
    expect(typed).toEqual(['5', '栋', 'a', '<tab>', 'b', '<f2>', '<enter>']);
    expect(scans).toEqual([]);
  });

  it('fast typing without Enter (a paste, tmux send-keys) is typed once the burst stops', () => {
    for (const ch of 'B03-1202') press(charKey(ch), 1);
    expect(typed).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(typed.join('')).toBe('B03-1202');
  });

  it('property: whatever a person types (keys 40 ms apart or more) arrives complete and in order, and is never a scan', () => {
    const key = fc.oneof(
      fc.constantFrom('a', 'Z', '0', '-', ' ', '厨', '房').map(charKey),
      fc.constantFrom('enter', 'tab', 'backspace', 'left', 'f3').map(named),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 40, max: 400 })), { maxLength: 40 }), (presses) => {
        typed = [];
        scans = [];
        for (const [k, gap] of presses) press(k, gap);
        vi.advanceTimersByTime(1_000);
        expect(scans).toEqual([]);
        expect(typed).toEqual(presses.map(([k]) => k.ch ?? `<${k.full}>`));
      }),
    );
  });

  it('a space is the same key (`space`) whether it was held in a burst or delivered at once', () => {
    const fulls: string[] = [];
    const r = new KeyboardRouter((k) => fulls.push(k.full), () => undefined, () => Date.now());
    const space = keyOf(' ', { name: 'space', full: 'space' })!;
    r.press(charKey('a'));
    r.press(space); // held with the burst
    vi.advanceTimersByTime(100);
    vi.advanceTimersByTime(200);
    r.press(space); // after a pause: typed at once
    vi.advanceTimersByTime(100);
    r.stop();
    expect(fulls).toEqual(['a', 'space', 'space']);
  });

  it('blessed reports Enter twice (return, enter): it is one key', () => {
    expect(keyOf('\r', { name: 'return', full: 'return' })).toBeUndefined();
    expect(keyOf('\r', { name: 'enter', full: 'enter' })).toMatchObject({ name: 'enter' });
    expect(keyOf('厨', undefined)).toMatchObject({ ch: '厨' });
    expect(keyOf('\x13', { name: 's', ctrl: true, full: 'C-s' })).toEqual({ name: 's', ctrl: true, shift: false, full: 'C-s' });
  });
});

describe('the text field', () => {
  it('edits at the cursor and keeps Chinese characters whole', () => {
    const f = new TextField('厨房漏水');
    f.key(named('left'));
    f.key(named('left'));
    f.key(charKey('的'));
    expect(f.value).toBe('厨房的漏水');
    f.key(named('backspace'));
    f.key(named('home'));
    f.key(named('delete'));
    expect(f.value).toBe('房漏水');
    f.key({ name: 'u', ctrl: true, shift: false, full: 'C-u' });
    expect(f.value).toBe('');
  });

  it('renders in exactly its width, scrolled so the cursor stays in sight, and stops at its maximum length', () => {
    const f = new TextField('一二三四五六七八九十', 12);
    // The cursor is after the last character: the field shows the end, and a cell for the cursor.
    expect(f.render(8, false)).toBe('八九十  ');
    f.key(charKey('x'));
    f.key(charKey('y'));
    f.key(charKey('z'));
    expect(f.value).toBe('一二三四五六七八九十xy');
    expect(new TextField('{red-fg}').render(12, false)).toBe('{open}red-fg{close}    ');
  });
});

describe('R1: the address picker searches the unit directory', () => {
  const { units } = loadConfig(`${ROOT}/examples/config.json`);
  it.each([['3栋1202'], ['3 1202'], ['3-1-1202'], ['曾丽萍'], ['B03-U1-1202']])('"%s" finds 嘉园3栋1单元1202室 first', (query) => {
    expect(searchUnits(units, query)[0]?.address).toBe('嘉园3栋1单元1202室');
  });
  it('every word must match; nothing typed finds nothing', () => {
    expect(searchUnits(units, '3栋 9999')).toEqual([]);
    expect(searchUnits(units, '  ')).toEqual([]);
    expect(searchUnits(units, '嘉园', 5)).toHaveLength(5);
  });
});

describe('appointment times as operators type them', () => {
  const zone = 'Asia/Shanghai';
  const now = Date.parse('2026-11-30T21:15:00+08:00');
  it.each([
    ['10:00', '2026-12-01 10:00'],
    ['22:30', '2026-11-30 22:30'],
    ['12-03 9:00', '2026-12-03 09:00'],
    ['2026-12-05 14:00', '2026-12-05 14:00'],
    ['明天上午', '明天上午'],
  ])('%s -> %s', (typed, expected) => {
    expect(expandTypedTime(typed, now, zone)).toBe(expected);
  });
});

describe('the text area of the handover\'s pending matters', () => {
  const key = (name: string): Key => ({ name, ctrl: false, shift: false, full: name });
  const type = (area: TextArea, text: string) => {
    for (const ch of text) area.key(charKey(ch));
  };

  it('Enter starts a line, Backspace at a line\'s start joins it back, Delete at its end joins the next; items are the non-blank lines, trimmed', () => {
    const area = new TextArea('', 3);
    type(area, '电梯异响');
    area.key(key('enter'));
    type(area, ' 道闸 ');
    area.key(key('enter'));
    area.key(key('enter'));
    expect(area.value).toBe('电梯异响\n 道闸 \n\n');
    expect(area.items()).toEqual(['电梯异响', '道闸']);
    area.key(key('backspace'));
    area.key(key('backspace'));
    expect(area.value).toBe('电梯异响\n 道闸 ');
    area.key(key('home'));
    area.key(key('backspace'));
    expect(area.value).toBe('电梯异响 道闸 ');
    area.key(key('left'));
    area.key(key('enter'));
    expect(area.value).toBe('电梯异\n响 道闸 ');
    area.vertical(key('up'));
    area.key(key('end'));
    area.key(key('delete'));
    expect(area.value).toBe('电梯异响 道闸 ');
  });

  it('Up/Down move between its lines and leave it past the first or last; in a form they move to the next field only then', () => {
    const area = new TextArea('一\n二\n三', 3);
    expect(area.vertical(key('down'))).toBe(false);
    expect(area.vertical(key('up'))).toBe(true);
    expect(area.vertical(key('up'))).toBe(true);
    expect(area.vertical(key('up'))).toBe(false);
    const form = new Form([
      { name: 'a', label: 'a', input: new TextField('') },
      { name: 'pending', label: 'p', input: new TextArea('一\n二', 2) },
    ]);
    form.focusOn('pending');
    form.key(key('up'));
    expect(form.focused.name).toBe('pending');
    form.key(key('up'));
    expect(form.focused.name).toBe('a');
    expect(form.lineOf(1)).toEqual({ line: 1, height: 2 });
  });

  it('shows its rows, scrolled to the cursor\'s line, within the width', () => {
    const area = new TextArea(Array.from({ length: 6 }, (_, i) => `事项${i + 1}`).join('\n'), 3);
    const lines = area.renderLines(20, true);
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.replace(/\{\/?inverse\}/g, '').trimEnd())).toEqual(['- 事项4', '- 事项5', '> 事项6']);
    for (const l of lines) expect(stringWidth(l.replace(/\{\/?inverse\}/g, ''))).toBe(20);
    expect(new TextArea('', 3).renderLines(10, false).map((l) => l.trimEnd())).toEqual(['-', '', '']);
  });
});
