import type { ConsultationSummary, FollowupQualitySummary, RepairCallbackSummary } from '../domain/desk-summaries.js';
import { CHARGE_ZH, RATING_ZH, type Charge, type Rating } from '../domain/followup-fields.js';
import type { FollowupCase, FollowupRecord, WorkItem, WorkList } from '../domain/followups.js';

const RULE_TITLES: Record<string, string> = {
  F1: 'F1 complaints: a clear answer within 3 days',
  F2: 'F2 repairs: phone back the day after completion',
  F3: 'F3 paid jobs: at least 60% of last week\'s, each week',
  F4: 'F4 jobs of 200.00 yuan or more: the desk supervisor',
  F5: 'F5 repair notices: at least 30% of last week\'s, every Monday (maintenance supervisor)',
  F6: 'F6 repair records: 20% of last quarter\'s (director)',
  F7: 'F7 fixes: follow up again until the resident is satisfied',
};

const short = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function itemLine(i: WorkItem): string {
  const who = i.entry ? [i.entry.address ?? '', i.entry.resident ?? '', i.entry.phone ?? ''].filter(Boolean).join(' ') : '';
  const what = i.order ? `${i.order.orderNo} ${i.order.total} yuan` : (i.entry?.content ?? '');
  const tries = i.attempts.length ? ` (${i.attempts.length} unanswered tr${i.attempts.length === 1 ? 'y' : 'ies'})` : '';
  return `  ${i.item.padEnd(16)} due ${short(i.due)}${i.overdue ? ' OVERDUE' : ''}  ${[who, what].filter(Boolean).join('  ')}${i.rule === 'F7' || i.case ? `  [${i.what}]` : ''}${tries}`;
}

/** `desk followups` as text: grouped by rule, each sample with its seed so it can be drawn again. */
export function renderWorkList(name: string, list: WorkList): string {
  const overdue = list.items.filter((i) => i.overdue).length;
  const lines = [`${name} (${list.site}) follow-ups for ${list.day}: ${list.items.length} to do, ${overdue} overdue`];
  for (const rule of Object.keys(RULE_TITLES)) {
    const items = list.items.filter((i) => i.rule === rule);
    const samples = list.samples.filter((s) => s.rule === rule);
    if (items.length === 0 && samples.length === 0) continue;
    lines.push('', RULE_TITLES[rule]!);
    for (const s of samples) {
      lines.push(
        `  sample ${s.period.id} (${s.period.from}..${s.period.to}): ${s.size} of ${s.population} (${s.percent}%, rounded up), seed "${s.seed}"` +
          `${s.complete ? '' : ' — provisional: the desk does not yet hold the whole period'}`,
      );
    }
    for (const i of items) lines.push(itemLine(i));
    if (items.length === 0) lines.push('  nothing left to do');
  }
  lines.push(
    '',
    'Record a result: control-room desk followup record --rule R --item ITEM --result satisfied|dissatisfied|unreachable --by WHO (--method 电话|上门; F3, F4: --quality and --attitude 满意|基本满意|不满意; F4: --charge 收费无误|收费有误)',
  );
  return lines.join('\n');
}

export function renderRecorded(record: FollowupRecord, c: FollowupCase | undefined): string {
  const rated = [
    record.quality ? `quality ${RATING_ZH[record.quality]}` : '',
    record.attitude ? `attitude ${RATING_ZH[record.attitude]}` : '',
    record.charge ? `charge ${CHARGE_ZH[record.charge]}` : '',
  ].filter(Boolean);
  const lines = [`recorded ${record.id}: ${record.rule} ${record.item} ${record.result} (${record.method}, by ${record.by}${record.role ? ` as ${record.role}` : ''}, ${record.at})${rated.length ? `; ${rated.join(', ')}` : ''}`];
  if (c && !c.closedAt && record.result === 'dissatisfied') {
    lines.push(`case ${c.id}: fix by ${c.fixDeadline}, then follow up again (F7: --rule F7 --item ${c.id})`);
    if (c.complaintDue) lines.push(`entered the complaint procedure (F8): a clear answer due by ${c.complaintDue} (F1)`);
  }
  if (c?.closedAt) lines.push(`case ${c.id} closed: the resident is satisfied`);
  return lines.join('\n');
}

export function renderRepairSummary(name: string, s: RepairCallbackSummary): string {
  return [
    `${name} (${s.site}) repair callbacks, ${s.month.id} (F2, for the director)`,
    `repairs ${s.repairs}; called back ${s.calledBack} (${s.rate}): on time ${s.onTime}, late ${s.late}`,
    `satisfied ${s.satisfied}, dissatisfied ${s.dissatisfied}; never reached ${s.unreachableOnly}, not yet called ${s.notCalledBack}; not completed yet ${s.notCompleted}; visits (not callbacks) ${s.visits}`,
    ...s.byDay.map((d) => `  ${d.day}  ${d.calledBack}/${d.repairs}`),
    ...(s.owed.length ? [`still owed: ${s.owed.join(', ')}`] : []),
  ].join('\n');
}

export function renderFollowupSummary(name: string, s: FollowupQualitySummary): string {
  const ratings = (r: Record<Rating, number>) => (Object.keys(r) as Rating[]).map((k) => `${RATING_ZH[k]} ${r[k]}`).join(', ');
  const charges = (r: Record<Charge, number>) => (Object.keys(r) as Charge[]).map((k) => `${CHARGE_ZH[k]} ${r[k]}`).join(', ');
  return [
    `${name} (${s.site}) follow-ups, ${s.month.id} (F3, F4, F6: the service's quality, 4.6)`,
    `F3 paid jobs reached ${s.F3.reached}: quality (质量) ${ratings(s.F3.quality)}; attitude (态度) ${ratings(s.F3.attitude)}`,
    `F4 jobs of 200 yuan or more reached ${s.F4.reached}: quality (质量) ${ratings(s.F4.quality)}; attitude (态度) ${ratings(s.F4.attitude)}; charge (收费) ${charges(s.F4.charge)}`,
    `F6 the director's samples ${s.F6.records}${s.F6.by.length ? ` (by ${s.F6.by.join(', ')})` : ''}`,
  ].join('\n');
}

export function renderConsultationSummary(name: string, s: ConsultationSummary): string {
  const counts = (r: Record<string, number>) => Object.entries(r).map(([k, v]) => `${k} ${v}`).join(', ') || '-';
  return [
    `${name} (${s.site}) consultations, ${s.quarter.id} (R7, for the service-desk director)`,
    `total ${s.total}: answered ${s.answered}, open ${s.open} (${s.overdue} overdue)`,
    `by month: ${counts(s.byMonth)}`,
    `by channel: ${counts(s.byChannel)}`,
    ...s.items.map((i) => `  ${i.id}  ${i.status === 'closed' ? 'answered' : i.overdue ? 'OVERDUE' : 'open'}  ${i.content ?? ''}${i.result ? ` -> ${i.result}` : ''}`),
  ].join('\n');
}
