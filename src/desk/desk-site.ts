import { consultationSummary, followupQualitySummary, repairCallbackSummary, type ConsultationSummary, type FollowupQualitySummary, type RepairCallbackSummary } from '../domain/desk-summaries.js';
import { checkFollowupFields } from '../domain/followup-fields.js';
import {
  casesOf,
  completedOrders,
  DEFAULT_FIX_DAYS,
  F4_THRESHOLD_FEN,
  FOLLOWUP_RESULTS,
  FOLLOWUP_RULES,
  followupWorkList,
  settlesF2,
  type FollowupCase,
  type FollowupRecord,
  type FollowupResult,
  type FollowupRule,
  type WorkList,
} from '../domain/followups.js';
import type { Period } from '../domain/periods.js';
import { EntryBook, type RegisterEntry } from '../projections/entries.js';
import type { JournalEvent } from '../register/event.js';
import { localIso } from '../time/zone.js';
import type { SiteProfile } from '../sync/batch.js';
import { followupId, type DeskStore } from './store.js';

/** A site as the desk holds it: its profile and every event it was sent. */
export interface DeskSite {
  site: string;
  profile: SiteProfile;
  events: JournalEvent[];
}

/**
 * What the pages can say in their own language about a refused follow-up; the message stays the
 * command line's. Only the refusals a page's form can meet have one.
 */
export type DeskInputSaid = { code: 'already-recorded'; rule: string; item: string; id: string; at: string } | { code: 'case-closed'; item: string; at: string };

export class DeskInputError extends Error {
  constructor(
    message: string,
    readonly said?: DeskInputSaid,
  ) {
    super(message);
  }
}

export async function loadSite(store: DeskStore, site: string): Promise<DeskSite> {
  const profile = await store.profile(site);
  if (!profile) {
    const known = await store.sites();
    throw new DeskInputError(`the desk holds nothing for site ${site} in ${store.description}${known.length ? `; it holds ${known.join(', ')}` : '; nothing was imported yet'}`);
  }
  return { site, profile, events: await store.eventsBetween(site, '0000-00-00') };
}

/**
 * A day's register as the control room shows it: the control room's own projection (EntryBook)
 * over the same events, with the site's deadline hours, so `desk register --json` equals
 * `register --json`. `closed` says whether the desk holds the day whole (its `day.closed`).
 */
export async function deskRegister(store: DeskStore, site: string, day: string, now: number): Promise<{ profile: SiteProfile; entries: RegisterEntry[]; closed: boolean }> {
  const profile = await store.profile(site);
  if (!profile) await loadSite(store, site);
  const events = await store.eventsBetween(site, day);
  const entries = new EntryBook(profile!.timezone, profile!.deadlineHours).applyAll(events).ofDay(day, now);
  const closed = events.some((e) => e.kind === 'day.closed' && (e.data as { day?: string }).day === day);
  return { profile: profile!, entries, closed };
}

function entriesOf(s: DeskSite, now: number): RegisterEntry[] {
  return new EntryBook(s.profile.timezone, s.profile.deadlineHours).applyAll(s.events).all(now);
}

function closedThrough(events: readonly JournalEvent[]): string | undefined {
  let last: string | undefined;
  for (const e of events) if (e.kind === 'day.closed') last = (e.data as { day: string }).day;
  return last;
}

export async function deskWorkList(store: DeskStore, site: string, day: string, now: number): Promise<WorkList> {
  const s = await loadSite(store, site);
  return followupWorkList({
    site,
    timezone: s.profile.timezone,
    entries: entriesOf(s, now),
    orders: completedOrders(s.events),
    records: await store.followups(site),
    closedThrough: closedThrough(s.events),
    day,
    now,
  });
}

export interface FollowupInput {
  rule: string;
  item: string;
  result: string;
  /** phone or visit, or the document's 电话 / 上门. */
  method?: string;
  by: string;
  /** The capacity (desk, desk supervisor, maintenance supervisor, director, or their Chinese titles); the rule's by default. */
  role?: string;
  /** F3, F4: 质量 and 态度 (satisfied/fair/dissatisfied or 满意/基本满意/不满意); F4: 收费 (correct/incorrect or 收费无误/收费有误). */
  quality?: string;
  attitude?: string;
  charge?: string;
  note?: string;
  /** F7: days the fix may take (default 3), or an explicit deadline. */
  fixDays?: number;
  fixBy?: number;
  /** When it happened (ms); now when not given. */
  at?: number;
}

/** A result's Chinese words are taken as the pages and the printed list say them. */
const RESULT_WORDS: Record<string, string> = { 满意: 'satisfied', 不满意: 'dissatisfied', 未联系上: 'unreachable', 未接通: 'unreachable' };

/**
 * Records a follow-up's result. The item must be one the rule covers. A dissatisfied result opens
 * a case (F7: a fix with its deadline, then another follow-up) and, unless it began as a
 * complaint, enters the complaint procedure (F8 -> F1, answered within 3 days).
 */
