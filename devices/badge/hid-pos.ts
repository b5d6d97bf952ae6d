import { MAX_BADGE_LENGTH } from './badge-code.js';
import type { DecodeResult } from './hid-keyboard.js';

/** Scanners may be set to send a suffix after the code, as they would in keyboard mode. */
const SUFFIX = /[\r\n\t]+$/;

export interface PosDecoderOptions {
  /** Set when the reports start with a report id byte; reports with another id are skipped. */
  reportId?: number | undefined;
  /** Offsets count from the report's first byte, the report id included. */
  lengthOffset: number;
  dataOffset: number;
  maxLength?: number;
}

/**
 * Reports from a scanner in HID POS mode (usage page 0x8C) in, badge codes out. Each report
 * carries one whole code: a length byte and that many ASCII bytes, where the configured layout
 * says. A report with no code in it (length 0, or only a suffix) gives nothing.
 */
export class PosReportDecoder {
  private readonly reportId: number | undefined;
  private readonly lengthOffset: number;
  private readonly dataOffset: number;
  private readonly maxLength: number;

  constructor({ reportId, lengthOffset, dataOffset, maxLength = MAX_BADGE_LENGTH }: PosDecoderOptions) {
    this.reportId = reportId;
    this.lengthOffset = lengthOffset;
    this.dataOffset = dataOffset;
    this.maxLength = maxLength;
  }

  push(report: Uint8Array): DecodeResult[] {
    if (this.reportId !== undefined && report[0] !== this.reportId) return [];
    const length = report[this.lengthOffset];
    if (length === undefined) return [{ kind: 'discarded', reason: 'bad-report', partial: '' }];
    const end = this.dataOffset + length;
    const data = String.fromCharCode(...report.subarray(this.dataOffset, end));
    if (end > report.length) return [{ kind: 'discarded', reason: 'bad-report', partial: data }];
    const code = data.replace(SUFFIX, '');
    if (code === '') return [];
    if (code.length > this.maxLength) return [{ kind: 'discarded', reason: 'too-long', partial: code }];
    return [{ kind: 'code', code }];
  }
}
