import { isRefusalCode, type RefusalCode } from '../../src/sync/refusal.js';
import type { Lang } from './labels.js';

/**
 * Why the desk refused a batch, by its refusal code: what is wrong and what to do, in the desk's
 * language. The engine's own detail (seq numbers, hashes) stays in the English text and the log.
 */
const WORDS: Record<Lang, Record<RefusalCode, string>> = {
  zh: {
    unreadable: '无法读取：不是同步批次，或传输中损坏。管理处下次同步会重发。',
    unauthenticated: '签名不符：该管理处的同步密钥与客服中心登记的不一致（或批次是伪造的）。请核对双方密钥。',
    changed: '内容被改动：批次在管理处签名后被修改。请让管理处重新同步。',
    'broken-chain': '记录链不连贯：批次内的事件接不上。请让管理处运行 verify 并重新同步。',
    fork: '与已收记录冲突：同一序号的事件与客服中心已有的不同。请联系该管理处核查，勿重复导入。',
    gap: '中间缺少记录：批次从客服中心已有序号之后开始。管理处会自动从缺口处重发。',
  },
  en: {
    unreadable: 'unreadable: not a sync batch, or damaged on the way. The control room sends it again at its next sync.',
    unauthenticated: "signature does not match: the site's sync secret differs from the desk's (or the batch is forged). Check both secrets.",
    changed: 'changed: the batch was altered after the control room signed it. Ask the control room to sync again.',
    'broken-chain': 'broken chain: the events in the batch do not follow each other. Ask the control room to run verify and sync again.',
    fork: 'conflicts with what the desk holds: an event of the same seq differs. Ask the site to check; do not import it again.',
    gap: "events missing: the batch starts after the desk's last seq. The control room sends again from the gap by itself.",
  },
};

/** A refused batch's reason for people: by its code when known, else the detail as written. */
export function batchRefusalText(lang: Lang, code: string | undefined, detail: string): string {
  if (isRefusalCode(code)) return WORDS[lang][code];
  return lang === 'zh' ? `其他原因（${detail}）` : detail;
}