export async function recordFollowup(store: DeskStore, site: string, input: FollowupInput, now: number): Promise<{ record: FollowupRecord; case?: FollowupCase }> {
  const s = await loadSite(store, site);
  const tz = s.profile.timezone;
  const rule = input.rule.toUpperCase() as FollowupRule;
  if (!FOLLOWUP_RULES.includes(rule)) throw new DeskInputError(`--rule "${input.rule}" is not one of ${FOLLOWUP_RULES.join(', ')}`);
  const result = (RESULT_WORDS[input.result] ?? input.result) as FollowupResult;
  if (!FOLLOWUP_RESULTS.includes(result)) throw new DeskInputError(`--result "${input.result}" is not one of ${FOLLOWUP_RESULTS.join(', ')}`);
  if (!input.by.trim()) throw new DeskInputError('--by needs who followed up (badge or name)');
  checkItem(s, rule, input.item, now);
  const checked = checkFollowupFields(rule, result !== 'unreachable', input);
  if ('problems' in checked) throw new DeskInputError(checked.problems.join('; '));
  const at = input.at ?? now;
  const fixDeadline = result === 'dissatisfied' ? (input.fixBy ?? at + (input.fixDays ?? DEFAULT_FIX_DAYS) * 86_400_000) : undefined;
  if (fixDeadline !== undefined && fixDeadline <= at) throw new DeskInputError('the fix deadline must be after the follow-up');
  const record = await store.addFollowup(site, (existing) => {
    // F2: a visit is recorded but settles nothing; the callback is by phone.
    const settled = existing.find((r) => r.rule === rule && r.item === input.item && r.result !== 'unreachable' && settlesF2(r));
    if (settled && rule !== 'F7') {
      throw new DeskInputError(`${rule} ${input.item} was already followed up (${settled.id}, ${settled.result}, ${settled.at}); a problem found then is worked as case ${settled.result === 'dissatisfied' ? settled.id : '-'} (F7)`, { code: 'already-recorded', rule, item: input.item, id: settled.id, at: settled.at });
    }
    if (rule === 'F7') {
      const c = casesOf(existing, tz).get(input.item);
      if (!c) throw new DeskInputError(`there is no case ${input.item} at ${site}; a case is opened by a dissatisfied follow-up (its record id)`);
      if (c.closedAt) throw new DeskInputError(`case ${input.item} was closed at ${c.closedAt} (the resident was satisfied)`, { code: 'case-closed', item: input.item, at: c.closedAt });
    }
    return {
      id: followupId(site, existing.length + 1),
      site,
      rule,
      item: input.item,
      result,
      ...checked.fields,
      by: input.by.trim(),
      note: (input.note ?? '').trim(),
      at: localIso(at, tz),
      ...(fixDeadline !== undefined ? { fixDeadline: localIso(fixDeadline, tz) } : {}),
    };
  });
  const c = casesOf(await store.followups(site), tz).get(rule === 'F7' ? input.item : record.id);
  return { record, ...(c ? { case: c } : {}) };
}

function checkItem(s: DeskSite, rule: FollowupRule, item: string, now: number): void {
  if (rule === 'F7') return; // checked against the records, inside the store's lock
  if (rule === 'F3' || rule === 'F4') {
    const order = completedOrders(s.events).find((o) => o.orderNo === item);
    if (!order) throw new DeskInputError(`${s.site} has no completed paid-service order ${item} at the desk (${rule} follows up completed orders)`);
    if (rule === 'F4' && order.totalFen < F4_THRESHOLD_FEN) throw new DeskInputError(`order ${item} came to ${(order.totalFen / 100).toFixed(2)} yuan; F4 is for jobs of 200.00 yuan or more (use F3)`);
    return;
  }
  const entry = entriesOf(s, now).find((e) => e.id === item);
  const wanted = rule === 'F1' ? 'complaint' : 'repair';
  if (!entry) throw new DeskInputError(`${s.site} has no register entry ${item} at the desk; check the id (YYYYMMDD-NNN) with \`desk register\``);
  if (entry.category !== wanted) throw new DeskInputError(`entry ${item} is a ${entry.category}; ${rule} follows up ${wanted}s`);
}

export async function deskRepairSummary(store: DeskStore, site: string, month: Period, now: number): Promise<RepairCallbackSummary> {
  const s = await loadSite(store, site);
  return repairCallbackSummary(site, month, entriesOf(s, now), completedOrders(s.events), await store.followups(site), s.profile.timezone);
}

/** F3, F4, F6: the month's follow-ups with their 质量, 态度 and 收费, and the director's samples. */
export async function deskFollowupSummary(store: DeskStore, site: string, month: Period): Promise<FollowupQualitySummary> {
  await loadSite(store, site);
  return followupQualitySummary(site, month, await store.followups(site));
}

export async function deskConsultationSummary(store: DeskStore, site: string, quarter: Period, now: number): Promise<ConsultationSummary> {
  return consultationSummary(site, quarter, entriesOf(await loadSite(store, site), now));
}
