import type { RefusalCode, RefusalDetails } from '../../src/domain/refusal.js';
import { formatFen } from '../../src/domain/money.js';
import { departmentLabel, roleLabel, words } from '../text/labels.js';
import { localTime } from './markup.js';

type Say = (d: RefusalDetails) => string;

const s = (v: string | number | undefined) => (v === undefined ? '' : String(v));
const at = (v: string | number | undefined) => (v ? localTime(String(v)) : '');
const field = (v: string | number | undefined) => words('zh').field[s(v)] ?? ({ appointment: '预约', contractor: '保洁单位' } as Record<string, string>)[s(v)] ?? s(v);
const fields = (v: string | number | undefined) => s(v).split(',').filter(Boolean).map(field).join('、');
const role = (v: string | number | undefined) => roleLabel('zh', s(v));
const money = (v: string | number | undefined) => (typeof v === 'number' ? `¥${formatFen(v)}` : s(v));
const more = (d: RefusalDetails) => (typeof d.more === 'number' && d.more > 0 ? `（另有 ${d.more} 处）` : '');
const RUNG: Record<string, string> = { 'engineering-supervisor': '工程部的工程主管', 'estate-manager': '管理处经理' };

/**
 * What the Chinese console says for each refusal (the English console shows the engine's own
 * sentence). Keyed by every code, so a new refusal without its words does not compile.
 */
