import { join } from 'node:path';
import { appendPrivateLine } from '../private-file.js';

/**
 * Batches `desk serve` refused, one JSON line each in DATA/refused.jsonl, for the sites page (the
 * shared folder keeps its own refusals in refused/). Written after the answer, never in its way.
 */
export class RefusalLog {
  readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'refused.jsonl');
  }

  add(at: string, r: { site: string; code: string; reason: string }): void {
    void appendPrivateLine(this.file, JSON.stringify({ at, site: r.site, file: r.code, code: r.code, reason: r.reason.slice(0, 500) })).catch(() => undefined);
  }
}
