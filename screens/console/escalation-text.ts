import type { EscalationView } from '../../src/projections/escalations.js';
import { alarmLabel, type Lang } from '../text/labels.js';
import { consoleWords } from './words.js';

/**
 * H9: a report to the director in the console's language, from its facts (the engine's summary
 * is English, for logs and the desk): the alarm's kind and where, or the entry and why.
 */
export function escalationText(e: EscalationView, lang: Lang): string {
  if (e.alarm) return `${alarmLabel(lang, e.alarm.kind)}  ${e.alarm.address ?? e.alarm.station}`;
  return `${consoleWords(lang).entry} ${e.entryId ?? ''}  ${e.reason ?? ''}`;
}