export const REFUSAL_ZH: Record<RefusalCode, Say> = {
  'unknown-badge': (d) => `工牌${d.badge ? ` ${s(d.badge)}` : ''}不在人员名单中，不能签名；请刷本人工牌`,
  'inactive-badge': (d) => `${s(d.name) || '该工牌'}已停用，不能签名；请找主管`,
  'not-duty-role': (d) => `${s(d.name) || '该人员'}${d.role ? `（${role(d.role)}）` : ''}不能在中控室值班：须为值班员或主管以上`,
  'wrong-role': (d) =>
    d.needs && RUNG[s(d.needs)]
      ? `${s(d.name)}是${departmentLabel('zh', s(d.department))}的${role(d.role)}，这一级须由${RUNG[s(d.needs)]}接手（W4）`
      : `${s(d.name)}是${role(d.role)}，这一步须由${s(d.needs).split(',').map(role).join('或')}办理`,
  'not-supervisor': (d) => `${s(d.name) || '该人员'}${d.role ? `是${role(d.role)}，` : ''}须由主管或以上刷卡`,
  'same-badge': (d) =>
    ({
      handover: '同一工牌不能同时签交班和接班；请接班人刷自己的卡',
      override: '交班人不能特批自己的交接；请另一位主管刷卡',
      approve: '值班人不能批准自己下岗；请另一位主管刷卡',
      relief: '不能由本人接替本人；请接替人员刷自己的卡',
      second: `${s(d.name)}正在值班；第二值班人须是另一位主管`,
    })[s(d.side)] ?? '同一工牌不能签两方；请另一人刷自己的卡',
  'not-on-duty': (d) => (d.name ? `只有值班人 ${s(d.name)} 本人可以这样做` : '只有值班人本人可以这样做；接班人在检查完毕后刷卡'),
  'nobody-on-duty': () => '无人值班，请先刷卡上岗',
  'duty-taken': (d) => `${s(d.name)} 自 ${at(d.since)} 值班中；换班请用交接班（F5），由接班人刷卡接班`,
  away: (d) => `${s(d.name) || '值班人'}已登记离岗；请先刷卡返岗`,
  'second-on-duty': () => '已有第二值班人（主管）在岗，请其先下岗',
  'sign-off-needs-approval': () => '中控室24小时有人值班（H1）：换班用交接班（F5），暂离用 W；不经交接下岗须写明原因并由主管刷卡批准',
  'handover-open': () => '另一次交接正在进行，请先完成或放弃',
  'handover-closed': () => '本次交接已结束；交班人刷卡可重新开始',
  'no-incoming': () => '请接班人先刷卡',
  'unknown-item': () => '该物品不在交接清单中',
  'bad-item-state': () => '物品状态无效',
  'holiday-supervisor': () => '节假日须主管或以上值班（H8），不能特批；请主管作为第二值班人上岗（F6）或接班',
  'no-reason': () => '请填写原因',
  'no-note': () => '请填写处理情况（做了什么、告知了谁）',
  'no-result': () => '请填写处理结果',
  'too-long': (d) => `填写内容过长${d.limit ? `（最多 ${s(d.limit)} 字）` : ''}，请简写`,
  'field-too-long': (d) => `${field(d.field)}过长（${s(d.length)} 字，最多 ${s(d.limit)} 字），请简写`,
  'bad-channel': () => '渠道无效，请用 ←→ 选择',
  'bad-category': () => '类别无效，请用 ←→ 选择',
  'bad-phone': () => '电话号码格式不对：只填数字，如 13800000000',
  'bad-time': (d) => `${field(d.field) || '时间'}“${s(d.text)}”不是有效时间；格式如 12-01 09:30 或 2026-12-01 09:30`,
  'future-time': (d) => `${field(d.field) || '时间'}“${s(d.text)}”在将来；请填写实际发生的时间`,
  'unknown-entry': (d) => `没有登记 ${s(d.id)}`,
  'entry-closed': (d) => `登记 ${s(d.id)} 已于 ${at(d.at)} 办结`,
  'not-amendable': (d) => `${fields(d.fields)}不能更正`,
  'not-first-responder': (d) => `登记 ${s(d.id)} 的首问责任人是 ${s(d.name)}，由其办结；主管（或以上）可写明原因后代为办结（R4）`,
  'already-major': () => '该登记已上报主任',
  'ack-needs-supervisor': (d) => `${s(d.name) ? `${s(d.name)}是${role(d.role)}：` : ''}确认上报主任须由主管或以上刷卡，并填写处理情况（H9）`,
  'not-open': () => '该事项已处理，或不存在',
  'not-ringing': () => '该来电已不在响铃（已接听、未接或已挂断）',
  'no-callback-owed': () => '该未接来电已回拨过',
  'alarm-not-open': () => '该警报已确认',
  'no-panel': () => '未配置对讲面板（配置文件中的 panel）',
  stopped: () => '程序正在停止，不能再记录',
  'unknown-order': (d) => `没有服务单 ${s(d.orderNo)}`,
  'bad-order-kind': () => '服务单类型无效',
  'not-orderable': (d) => `登记 ${s(d.id)} 是“${words('zh').category[s(d.category) as 'repair'] ?? s(d.category)}”，只有报修或需求可以开有偿服务单`,
  'order-lacks': (d) => `登记 ${s(d.id)} 缺少${fields(d.fields)}，服务单须有地址、电话、内容和预约时间（W1）；请先更正登记`,
  'entry-has-order': (d) => `登记 ${s(d.id)} 已有服务单 ${s(d.orderNo)}；如需重开请先取消该单`,
  'order-cancelled': (d) => `服务单 ${s(d.orderNo)} 已于 ${at(d.at)} 取消`,
  'order-completed': (d) => `服务单 ${s(d.orderNo)} 已于 ${at(d.at)} 完工`,
  'repair-not-contractor': () => '维修单派给维修人员；只有有偿保洁派给保洁单位（W9）',
  'no-contractor': () => '请填写保洁单位名称（环境部安排的保洁公司）',
  'price-after-start': (d) => `已于 ${at(d.at)} 按同意的价格开工，开工后不能再改价（W5）`,
  'not-priced': () => '尚未报价：先按收费标准报价（P），告知住户金额，住户同意后再开工（W5）',
  'total-changed': (d) => `报价已变为 ${money(d.totalFen)}，请告知住户新的合计后再记录同意`,
  'already-agreed': () => '住户已同意该合计',
  'not-dispatched': () => '尚未派工：请先派工（D）',
  'not-agreed': (d) => `住户尚未同意合计 ${money(d.totalFen)}：告知金额、住户同意后才能开工（W5）`,
  'already-started': (d) => `已于 ${at(d.at)} 开工`,
  'not-started': () => '尚未开工：请先记录开工（住户同意之后）',
  'start-before-agreement': (d) => `开工时间 ${at(d.at)} 早于住户同意的时间 ${at(d.agreedAt)}；住户同意前不能开工（W5）`,
  'complete-before-start': (d) => `完工时间 ${at(d.at)} 早于开工时间 ${at(d.startedAt)}`,
  'not-completed': () => '尚未完工：住户在完工后签字（W7）',
  'already-signed': (d) => `住户已于 ${at(d.at)} 签字`,
  'wrong-technician': (d) => `该单由 ${s(d.name)} 施工，住户签字须由其刷卡确认（W7）`,
  'last-rung': () => '已升级到管理处经理（最后一级，W4），保持未完结直到解决',
  'resident-not-told': () => '升级到工程主管前须告知住户（W4），告知后勾选“已告知住户”再记录',
  'not-repair': () => '只有维修单才算重大维修（H4 d）',
  'order-major': () => '该服务单已标记为重大维修',
  'bad-amount': () => '金额格式不对，如 12.50',
  'bad-payment-method': () => '付款方式须为银行托收或现金（W6）',
  'no-cash-taker': () => '请刷卡或填写收取现金的人',
  'desk-needs-receipt': (d) => `${s(d.name)}属客户服务中心：服务中心收现金须开收据，请填写收据号`,
  'receipt-not-desk': (d) => `只有客户服务中心开收据；${s(d.name)}（${role(d.role)}）收取的现金不填收据，记为违规（W6）`,
  'no-materials': () => '请至少填写一项（收费标准中的编码和数量）',
  'fee-unknown': (d) => `第 ${s(d.line)} 行：收费标准中没有 ${s(d.code)}${more(d)}`,
  'fee-not-material': (d) => `第 ${s(d.line)} 行：${s(d.code)} ${s(d.name)} 是人工，不是材料${more(d)}`,
  'fee-duplicate': (d) => `第 ${s(d.line)} 行：${s(d.code)} 已在第 ${s(d.first)} 行，请合并为一行${more(d)}`,
  'bad-quantity': (d) => `第 ${s(d.line)} 行：数量“${s(d.quantity)}”无效，如 1、2.5、0.75${more(d)}`,
};
