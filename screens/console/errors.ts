import { DutyError } from '../../src/engine/services.js';
import type { Lang } from '../text/labels.js';

/**
 * What the footer says when a command is refused. The engine's messages are English (they also
 * reach logs and the command line); the duty and handover refusals, which operators meet at every
 * change of shift, carry a code and are said in Chinese here. Others are shown as they are.
 */
const DUTY_ZH: Record<string, string> = {
  'not-on-duty': '只有值班人本人可以这样做；接班人在检查完毕后刷卡',
  'same-badge': '同一工牌不能同时签交班和接班；请接班人刷自己的卡',
  away: '值班人已登记离岗；请先刷卡返岗',
  'too-long': '填写内容过长，请简写',
  'no-reason': '请填写原因',
  'not-supervisor': '只有主管或以上可以特批',
  'not-open': '该事项已处理，或不存在',
  'not-duty-role': '该人员不能在中控室值班（须为值班员或主管以上）',
  'no-incoming': '请接班人先刷卡',
  'handover-closed': '本次交接已结束',
  'unknown-item': '该物品不在交接清单中',
  'unknown-entry': '没有这条登记',
  'unknown-badge': '工牌不在人员名单中，不能签名',
  'second-on-duty': '已有第二值班人',
  'nobody-on-duty': '无人值班，请先刷卡上岗',
  'inactive-badge': '该工牌已停用',
  'holiday-supervisor': '节假日须主管或以上值班（H8），不能特批',
  'handover-open': '另一次交接正在进行，请先完成或放弃',
  'bad-item-state': '物品状态无效',
  'already-major': '该登记已上报',
  'ack-needs-supervisor': '确认上报主任须由主管或以上刷卡，并填写处理情况（H9）',
  'no-note': '请填写处理情况（做了什么、告知了谁）',
  'not-first-responder': '只有首问责任人可以办结；主管（或以上）可写明原因后代为办结（R4）',
};

export function explain(err: Error, lang: Lang): string {
  if (lang === 'zh' && err instanceof DutyError) {
    const zh = DUTY_ZH[err.code];
    if (zh) return `${zh}（${err.code}）`;
  }
  return err.message;
}
