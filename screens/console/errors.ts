import { Refused } from '../../src/domain/refusal.js';
import type { Lang } from '../text/labels.js';
import { REFUSAL_ZH } from './refusal-words.js';

/**
 * What the footer says when a command fails. A refusal is said by its code with its details in
 * the console's language (the English console shows the engine's sentence, which logs and the
 * command line share). Anything else is a fault, not a refusal: the Chinese console says so and
 * where to look, never the English sentence; the log has it (the caller reports it there).
 */
export function explain(err: Error, lang: Lang): string {
  if (err instanceof Said) return err.message;
  if (err instanceof Refused) return lang === 'zh' ? REFUSAL_ZH[err.code](err.details) : err.message;
  return lang === 'zh' ? '内部错误，已记入日志（数据目录下的 control-room.log）；请重试，仍不行请联系维护人员' : `internal error (in the log, control-room.log in the data directory): ${err.message}`;
}

/** Whether an error is a fault to log (a refusal is the rules at work, said on screen only). */
export function isFault(err: Error): boolean {
  return !(err instanceof Refused || err instanceof Said);
}

/** A console's own refusal of what was typed, already in the console's words (a missing reason). */
export class Said extends Error {}
