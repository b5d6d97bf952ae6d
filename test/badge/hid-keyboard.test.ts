import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyboardReportDecoder, type DecodeResult, type KeyboardDecoderOptions } from '../../devices/badge/hid-keyboard.js';
import { readReports } from './fixture.js';

function decode(name: string, options?: KeyboardDecoderOptions, decoder = new KeyboardReportDecoder(options)): DecodeResult[] {
  return readReports(name).flatMap(({ at, report }) => decoder.push(report, at));
}

const code = (c: string): DecodeResult => ({ kind: 'code', code: c });
const discarded = (reason: 'timeout' | 'too-long' | 'bad-report', partial: string): DecodeResult => ({ kind: 'discarded', reason, partial });

/** A boot keyboard report with these modifiers and keys. */
const report = (modifiers: number, ...keys: number[]) => Uint8Array.from([modifiers, 0, ...keys, ...Array(6 - keys.length).fill(0)]);

describe('HID keyboard-mode reports', () => {
  it('reads upper case (shift), digits and `-`, and keeps lower case as sent', () => {
    expect(decode('keyboard-emp-004217.txt')).toEqual([code('EMP-004217'), code('emp-004217')]);
  });

  it('strips the configured report id and skips reports with another id', () => {
    expect(decode('keyboard-report-id.txt', { reportId: 1 })).toEqual([code('EMP-42')]);
  });

  it('counts a key when it first appears: no key-up between different keys, the same key held or repeated', () => {
    expect(decode('keyboard-no-key-up.txt')).toEqual([code('AB-110')]);
  });

  it('ignores roll-over errors, and a report of nothing but roll-over leaves the held keys as they were', () => {
    expect(decode('keyboard-roll-over.txt')).toEqual([code('EMP')]);
  });

  it('takes right shift, and both shifts, for upper case', () => {
    expect(decode('keyboard-right-shift.txt')).toEqual([code('EMP-7')]);
  });

  it('keeps shift+`-` as `_`, for the roster to refuse, rather than reading another code', () => {
    const decoder = new KeyboardReportDecoder();
    const reports = [report(2, 0x08), report(0, 0x2d), report(0), report(2, 0x2d), report(0, 0x21), report(0), report(0, 0x28)];
    expect(reports.flatMap((r, i) => decoder.push(r, i * 4))).toEqual([code('E-_4')]);
  });

  it('keeps a key with no badge meaning as "?", so that the roster refuses the code rather than read another badge', () => {
    const decoder = new KeyboardReportDecoder();
    // E, space, '.', 1, keypad Enter: "E 0.1" must not become "E1".
    const reports = [report(2, 0x08), report(0, 0x2c), report(0, 0x37), report(0, 0x1e), report(0, 0x58)];
    expect(reports.flatMap((r, i) => decoder.push(r, i * 4))).toEqual([code('E??1')]);
    // EMP-0001.01 on a label is not EMP-000101.
    const dot = [0x27, 0, 0x27, 0, 0x27, 0, 0x1e, 0x37, 0x27, 0x1e, 0x28].map((k) => (k === 0 ? report(0) : report(0, k)));
    expect(dot.flatMap((r, i) => decoder.push(r, 100 + i * 4))).toEqual([code('0001?01')]);
  });

  it('discards a partial code with no terminator within 300 ms, then reads the next scan', () => {
    expect(decode('keyboard-timeout.txt')).toEqual([discarded('timeout', 'EMP-0'), code('EMP-004217')]);
  });

  it('flush discards a stale partial code only once its last key is over 300 ms old', () => {
    const decoder = new KeyboardReportDecoder();
    for (const [i, r] of [report(2, 0x08), report(0), report(2, 0x10)].entries()) decoder.push(r, 1000 + i * 4);
    expect(decoder.flush(1308)).toEqual([]);
    expect(decoder.flush(1309)).toEqual([discarded('timeout', 'EM')]);
    expect(decoder.flush(5000)).toEqual([]);
  });

  it('a gap of exactly the timeout still continues the code', () => {
    const decoder = new KeyboardReportDecoder({ partialTimeoutMs: 300 });
    expect([...decoder.push(report(2, 0x08), 0), ...decoder.push(report(2, 0x10), 300), ...decoder.push(report(0, 0x28), 600)]).toEqual([code('EM')]);
  });

  it('discards an over-long code at its terminator, holding no more than one character past the limit', () => {
    expect(decode('keyboard-too-long.txt')).toEqual([discarded('too-long', 'ABCDEFGHIJKLMNOPQRSTU'), code('EMP-1')]);
    expect(decode('keyboard-too-long.txt', { maxLength: 25 })).toEqual([code('ABCDEFGHIJKLMNOPQRSTUVWXY'), code('EMP-1')]);
  });

  it('ends codes at Tab when so configured, ignoring Enter; and ignores Tab otherwise', () => {
    const tab = new KeyboardReportDecoder({ terminator: 'tab' });
    expect(decode('keyboard-tab.txt', undefined, tab)).toEqual([code('EMP-42')]);
    expect(tab.flush(3000)).toEqual([discarded('timeout', 'EMP-43')]);
    expect(decode('keyboard-tab.txt')).toEqual([discarded('timeout', 'EMP-42'), code('EMP-43')]);
  });

  it('discards a code with a report of the wrong length in it, up to its terminator', () => {
    expect(decode('keyboard-bad-report.txt')).toEqual([discarded('bad-report', 'EM'), discarded('bad-report', ''), code('EMP-2')]);
  });

  it('a report id configured for a scanner that sends none makes every report a bad report', () => {
    const results = decode('keyboard-emp-004217.txt', { reportId: 1 });
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.kind === 'discarded' && r.reason === 'bad-report')).toBe(true);
  });

  it('any code of badge keys reads back as sent, with or without key-ups between different keys', () => {
    const usage = (ch: string): [number, number] =>
      ch === '-' ? [0, 0x2d] : ch === '0' ? [0, 0x27] : /\d/.test(ch) ? [0, 0x1d + Number(ch)] : [ch === ch.toUpperCase() ? 2 : 0, 0x04 + ch.toLowerCase().charCodeAt(0) - 0x61];
    const badgeKey = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-');
    fc.assert(
      fc.property(fc.array(fc.tuple(badgeKey, fc.boolean()), { minLength: 1, maxLength: 20 }), (keys) => {
        const reports: Uint8Array[] = [];
        keys.forEach(([ch, skipKeyUp], i) => {
          const [modifiers, key] = usage(ch);
          reports.push(report(modifiers, key));
          if (!skipKeyUp || keys[i + 1]?.[0].toLowerCase() === ch.toLowerCase()) reports.push(report(0));
        });
        reports.push(report(0, 0x28), report(0));
        const decoder = new KeyboardReportDecoder();
        expect(reports.flatMap((r, i) => decoder.push(r, i * 3))).toEqual([code(keys.map(([ch]) => ch).join(''))]);
      }),
    );
  });
});
