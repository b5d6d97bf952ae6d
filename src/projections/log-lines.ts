import { maskPhonesIn } from '../log.js';
import type { JournalEvent } from '../register/event.js';

/** An event as `log` prints it: personal data never leaves the register this way, only its digest. */
export function publicEvent(e: JournalEvent): Omit<JournalEvent, 'pii'> {
  const { pii: _pii, ...rest } = e;
  return rest;
}

/**
 * The lines `log` prints (and `desk log`, which must print the same): one event a line, as JSON or
 * tab-separated. A phone number typed into free text is masked too: this output is shared beyond
 * the register.
 */
export function logLines(events: readonly JournalEvent[], json: boolean): string[] {
  return events.map((e) => maskPhonesIn(json ? JSON.stringify(publicEvent(e)) : `${e.seq}\t${e.at}\t${e.kind}\t${e.actor}\t${JSON.stringify(e.data)}`));
}
