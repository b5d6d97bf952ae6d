import type { Category, Channel } from '../src/config/types.js';
import { entryId } from '../src/domain/entry.js';
import type { NewEvent } from '../src/register/event.js';

/**
 * Event drafts that look like a real control room's: Chinese addresses, requests and results, a
 * resident and a phone number in `pii`. Sizes matter to the bench (bytes per day file, hashing and
 * JSON cost), so the drafts are shaped like what Engine.recordEntry writes. A seeded generator
 * keeps every run's history identical.
 */

/** mulberry32: tiny, fast and deterministic; quality is irrelevant here. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['桂芳', '志明', '淑珍', '洋', '建华', '秀兰', '伟', '丽娟', '海峰', '玉梅', '国庆', '晓东', '静', '敏'];
const OPERATORS = ['EMP-000101', 'EMP-000102', 'EMP-000103', 'EMP-000104'];
const CHANNELS: Channel[] = ['intercom', 'intercom', 'phone', 'phone', 'walk-in', 'radio', 'desk'];

const CONTENT: Record<Category, string[]> = {
  repair: ['厨房水龙头漏水，需上门维修', '卫生间下水道堵塞，请派维修工', '楼道声控灯不亮', '入户门门锁损坏，钥匙打不开', '空调外机支架松动有异响'],
  request: ['需要开具装修许可证明', '申请临时停车位一周', '家中老人需协助搬运大件家具', '申请开通门禁卡两张'],
  complaint: ['楼上住户夜间噪音扰民，已持续多日', '小区垃圾清运不及时，气味很大', '电梯经常停运，影响老人出行', '地下车库有车辆长期占用消防通道'],
  consultation: ['询问物业费缴纳方式及截止日期', '咨询装修期间施工时间规定', '询问快递柜的使用方法'],
  feedback: ['感谢保安师傅帮忙找回走失的小孩', '建议在儿童游乐区增加遮阳棚', '绿化修剪后环境改善明显'],
  other: ['业主遗失钥匙一串，已登记', '访客车辆临时进入登记', '捡到钱包一个，已交中控室保管'],
};
const CATEGORIES = Object.keys(CONTENT) as Category[];
const RESULTS = ['已派维修工上门处理完毕，业主确认', '已电话回复业主，问题已解决', '已协调相关住户，情况好转', '已转客服中心跟进，业主表示满意'];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** One created entry with everything filled in, as recordEntry would seal it. */
export function entryCreated(rand: () => number, day: string, n: number, at: string): NewEvent {
  const building = 1 + Math.floor(rand() * 12);
  const unit = 1 + Math.floor(rand() * 3);
  const room = `${1 + Math.floor(rand() * 18)}0${1 + Math.floor(rand() * 4)}`;
  const channel = pick(rand, CHANNELS);
  const category = pick(rand, CATEGORIES);
  const station = `B${String(building).padStart(2, '0')}-U${unit}-${room}`;
  const data: Record<string, unknown> = {
    id: entryId(day, n),
    receivedAt: at,
    channel,
    category,
    firstResponder: pick(rand, OPERATORS),
    ...(channel === 'intercom' ? { station } : {}),
    address: `嘉园${building}栋${unit}单元${room}室`,
    content: pick(rand, CONTENT[category]),
    ...(category === 'repair' || category === 'request' ? { appointmentAt: `${day}T15:00:00.000+08:00` } : {}),
  };
  const phone = `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
  return { kind: 'entry.created', actor: String(data.firstResponder), data, pii: { resident: pick(rand, SURNAMES) + pick(rand, GIVEN), phone } };
}

export function entryClosed(rand: () => number, id: string): NewEvent {
  return { kind: 'entry.closed', actor: pick(rand, OPERATORS), data: { id, result: pick(rand, RESULTS) } };
}

export function entryAmended(rand: () => number, id: string): NewEvent {
  const phone = `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
  return {
    kind: 'entry.amended',
    actor: pick(rand, OPERATORS),
    data: { id, reason: '业主来电更正联系电话', changes: {}, piiFields: ['phone'] },
    pii: { phone },
  };
}

/** The one draft every measured append writes, in every store, so they all hash and store the same bytes. */
export function measuredDraft(day: string): NewEvent {
  return entryCreated(seededRandom(20260101), day, 1, `${day}T09:00:00.000+08:00`);
}
