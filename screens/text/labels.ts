import type { Category, Channel } from '../../src/config/types.js';

export type Lang = 'zh' | 'en';

/** Words the register shows, Chinese first (the office's own form names), English on request. */
const WORDS = {
  zh: {
    category: { repair: '报修', request: '需求', complaint: '投诉', consultation: '咨询', feedback: '意见', other: '其他' },
    channel: { intercom: '对讲', phone: '电话', radio: '对讲机', 'walk-in': '来访', desk: '服务中心' },
    status: { open: '待办', closed: '已完结' },
    role: { operator: '值班员', supervisor: '主管', manager: '经理', technician: '维修人员', desk: '客服', director: '主任' } as Record<string, string>,
    department: { 'control-room': '中控室', engineering: '工程部', 'service-desk': '客户服务中心', management: '管理处' } as Record<string, string>,
    alarm: { SOS: '紧急求助 SOS', FIRE: '火警', GAS: '燃气泄漏', TAMPER: '设备被拆', DOOR_FORCED: '门被强行打开' } as Record<string, string>,
    overdue: '逾期',
    unclear: '不清',
    field: { station: '站点', address: '地址', resident: '住户', phone: '电话', content: '内容', appointmentAt: '预约', category: '类别', channel: '渠道', receivedAt: '接听时间' } as Record<string, string>,
    columns: ['编号', '时间', '渠道', '地址', '住户', '电话', '类别', '内容', '预约', '状态', '首问'],
    resultColumns: ['结果', '完结'],
    noEntries: (day: string) => `${day} 无登记`,
    registerTitle: (site: string, day: string) => `${site} 《业户服务/需求/意见记录表》 ${day}`,
  },
  en: {
    category: { repair: 'repair', request: 'request', complaint: 'complaint', consultation: 'consultation', feedback: 'feedback', other: 'other' },
    channel: { intercom: 'intercom', phone: 'phone', radio: 'radio', 'walk-in': 'walk-in', desk: 'desk' },
    status: { open: 'open', closed: 'closed' },
    role: { operator: 'operator', supervisor: 'supervisor', manager: 'manager', technician: 'technician', desk: 'desk clerk', director: 'director' } as Record<string, string>,
    department: { 'control-room': 'control room', engineering: 'engineering', 'service-desk': 'service desk', management: 'management' } as Record<string, string>,
    alarm: { SOS: 'SOS', FIRE: 'FIRE', GAS: 'GAS LEAK', TAMPER: 'TAMPER', DOOR_FORCED: 'DOOR FORCED' } as Record<string, string>,
    overdue: 'OVERDUE',
    unclear: 'unclear',
    field: { station: 'station', address: 'address', resident: 'resident', phone: 'phone', content: 'content', appointmentAt: 'appointment', category: 'category', channel: 'channel', receivedAt: 'received' } as Record<string, string>,
    columns: ['id', 'time', 'channel', 'address', 'resident', 'phone', 'category', 'content', 'appointment', 'status', 'first'],
    resultColumns: ['result', 'closed'],
    noEntries: (day: string) => `no entries on ${day}`,
    registerTitle: (site: string, day: string) => `${site} register ${day}`,
  },
} satisfies Record<Lang, unknown>;

export function words(lang: Lang) {
  return WORDS[lang];
}

export function categoryLabel(lang: Lang, c: Category): string {
  return WORDS[lang].category[c];
}

export function channelLabel(lang: Lang, c: Channel): string {
  return WORDS[lang].channel[c];
}

/** An alarm's kind in words (the panel's codes are SOS, FIRE, GAS, TAMPER, DOOR_FORCED). */
export function alarmLabel(lang: Lang, kind: string): string {
  return WORDS[lang].alarm[kind] ?? kind;
}

export function roleLabel(lang: Lang, role: string): string {
  return WORDS[lang].role[role] ?? role;
}

export function departmentLabel(lang: Lang, department: string): string {
  return WORDS[lang].department[department] ?? department;
}
