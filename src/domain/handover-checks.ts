import type { Person, Role } from '../config/types.js';

/** H6: what the incoming operator finds for each configured item. */
export const ITEM_STATES = ['present', 'damaged', 'missing'] as const;
export type ItemState = (typeof ITEM_STATES)[number];

export interface ChecklistItem {
  item: string;
  /** null until the incoming operator has checked it. */
  state: ItemState | null;
  /** H6: the outgoing operator's explanation of damage or loss. */
  explanation: string | null;
}

/** An unfinished major repair (H4 d): an open order, or an entry marked major that has no order yet. */
export interface MajorRepair {
  /** Null for a repair entry marked major before any order was made for it. */
  orderNo: string | null;
  entryId: string;
  address: string;
  since: string;
}

/** Where the handover learns of unfinished major repairs; the engine provides it. */
export type OpenMajorRepairs = () => MajorRepair[];

/** What H4 d needs to know of a register entry. */
export interface EntryForMajor {
  id: string;
  category: string;
  status: 'open' | 'closed';
  address: string | null;
  receivedAt: string;
}

/**
 * H4 d (重大维修未完不接): a repair is major if it was marked so anywhere (the order when made or
 * later, or its entry for the director, H9) until it is completed. The orders marked major come
 * as they are; a repair entry marked major counts by itself while it is open and has no order
 * (a cancelled one aside): once an order is made, the order's completion finishes it.
 */
export function unfinishedMajorRepairs(
  majorOrders: readonly MajorRepair[],
  entries: readonly EntryForMajor[],
  isMajorEntry: (id: string) => boolean,
  hasOrder: (id: string) => boolean,
): MajorRepair[] {
  const waiting = entries
    .filter((e) => e.status === 'open' && e.category === 'repair' && isMajorEntry(e.id) && !hasOrder(e.id))
    .map((e) => ({ orderNo: null, entryId: e.id, address: e.address ?? '', since: e.receivedAt }));
  return [...majorOrders, ...waiting];
}

/** A register entry still missing required fields (R6). */
export interface UnclearEntry {
  id: string;
  receivedAt: string;
  unclear: string[];
}

/** Why the incoming operator does not accept the shift: H4's four refusals, and H8. */
export type Refusal =
  | { code: 'unclear-entries'; rule: 'H4a'; text: string; entries: UnclearEntry[] }
  | { code: 'room-not-clean'; rule: 'H4b'; text: string; confirmed: false | null }
  | { code: 'items'; rule: 'H4c'; text: string; items: ItemProblem[] }
  | { code: 'major-repairs'; rule: 'H4d'; text: string; orders: MajorRepair[] }
  | { code: 'holiday-supervisor'; rule: 'H8'; text: string; holidays: string[] };

/** H4 c / H6: an item that holds the handover, and whether the outgoing operator explained it. */
export interface ItemProblem {
  item: string;
  state: ItemState | 'unchecked';
  explained: boolean;
}

export type RefusalCode = Refusal['code'];

/** What the refusals are computed from; all of it taken from the register and the handover session. */
export interface HandoverFacts {
  unclear: UnclearEntry[];
  roomClean: boolean | null;
  checklist: ChecklistItem[];
  majorRepairs: MajorRepair[];
  /** H8: holidays the incoming shift touches. */
  holidays: string[];
  /** H8: the incoming operator, or a second person signed on, is a supervisor or above. */
  supervisorOnDuty: boolean;
}

const SUPERVISOR_ROLES: readonly Role[] = ['supervisor', 'manager', 'director'];

/** H4 override and H8: a mid-level manager (supervisor) or above. */
export function isSupervisorOrAbove(person: Pick<Person, 'role'>): boolean {
  return SUPERVISOR_ROLES.includes(person.role);
}

/**
 * H4 c / H6: why an item holds the handover, or null. Not yet checked: the incoming operator has
 * not done the check. Damaged: until the outgoing operator explains it (damage explained may be
 * accepted). Missing: 公物缺失不接, explained or not, until it is found (checked present again)
 * or a supervisor overrides.
 */
function itemProblem(i: ChecklistItem): ItemProblem | null {
  const explained = !!i.explanation?.trim();
  if (i.state === null) return { item: i.item, state: 'unchecked', explained };
  if (i.state === 'missing' || (i.state === 'damaged' && !explained)) return { item: i.item, state: i.state, explained };
  return null;
}

function itemText(p: ItemProblem): string {
  if (p.state === 'unchecked') return `${p.item} not checked`;
  if (!p.explained) return `${p.item} ${p.state} with no explanation`;
  return `${p.item} missing (a missing item is not accepted until it is found, or a supervisor overrides with a reason)`;
}

/** H4: the four refusals, each with its reasons, and H8 on holidays. */
export function refusalsOf(f: HandoverFacts): Refusal[] {
  const out: Refusal[] = [];
  if (f.unclear.length > 0) {
    out.push({
      code: 'unclear-entries',
      rule: 'H4a',
      text: `the register has ${f.unclear.length} unclear ${f.unclear.length === 1 ? 'entry' : 'entries'} this shift: ${f.unclear.map((e) => `${e.id} (missing ${e.unclear.join(', ')})`).join('; ')}`,
      entries: f.unclear,
    });
  }
  if (f.roomClean !== true) {
    out.push({
      code: 'room-not-clean',
      rule: 'H4b',
      text: f.roomClean === false ? 'the room is not clean' : 'the room has not been confirmed clean',
      confirmed: f.roomClean === false ? false : null,
    });
  }
  const items = f.checklist.map(itemProblem).filter((p): p is ItemProblem => p !== null);
  if (items.length > 0) out.push({ code: 'items', rule: 'H4c', text: `items: ${items.map(itemText).join('; ')}`, items });
  if (f.majorRepairs.length > 0) {
    out.push({
      code: 'major-repairs',
      rule: 'H4d',
      text: `major repairs unfinished: ${f.majorRepairs.map((o) => `${o.orderNo ? `order ${o.orderNo}` : `entry ${o.entryId}`} at ${o.address} since ${o.since}`).join('; ')}`,
      orders: f.majorRepairs,
    });
  }
  if (f.holidays.length > 0 && !f.supervisorOnDuty) {
    out.push({
      code: 'holiday-supervisor',
      rule: 'H8',
      text: `the shift falls on a holiday (${f.holidays.join(', ')}): a supervisor or above must be on duty, as the incoming operator or signed on beside them`,
      holidays: f.holidays,
    });
  }
  return out;
}

/** H4: a supervisor may override the four refusals with a reason; H8's staffing cannot be waived. */
export function overridable(r: Refusal): boolean {
  return r.rule !== 'H8';
}
