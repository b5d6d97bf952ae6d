import type { ConsultationSummary, FollowupQualitySummary, RepairCallbackSummary } from '../../src/domain/desk-summaries.js';
import { CHARGE_ZH, RATING_ZH, ROLE_ZH, type Charge, type Rating } from '../../src/domain/followup-fields.js';
import type { FollowupCase, FollowupRecord, WorkItem, WorkList } from '../../src/domain/followups.js';
import { channelLabel, type Lang } from './labels.js';
import type { Channel } from '../../src/config/types.js';

/** `11-30 20:19`: the register's stamps carry the site's offset, so their characters are the site's time. */
const short = (iso: string | null | undefined) => (iso ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : '');

/** The desk's command-line words: Chinese first, the same names as the desk's pages. */
const WORDS = {
  zh: {
    rules: {
      F1: 'F1 投诉：3 日内给住户明确答复',
      F2: 'F2 维修：完工次日电话回访',
      F3: 'F3 有偿服务：每周回访上周完成的不少于 60%（质量、态度）',
      F4: 'F4 200.00 元以上有偿服务：客服主管回访（质量、态度、收费）',
      F5: 'F5 维修通知单：每周一抽查上周不少于 30%（维修主管）',
      F6: 'F6 维修记录：每季度抽查上季度 20%（主任）',
      F7: 'F7 整改：再回访，直至住户满意',
    } as Record<string, string>,
    head: (name: string, site: string, day: string, n: number, late: number) => `${name} (${site}) ${day} 回访：待办 ${n} 项，逾期 ${late} 项`,
    sample: (id: string, from: string, to: string, size: number, pop: number, pct: number, seed: string) => `  抽样 ${id} (${from}..${to})：${pop} 项中抽 ${size} 项（${pct}%，向上取整），种子 "${seed}"`,
    provisional: '（该期尚未完整同步，抽样可能变化）',
    nothing: '  无待办',
    due: '期限',
    overdue: '逾期',
    yuan: '元',
    tries: (n: number) => `（${n} 次未联系上）`,
    hint: (site: string) => `记录结果：control-room desk followup record --config desk.json --site ${site} --rule 规则 --item 事项 --result 满意|不满意|未联系上 --method 电话|上门 --by 工号（F3、F4 加 --quality 和 --attitude 满意|基本满意|不满意；F4 加 --charge 收费无误|收费有误）`,
    result: { satisfied: '满意', dissatisfied: '不满意', unreachable: '未联系上' } as Record<string, string>,
    method: { phone: '电话', visit: '上门' } as Record<string, string>,
    recorded: (r: FollowupRecord, by: string) =>
      `已记录 ${r.id}：${r.rule} ${r.item} ${WORDS.zh.result[r.result]}（${WORDS.zh.method[r.method]}，${by}${r.role ? `，${ROLE_ZH[r.role][0]}` : ''}，${short(r.at)}）` +
      [r.quality ? `质量 ${RATING_ZH[r.quality]}` : '', r.attitude ? `态度 ${RATING_ZH[r.attitude]}` : '', r.charge ? CHARGE_ZH[r.charge] : ''].filter(Boolean).map((x, i) => (i === 0 ? `；${x}` : `，${x}`)).join(''),
    caseOpened: (c: FollowupCase) => `整改 ${c.id}：${short(c.fixDeadline)} 前整改，再回访（F7：--rule F7 --item ${c.id}）`,
    complaint: (due: string) => `已转投诉（F8）：${short(due)} 前给住户明确答复（F1）`,
    caseClosed: (c: FollowupCase) => `整改 ${c.id} 已结：住户满意`,
    repairs: (name: string, s: RepairCallbackSummary) => [
      `${name} (${s.site}) ${s.month.id} 维修回访月报（F2，报主任）`,
      `维修 ${s.repairs}；已回访 ${s.calledBack}（${s.rate}）：按时 ${s.onTime}，迟 ${s.late}`,
      `满意 ${s.satisfied}，不满意 ${s.dissatisfied}；未联系上 ${s.unreachableOnly}，未回访 ${s.notCalledBack}；尚未完工 ${s.notCompleted}；上门（不算电话回访）${s.visits}`,
    ],
    followups: (name: string, s: FollowupQualitySummary, ratings: (r: Record<Rating, number>) => string, charges: (r: Record<Charge, number>) => string) => [
      `${name} (${s.site}) ${s.month.id} 回访质量（F3、F4、F6，4.6）`,
      `F3 有偿服务回访到 ${s.F3.reached}：质量 ${ratings(s.F3.quality)}；态度 ${ratings(s.F3.attitude)}`,
      `F4 200 元以上回访到 ${s.F4.reached}：质量 ${ratings(s.F4.quality)}；态度 ${ratings(s.F4.attitude)}；收费 ${charges(s.F4.charge)}`,
      `F6 主任抽查 ${s.F6.records}${s.F6.by.length ? `（${s.F6.by.join('、')}）` : ''}`,
    ],
    owed: '尚欠回访',
    consultations: (name: string, s: ConsultationSummary) => [
      `${name} (${s.site}) ${s.quarter.id} 咨询季度汇总（R7，报客服中心主任）`,
      `咨询 ${s.total}：已答复 ${s.answered}，未答复 ${s.open}（逾期 ${s.overdue}）`,
    ],
    byMonth: '按月',
    byChannel: '按渠道',
    answered: '已答复',
    open: '未答复',
    late: '逾期',
    intact: (site: string, n: number, last: number, b: number) => `${site}：完整，${n} 个事件，序号 1-${last}，${b} 个批次`,
    broken: (site: string, seq: number | undefined, day: string | undefined, problem: string) => `${site}：损坏，序号 ${seq ?? '?'}${day ? `（${day}）` : ''}：${problem}`,
    noSites: (d: string) => `${d} 尚无任何管理处的数据`,
    dayState: (day: string, closed: boolean) => (closed ? `（${day} 已结束：服务中心已收到全天记录）` : `（${day} 尚未结束：当天之后的记录可能还会同步过来）`),
  },
  en: {
    rules: {
      F1: 'F1 complaints: a clear answer within 3 days',
      F2: 'F2 repairs: phone back the day after completion',
      F3: "F3 paid jobs: at least 60% of last week's, each week (quality, attitude)",
      F4: 'F4 jobs of 200.00 yuan or more: the desk supervisor (quality, attitude, charge)',
      F5: "F5 repair notices: at least 30% of last week's, every Monday (maintenance supervisor)",
      F6: "F6 repair records: 20% of last quarter's (director)",
      F7: 'F7 fixes: follow up again until the resident is satisfied',
    } as Record<string, string>,
    head: (name: string, site: string, day: string, n: number, late: number) => `${name} (${site}) follow-ups for ${day}: ${n} to do, ${late} overdue`,
    sample: (id: string, from: string, to: string, size: number, pop: number, pct: number, seed: string) => `  sample ${id} (${from}..${to}): ${size} of ${pop} (${pct}%, rounded up), seed "${seed}"`,
    provisional: ' — provisional: the desk does not yet hold the whole period',
    nothing: '  nothing left to do',
    due: 'due',
    overdue: 'OVERDUE',
    yuan: 'yuan',
    tries: (n: number) => ` (${n} unanswered tr${n === 1 ? 'y' : 'ies'})`,
    hint: (site: string) => `Record a result: control-room desk followup record --config desk.json --site ${site} --rule R --item ITEM --result satisfied|dissatisfied|unreachable --by BADGE (--method 电话|上门; F3, F4: --quality and --attitude 满意|基本满意|不满意; F4: --charge 收费无误|收费有误)`,
    result: { satisfied: 'satisfied', dissatisfied: 'dissatisfied', unreachable: 'unreachable' } as Record<string, string>,
    method: { phone: 'phone', visit: 'visit' } as Record<string, string>,
    recorded: (r: FollowupRecord, by: string) => {
      const rated = [r.quality ? `quality ${RATING_ZH[r.quality]}` : '', r.attitude ? `attitude ${RATING_ZH[r.attitude]}` : '', r.charge ? `charge ${CHARGE_ZH[r.charge]}` : ''].filter(Boolean);
      return `recorded ${r.id}: ${r.rule} ${r.item} ${r.result} (${r.method}, by ${by}${r.role ? ` as ${r.role}` : ''}, ${short(r.at)})${rated.length ? `; ${rated.join(', ')}` : ''}`;
    },
    caseOpened: (c: FollowupCase) => `case ${c.id}: fix by ${short(c.fixDeadline)}, then follow up again (F7: --rule F7 --item ${c.id})`,
    complaint: (due: string) => `entered the complaint procedure (F8): a clear answer due by ${short(due)} (F1)`,
    caseClosed: (c: FollowupCase) => `case ${c.id} closed: the resident is satisfied`,
    repairs: (name: string, s: RepairCallbackSummary) => [
      `${name} (${s.site}) repair callbacks, ${s.month.id} (F2, for the director)`,
      `repairs ${s.repairs}; called back ${s.calledBack} (${s.rate}): on time ${s.onTime}, late ${s.late}`,
      `satisfied ${s.satisfied}, dissatisfied ${s.dissatisfied}; never reached ${s.unreachableOnly}, not yet called ${s.notCalledBack}; not completed yet ${s.notCompleted}; visits (not callbacks) ${s.visits}`,
    ],
    followups: (name: string, s: FollowupQualitySummary, ratings: (r: Record<Rating, number>) => string, charges: (r: Record<Charge, number>) => string) => [
      `${name} (${s.site}) follow-ups, ${s.month.id} (F3, F4, F6: the service's quality, 4.6)`,
      `F3 paid jobs reached ${s.F3.reached}: quality (质量) ${ratings(s.F3.quality)}; attitude (态度) ${ratings(s.F3.attitude)}`,
      `F4 jobs of 200 yuan or more reached ${s.F4.reached}: quality (质量) ${ratings(s.F4.quality)}; attitude (态度) ${ratings(s.F4.attitude)}; charge (收费) ${charges(s.F4.charge)}`,
      `F6 the director's samples ${s.F6.records}${s.F6.by.length ? ` (by ${s.F6.by.join(', ')})` : ''}`,
    ],
    owed: 'still owed',
    consultations: (name: string, s: ConsultationSummary) => [
      `${name} (${s.site}) consultations, ${s.quarter.id} (R7, for the service-desk director)`,
      `total ${s.total}: answered ${s.answered}, open ${s.open} (${s.overdue} overdue)`,
    ],
    byMonth: 'by month',
    byChannel: 'by channel',
    answered: 'answered',
    open: 'open',
    late: 'OVERDUE',
    intact: (site: string, n: number, last: number, b: number) => `${site}: intact, ${n} event${n === 1 ? '' : 's'}, seq 1-${last}, ${b} batch${b === 1 ? '' : 'es'}`,
    broken: (site: string, seq: number | undefined, day: string | undefined, problem: string) => `${site}: BROKEN at seq ${seq}${day ? ` (${day})` : ''}: ${problem}`,
    noSites: (d: string) => `${d} holds no sites yet`,
    dayState: (day: string, closed: boolean) => (closed ? `(${day} is closed: the desk holds the whole day)` : `(${day} is not closed yet at the desk: later events of the day may still come)`),
  },
};

