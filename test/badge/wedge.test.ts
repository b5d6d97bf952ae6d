import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WedgeDetector, type WedgeResult } from '../../devices/badge/wedge.js';
import { readKeys } from './fixture.js';

/**
 * Plays keys into a detector, then flushes once they have stopped. `typed`: what reached the
 * focused field, in order; `stream`: that and the scans (code and Enter) in the order they came.
 */
function play(keys: { at: number; key: string }[], detector = new WedgeDetector()) {
  const results: WedgeResult[] = keys.map(({ at, key }) => detector.key(key, at));
  results.push(detector.flush((keys.at(-1)?.at ?? 0) + 1_000));
  const typed: string[] = [];
  const scans: string[] = [];
  const stream: string[] = [];
  for (const r of results) {
    if (r.action === 'type' || r.action === 'type-and-hold') (typed.push(...r.keys), stream.push(...r.keys));
    if (r.action === 'scan') (scans.push(r.code), stream.push(...r.code, 'enter'));
  }
  return { results, typed, scans, stream };
}

/** Keys `step` ms apart from `start`. */
const spaced = (keys: string[], step: number, start = 0) => keys.map((key, i) => ({ at: start + i * step, key }));

describe('keyboard wedge', () => {
  it('a fast burst ending in Enter is a scan, and none of its keys is typed', () => {
    const { results, typed, scans } = play(readKeys('wedge-scan.txt'));
    expect(scans).toEqual(['EMP-004217', 'EMP-42']);
    expect(typed).toEqual([]);
    expect(results.filter((r) => r.action === 'hold')).toHaveLength(16);
  });

  it('a person typing the same keys is typing: every key delivered in order, each held only until the next', () => {
    const keys = readKeys('wedge-typed.txt');
    const { results, typed, scans } = play(keys);
    expect(scans).toEqual([]);
    expect(typed).toEqual(keys.map((k) => k.key));
    expect(results.slice(0, 3)).toEqual([{ action: 'hold' }, { action: 'type-and-hold', keys: ['E'] }, { action: 'type-and-hold', keys: ['M'] }]);
    expect(results.at(-2)).toEqual({ action: 'type', keys: ['7', 'enter'] });
  });

  it('a fast burst without Enter is typed when flushed, not before the burst may be over', () => {
    const keys = readKeys('wedge-no-enter.txt');
    const detector = new WedgeDetector();
    expect(keys.map(({ at, key }) => detector.key(key, at)).every((r) => r.action === 'hold')).toBe(true);
    const last = keys.at(-1)!.at;
    expect(detector.flush(last + 29)).toEqual({ action: 'hold' });
    expect(detector.flush(last + 30)).toEqual({ action: 'type', keys: 'EMP-004217'.split('') });
    expect(detector.flush(last + 60)).toEqual({ action: 'type', keys: [] });
  });

  it('a scan while a person is typing: the typed keys reach the field, the scan is taken apart', () => {
    const { typed, scans, stream } = play(readKeys('wedge-typing-and-scan.txt'));
    expect(typed).toEqual(['a', 'b', 'c', 'd']);
    expect(scans).toEqual(['EMP-004217']);
    expect(stream.join(' ')).toBe('a b c E M P - 0 0 4 2 1 7 enter d');
  });

  it('an over-long fast burst ending in Enter is a scan (the roster refuses it), never typed into the field', () => {
    const keys = readKeys('wedge-too-long.txt');
    const { typed, scans } = play(keys);
    expect(typed).toEqual([]);
    expect(scans).toEqual([keys.filter((k) => k.key !== 'enter').map((k) => k.key).join('')]);
  });

  it('a fast burst of a barcode that is not a badge (_ . / space) ending in Enter is a scan too, not typing', () => {
    const keys = 'E M P _ 0 0 4 2 1 7 enter'.split(' ');
    expect(play(spaced(keys, 5))).toMatchObject({ typed: [], scans: ['EMP_004217'] });
    const url = [...'https://a.cn/x', 'enter'];
    expect(play(spaced(url, 5))).toMatchObject({ typed: [], scans: ['https://a.cn/x'] });
  });

  it('a burst longer than any scanner sends (pasted text) is typing, to its end', () => {
    const keys = [...'x'.repeat(300), 'enter'];
    const { typed, scans } = play(spaced(keys, 2));
    expect(scans).toEqual([]);
    expect(typed).toEqual(keys);
  });

  it('a fast burst with a key that types nothing printable (Tab) is typing', () => {
    const keys = ['A', 'B', 'tab', 'C', 'D', 'E', 'F', 'enter'];
    const { typed, scans } = play(spaced(keys, 5));
    expect(scans).toEqual([]);
    expect(typed).toEqual(keys);
  });

  it('a fast burst shorter than a badge, or with a pause before its Enter, is typing', () => {
    expect(play(spaced(['A', 'B', 'C', 'enter'], 5)).scans).toEqual([]);
    const late = [...spaced('EMP-42'.split(''), 5), { at: 25 + 30, key: 'enter' }];
    expect(play(late)).toMatchObject({ scans: [], typed: [...'EMP-42', 'enter'] });
    expect(play([...spaced('EMP-42'.split(''), 5), { at: 25 + 29, key: 'enter' }]).scans).toEqual(['EMP-42']);
  });

  it('a scan may follow a key the person typed within the gap', () => {
    const { typed, scans } = play([{ at: 0, key: 'enter' }, ...spaced([...'EMP-42', 'enter'], 5, 10)]);
    expect(typed).toEqual(['enter']);
    expect(scans).toEqual(['EMP-42']);
  });

  it('whatever the keys and timings, every key is typed or part of a scan, once and in order', () => {
    const key = fc.constantFrom('E', 'M', 'p', '-', '0', '4', 'enter', ' ', '.', 'backspace');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.oneof(fc.integer({ min: 0, max: 35 }), fc.integer({ min: 0, max: 250 }))), { maxLength: 60 }), (steps) => {
        let at = 0;
        const keys = steps.map(([k, gap]) => ({ at: (at += gap), key: k }));
        expect(play(keys).stream).toEqual(keys.map((k) => k.key));
      }),
    );
  });

  it('keys at a person\'s pace are never a scan', () => {
    const key = fc.constantFrom('E', 'M', 'P', '-', '0', '4', 'enter');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer({ min: 30, max: 250 })), { maxLength: 40 }), (steps) => {
        let at = 0;
        expect(play(steps.map(([k, gap]) => ({ at: (at += gap), key: k }))).scans).toEqual([]);
      }),
    );
  });
});
