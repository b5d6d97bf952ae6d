/** Why a scan signs nothing: a code the console says in its language; the English for the journal and logs. */
export type ScanRefusal = 'unknown' | 'inactive' | 'timeout' | 'too-long' | 'cut-line' | 'bad-report' | 'layout';

export const SCAN_REFUSAL_EN: Record<ScanRefusal, string> = {
  unknown: 'not on the roster',
  inactive: 'marked inactive on the roster',
  timeout: 'cut short (no Enter within 300 ms)',
  'too-long': 'too long for a badge',
  'cut-line': 'too long for a badge (the line was cut)',
  'bad-report': 'a report the scanner sent could not be read',
  layout: "the scanner's reports do not fit the configured layout; check reportId (and for POS mode lengthOffset and dataOffset) in the configuration",
};