export function deskWords(lang: Lang) {
  return WORDS[lang];
}

function itemLine(i: WorkItem, lang: Lang): string {
  const w = WORDS[lang];
  const who = i.entry ? [i.entry.address ?? '', i.entry.resident ?? '', i.entry.phone ?? ''].filter(Boolean).join(' ') : '';
  const what = i.order ? `${i.order.orderNo} ${i.order.total} ${w.yuan}` : (i.entry?.content ?? '');
  const tries = i.attempts.length ? w.tries(i.attempts.length) : '';
  return `  ${i.item.padEnd(16)} ${w.due} ${short(i.due)}${i.overdue ? ` ${w.overdue}` : ''}  ${[who, what].filter(Boolean).join('  ')}${i.rule === 'F7' || i.case ? `  [${i.case ? i.case.id : i.what}]` : ''}${tries}`;
}

/** `desk followups` as text: grouped by rule, each sample with its seed so it can be drawn again. */
export function renderWorkList(name: string, list: WorkList, lang: Lang): string {
  const w = WORDS[lang];
  const lines = [w.head(name, list.site, list.day, list.items.length, list.items.filter((i) => i.overdue).length)];
  for (const rule of Object.keys(w.rules)) {
    const items = list.items.filter((i) => i.rule === rule);
    const samples = list.samples.filter((s) => s.rule === rule);
    if (items.length === 0 && samples.length === 0) continue;
    lines.push('', w.rules[rule]!);
    for (const s of samples) lines.push(w.sample(s.period.id, s.period.from, s.period.to, s.size, s.population, s.percent, s.seed) + (s.complete ? '' : w.provisional));
    for (const i of items) lines.push(itemLine(i, lang));
    if (items.length === 0) lines.push(w.nothing);
  }
  lines.push('', w.hint(list.site));
  return lines.join('\n');
}

