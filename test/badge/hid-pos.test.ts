import { describe, expect, it } from 'vitest';
import type { DecodeResult } from '../../devices/badge/hid-keyboard.js';
import { PosReportDecoder, type PosDecoderOptions } from '../../devices/badge/hid-pos.js';
import { readReports } from './fixture.js';

function decode(name: string, options: PosDecoderOptions): DecodeResult[][] {
  const decoder = new PosReportDecoder(options);
  return readReports(name).map(({ report }) => decoder.push(report));
}

const code = (c: string): DecodeResult => ({ kind: 'code', code: c });

describe('HID POS reports', () => {
  it('layout A (report id 2, length at 1, data at 2): strips a CR LF or Tab suffix, skips other ids and empty reports', () => {
    expect(decode('pos-layout-a.txt', { reportId: 2, lengthOffset: 1, dataOffset: 2 })).toEqual([
      [code('EMP-004217')],
      [code('EMP-42')],
      [code('EMP-43')],
      [],
      [],
      [{ kind: 'discarded', reason: 'too-long', partial: 'ABCDEFGHIJKLMNOPQRSTUV' }],
      [{ kind: 'discarded', reason: 'bad-report', partial: 'EMP-0042' + '\0'.repeat(14) }],
    ]);
  });

  it('layout B (no report id, length at 0, data at 4): reads past the symbology id, keeps lower case', () => {
    expect(decode('pos-layout-b.txt', { lengthOffset: 0, dataOffset: 4 })).toEqual([
      [code('EMP-004217')],
      [code('emp-004217')],
      [{ kind: 'discarded', reason: 'bad-report', partial: 'EMP-' }],
    ]);
  });

  it('a report too short to hold its length byte is a bad report', () => {
    expect(new PosReportDecoder({ lengthOffset: 1, dataOffset: 2 }).push(Uint8Array.of(5))).toEqual([{ kind: 'discarded', reason: 'bad-report', partial: '' }]);
  });

  it('a code of exactly maxLength is taken', () => {
    const report = Uint8Array.from([2, 20, ...Buffer.from('ABCDEFGHIJKLMNOPQRST\r\n')]);
    expect(new PosReportDecoder({ reportId: 2, lengthOffset: 1, dataOffset: 2 }).push(report)).toEqual([code('ABCDEFGHIJKLMNOPQRST')]);
  });
});
