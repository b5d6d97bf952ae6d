import type { Refusal } from '../../src/domain/handover-checks.js';
import type { HandedOn } from '../../src/projections/open-work.js';
import type { DutyLog, HandoverLine, ShiftLog } from '../../src/projections/shift-log.js';
import { alarmLabel, words, type Lang } from './labels.js';

const zhField = (f: string) => words('zh').field[f] ?? f;

/** Words of the duty log (值班记录), Chinese first. */
const WORDS = {
  zh: {
    title: (site: string, day: string) => `${site} 值班记录 ${day}`,
    noShifts: (day: string) => `${day} 尚无班次`,
    shift: (start: string) => `${start} 班`,
    running: '进行中',
    holiday: '节假日',
    onDuty: '值班',
    second: '值班主管',
    relief: '替班',
    reliefFor: '替',
    absence: '擅自离岗',
    unattended: '无人值班',
    breach: '节假日无主管值班 (H8)',
    breachReason: { 'operator-alone': '值班员单独上岗', 'supervisor-left': '主管下岗' } as Record<string, string>,
    breachResolved: (at: string, by: string) => `${at} ${by} 上岗`,
    breachOpen: '主管尚未上岗',
    handovers: '交接班',
    none: '无',
    accepted: '接班',
    refused: '拒绝接班',
    outgoing: '交班',
    outgoingLate: (m: number) => `交班迟到 ${m} 分钟`,
    incomingLate: (m: number) => `接班迟到 ${m} 分钟`,
    onTime: '均准时',
    overrideBy: (name: string, reason: string, over: string) => `主管放行: ${name}, 理由: ${reason} (放行: ${over})`,
    handedOn: '交出未完成',
    handedOnParts: {
      callbacks: (n: number, calls: number, stations: string, overdue: number) => `回拨 ${n} 户${calls > n ? ` ${calls} 次` : ''} (${stations}${overdue ? `; 逾期 ${overdue}` : ''})`,
      entries: (n: number, ids: string, overdue: string) => `登记 ${n} 条 (${ids}${overdue ? `; 逾期 ${overdue}` : ''})`,
      complaint: (id: string, deadline: string, overdue: boolean) => `投诉 ${id} ${overdue ? '已逾期' : '时限'} ${deadline}`,
      orders: (n: number, nos: string, marks: string) => `服务单 ${n} 张 (${nos}${marks ? `; ${marks}` : ''})`,
      orderMarks: (late: number, escalated: number, major: number) => [late ? `超时 ${late}` : '', escalated ? `已升级 ${escalated}` : '', major ? `重大 ${major}` : ''].filter(Boolean).join(', '),
      alarms: (n: number) => `报警未接 ${n}`,
      escalations: (n: number) => `上报主任未确认 ${n}`,
      breaches: (n: number, open: number) => `节假日无主管 ${n} 次${open ? ` (${open} 次未解决)` : ''}`,
    },
    pending: '待办事项',
    pendingFromLast: (done: string, carried: string) => `上次交接的待办: ${[done ? `已办 ${done}` : '', carried ? `续交 ${carried}` : ''].filter(Boolean).join('; ')}`,
    items: '物品',
    itemState: { present: '完好', damaged: '损坏', missing: '缺失', unchecked: '未清点' } as Record<string, string>,
    noExplanation: '未说明',
    escalations: '上报主任',
    alarm: '报警',
    entry: '重大事项',
    acknowledged: (at: string, by: string) => `已确认 ${at} (${by})`,
    notAcknowledged: '未确认',
    entries: (c: ShiftLog['entries']) => `登记 ${c.total} 条: 未结 ${c.open}, 已结 ${c.closed}, 不清 ${c.unclear}, 重大 ${c.major}`,
    minutes: (m: number) => `${m} 分钟`,
    stillOn: '至今',
    refusal: (r: Refusal): string => {
      switch (r.code) {
        case 'unclear-entries':
          return `登记不清 ${r.entries.map((e) => `${e.id}(${e.unclear.map(zhField).join(',')})`).join(' ')}`;
        case 'room-not-clean':
          return r.confirmed === false ? '卫生不合格' : '卫生未确认';
        case 'items':
          return `物品 ${r.items.map((i) => `${i.item}${i.state === 'unchecked' ? '未清点' : i.state === 'missing' && i.explained ? '缺失(已说明, 未找回)' : `${i.state === 'missing' ? '缺失' : '损坏'}未说明`}`).join(' ')}`;
        case 'major-repairs':
          return `重大维修未完成 ${r.orders.map((o) => `${o.orderNo}(${o.address})`).join(' ')}`;
        case 'holiday-supervisor':
          return `节假日须主管以上在岗 (${r.holidays.join(',')})`;
      }
    },
  },
  en: {
    title: (site: string, day: string) => `${site} duty log ${day}`,
    noShifts: (day: string) => `no shifts yet on ${day}`,
    shift: (start: string) => `${start} shift`,
    running: 'running',
    holiday: 'holiday',
    onDuty: 'on duty',
    second: 'supervisor on duty',
    relief: 'relief',
    reliefFor: 'for',
    absence: 'absent without relief',
    unattended: 'nobody on duty',
    breach: 'holiday without a supervisor (H8)',
    breachReason: { 'operator-alone': 'an operator signed on alone', 'supervisor-left': 'the supervisor signed off' } as Record<string, string>,
    breachResolved: (at: string, by: string) => `${by} signed on ${at}`,
    breachOpen: 'no supervisor yet',
    handovers: 'handovers',
    none: 'none',
    accepted: 'accepted by',
    refused: 'refused by',
    outgoing: 'from',
    outgoingLate: (m: number) => `outgoing ready ${m} min late`,
    incomingLate: (m: number) => `incoming arrived ${m} min late`,
    onTime: 'both on time',
    overrideBy: (name: string, reason: string, over: string) => `overridden by ${name}: ${reason} (over: ${over})`,
    handedOn: 'handed on open',
    handedOnParts: {
      callbacks: (n: number, calls: number, stations: string, overdue: number) => `${n} callbacks${calls > n ? ` (${calls} calls)` : ''} (${stations}${overdue ? `; ${overdue} overdue` : ''})`,
      entries: (n: number, ids: string, overdue: string) => `${n} entries (${ids}${overdue ? `; overdue ${overdue}` : ''})`,
      complaint: (id: string, deadline: string, overdue: boolean) => `complaint ${id} ${overdue ? 'overdue since' : 'due'} ${deadline}`,
      orders: (n: number, nos: string, marks: string) => `${n} orders (${nos}${marks ? `; ${marks}` : ''})`,
      orderMarks: (late: number, escalated: number, major: number) => [late ? `${late} late` : '', escalated ? `${escalated} escalated` : '', major ? `${major} major` : ''].filter(Boolean).join(', '),
      alarms: (n: number) => `${n} alarms not taken on`,
      escalations: (n: number) => `${n} reports to the director not acknowledged`,
      breaches: (n: number, open: number) => `${n} holiday breaches${open ? ` (${open} standing)` : ''}`,
    },
    pending: 'pending',
    pendingFromLast: (done: string, carried: string) => `from the last handover: ${[done ? `done ${done}` : '', carried ? `carried again ${carried}` : ''].filter(Boolean).join('; ')}`,
    items: 'items',
    itemState: { present: 'present', damaged: 'damaged', missing: 'missing', unchecked: 'not checked' } as Record<string, string>,
    noExplanation: 'no explanation',
    escalations: 'escalated to the director',
    alarm: 'alarm',
    entry: 'major entry',
    acknowledged: (at: string, by: string) => `acknowledged ${at} by ${by}`,
    notAcknowledged: 'NOT acknowledged',
    entries: (c: ShiftLog['entries']) => `entries ${c.total}: ${c.open} open, ${c.closed} closed, ${c.unclear} unclear, ${c.major} major`,
    minutes: (m: number) => `${m} min`,
    stillOn: 'now',
    refusal: (r: Refusal): string => r.text,
  },
};