export function renderRecorded(record: FollowupRecord, c: FollowupCase | undefined, by: string, lang: Lang): string {
  const w = WORDS[lang];
  const lines = [w.recorded(record, by)];
  if (c && !c.closedAt && record.result === 'dissatisfied') {
    lines.push(w.caseOpened(c));
    if (c.complaintDue) lines.push(w.complaint(c.complaintDue));
  }
  if (c?.closedAt) lines.push(w.caseClosed(c));
  return lines.join('\n');
}

export function renderRepairSummary(name: string, s: RepairCallbackSummary, lang: Lang): string {
  const w = WORDS[lang];
  return [...w.repairs(name, s), ...s.byDay.map((d) => `  ${d.day}  ${d.calledBack}/${d.repairs}`), ...(s.owed.length ? [`${w.owed}: ${s.owed.join(', ')}`] : [])].join('\n');
}

export function renderConsultationSummary(name: string, s: ConsultationSummary, lang: Lang): string {
  const w = WORDS[lang];
  const counts = (r: Record<string, number>, label: (k: string) => string) => Object.entries(r).map(([k, v]) => `${label(k)} ${v}`).join(', ') || '-';
  return [
    ...w.consultations(name, s),
    `${w.byMonth}: ${counts(s.byMonth, (k) => k)}`,
    `${w.byChannel}: ${counts(s.byChannel, (k) => channelLabel(lang, k as Channel))}`,
    ...s.items.map((i) => `  ${i.id}  ${i.status === 'closed' ? w.answered : i.overdue ? w.late : w.open}  ${i.content ?? ''}${i.result ? ` -> ${i.result}` : ''}`),
  ].join('\n');
}

/** `desk summary followups`: F3/F4's 质量, 态度 and 收费 counted, F6's samples by whom. */
export function renderFollowupSummary(name: string, s: FollowupQualitySummary, lang: Lang): string {
  const ratings = (r: Record<Rating, number>) => (Object.keys(r) as Rating[]).map((k) => `${RATING_ZH[k]} ${r[k]}`).join(lang === 'zh' ? '，' : ', ');
  const charges = (r: Record<Charge, number>) => (Object.keys(r) as Charge[]).map((k) => `${CHARGE_ZH[k]} ${r[k]}`).join(lang === 'zh' ? '，' : ', ');
  return WORDS[lang].followups(name, s, ratings, charges).join('\n');
}
