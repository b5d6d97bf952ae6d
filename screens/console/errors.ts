import { PanelNoAck } from '../../devices/intercom/messages.js';
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
  if (err instanceof PanelNoAck) return panelNoAck(err, lang);
  if (err instanceof Refused) return lang === 'zh' ? REFUSAL_ZH[err.code](err.details) : err.message;
  return lang === 'zh' ? '内部错误，已记入日志（数据目录下的 control-room.log）；请重试，仍不行请联系维护人员' : `internal error (in the log, control-room.log in the data directory): ${err.message}`;
}

/** Whether an error is a fault to log (a refusal is the rules at work, said on screen only; the engine logs a panel's silence itself). */
export function isFault(err: Error): boolean {
  return !(err instanceof Refused || err instanceof Said || err instanceof PanelNoAck);
}

const PANEL_ACTION = { zh: { ANSWER: '接听', UNLOCK: '开门', PING: '联络' }, en: { ANSWER: 'answer', UNLOCK: 'unlock', PING: 'ping' } } as const;

function panelNoAck(err: PanelNoAck, lang: Lang): string {
  const action = PANEL_ACTION[lang][err.command];
  return lang === 'zh'
    ? `对讲面板没有回应${action}（发了 ${err.tries} 次）：请检查对讲线路（状态栏“对讲”），必要时到现场处理`
    : `the intercom panel did not acknowledge ${action} (sent ${err.tries} times): check the panel link (the status line's "panel"), and attend in person if need be`;
}

/** A console's own refusal of what was typed, already in the console's words (a missing reason). */
export class Said extends Error {}