/** HH:MM when on the shift's own day, MM-DD HH:MM otherwise (a night shift runs past midnight). */
function time(iso: string | null, day: string, w: (typeof WORDS)[Lang]): string {
  if (iso === null) return w.stillOn;
  return iso.slice(0, 10) === day ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function handoverLines(h: HandoverLine, day: string, lang: Lang): string[] {
  const w = WORDS[lang];
  const at = time(h.at, day, w);
  const who = `${h.incoming.name} (${h.incoming.badge})`;
  if (h.result === 'refused') return [`    ${at} ${w.refused} ${who}: ${h.reasons.map(w.refusal).join('; ')}`];
  const late = [
    h.timing.outgoingLateMinutes > 0 ? w.outgoingLate(h.timing.outgoingLateMinutes) : '',
    (h.timing.incomingLateMinutes ?? 0) > 0 ? w.incomingLate(h.timing.incomingLateMinutes!) : '',
  ].filter(Boolean);
  const lines = [`    ${at} ${w.accepted} ${who}, ${w.outgoing} ${h.outgoing.name} (${h.outgoing.badge}); ${late.length > 0 ? late.join(', ') : w.onTime}`];
  const items = h.checklist.filter((i) => i.state !== 'present');
  if (items.length > 0) {
    const text = items.map((i) => `${i.item} ${w.itemState[i.state ?? 'unchecked']}${i.explanation ? ` (${i.explanation})` : i.state ? ` (${w.noExplanation})` : ''}`);
    lines.push(`      ${w.items}: ${text.join('; ')}`);
  }
  if (h.openWork) lines.push(`      ${w.handedOn}: ${handedOnText(h.openWork, day, lang)}`);
  if (h.pending.length > 0) lines.push(`      ${w.pending}: ${h.pending.join('; ')}`);
  if (h.pendingDone.length + h.pendingCarried.length > 0) lines.push(`      ${w.pendingFromLast(h.pendingDone.join('; '), h.pendingCarried.join('; '))}`);
  if (h.override) lines.push(`      ${w.overrideBy(`${h.override.name} (${h.override.badge})`, h.override.reason, h.reasons.map(w.refusal).join('; '))}`);
  return lines;
}

/** What a handover handed on, the groups that are not empty, with their ids. */
function handedOnText(o: HandedOn, day: string, lang: Lang): string {
  const w = WORDS[lang];
  const p = w.handedOnParts;
  const parts = [
    o.callbacks.count ? p.callbacks(o.callbacks.count, o.callbacks.calls, o.callbacks.stations.join(', '), o.callbacks.overdue) : '',
    o.entries.count ? p.entries(o.entries.count, o.entries.ids.join(', '), o.entries.overdueIds.join(', ')) : '',
    ...o.entries.complaints.map((c) => p.complaint(c.id, time(c.deadline, day, w), c.overdue)),
    o.orders.count ? p.orders(o.orders.count, o.orders.orderNos.join(', '), p.orderMarks(o.orders.late, o.orders.escalated, o.orders.major)) : '',
    o.alarms.count ? p.alarms(o.alarms.count) : '',
    o.escalations.count ? p.escalations(o.escalations.count) : '',
    o.breaches.count ? p.breaches(o.breaches.count, o.breaches.open) : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : w.none;
}

function shiftText(s: ShiftLog, lang: Lang): string[] {
  const w = WORDS[lang];
  const day = s.from.slice(0, 10);
  // Both ends in one minute (the seconds before the first sign-on): shown to the second, never `20:12 – 20:12`.
  const sameMinute = (x: { from: string; to: string | null }) => x.to !== null && x.from.slice(0, 16) === x.to.slice(0, 16);
  const span = (x: { from: string; to: string | null }) =>
    sameMinute(x) ? `${time(x.from, day, w)}${x.from.slice(16, 19)} – ${time(x.to, day, w)}${x.to!.slice(16, 19)}` : `${time(x.from, day, w)} – ${time(x.to, day, w)}`;
  const head = [`━ ${w.shift(s.start)} ${s.from.slice(0, 16).replace('T', ' ')} – ${time(s.to, day, w)}`, s.running ? `(${w.running})` : '', s.holidays.length > 0 ? `${w.holiday} ${s.holidays.join(',')}` : '']
    .filter(Boolean)
    .join(' ');
  const lines = [head];
  const list = (label: string, items: string[]) => {
    if (items.length > 0) lines.push(`  ${label}: ${items.join('; ')}`);
  };
  list(w.onDuty, s.onDuty.map((x) => `${x.name} (${x.badge}) ${span(x)}`));
  list(w.second, s.secondOnDuty.map((x) => `${x.name} (${x.badge}) ${span(x)}`));
  list(w.relief, s.reliefs.map((x) => `${x.name} (${x.badge}) ${w.reliefFor} ${x.for.name} ${span(x)}`));
  list(w.absence, s.absences.map((x) => `${x.name} (${x.badge}) ${span(x)}${x.minutes !== null ? ` (${w.minutes(x.minutes)})` : ''}`));
  list(w.unattended, s.unattended.map(span));
  list(
    w.breach,
    s.breaches.map((b) => `${time(b.at, day, w)} ${w.breachReason[b.reason] ?? b.reason}, ${b.onDuty.name} (${b.onDuty.badge}); ${b.resolved ? w.breachResolved(time(b.resolved.at, day, w), b.resolved.by.name) : w.breachOpen}`),
  );
  lines.push(`  ${w.handovers}:${s.handovers.length === 0 ? ` ${w.none}` : ''}`);
  for (const h of s.handovers) lines.push(...handoverLines(h, day, lang));
  list(
    w.escalations,
    s.escalations.map(
      (x) =>
        `${time(x.at, day, w)} ${x.source === 'alarm' ? `${w.alarm} ${alarmLabel(lang, x.alarm?.kind ?? '')} ${x.alarm?.station}${x.alarm?.address ? ` (${x.alarm.address})` : ''}` : `${w.entry} ${x.entryId} (${x.reason})`}, ` +
        (x.acknowledged ? w.acknowledged(time(x.acknowledged.at, day, w), x.acknowledged.by) : w.notAcknowledged),
    ),
  );
  lines.push(`  ${w.entries(s.entries)}`);
  return lines;
}

/** The duty log of a day as terminal text. */
export function renderDutyLog(log: DutyLog, lang: Lang): string {
  const w = WORDS[lang];
  const title = w.title(log.site.name, log.day);
  if (log.shifts.length === 0) return `${title}\n${w.noShifts(log.day)}`;
  return [title, ...log.shifts.flatMap((s) => shiftText(s, lang))].join('\n');
}

/** A handover refusal in words (the desk's quality view says them as the duty log does). */
export function refusalText(lang: Lang, r: Refusal): string {
  return WORDS[lang].refusal(r);
}
