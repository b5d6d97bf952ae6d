/** The follow-up lists F1-F7 (F8's complaints are listed under F1). */
export type FollowupRule = 'F1' | 'F2' | 'F3' | 'F4' | 'F5' | 'F6' | 'F7';
export const FOLLOWUP_RULES: readonly FollowupRule[] = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7'];

/**
 * What a follow-up record (《回访单》/《回访记录》) notes beyond its result, as the document asks:
 * 4.6.1 the service's quality and the worker's attitude (质量, 态度) for paid jobs (F3); 4.6.2 for
 * jobs of 200 yuan or more, also the charge (收费, F4); how it was done, by phone or visit
 * (电话/上门, 4.6.1); and in whose capacity, the director's for the quarterly sample (F6, 回访管理
 * 三). Values are kept as English codes; the Chinese words are accepted as input and shown.
 */
export const RATINGS = ['satisfied', 'fair', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];
/** 满意 and 不满意 are the document's words (回访规程 四, 4.6.3); 基本满意 the usual middle. */
export const RATING_ZH: Record<Rating, string> = { satisfied: '满意', fair: '基本满意', dissatisfied: '不满意' };

/** F4: whether the charge was right: as agreed and by the fee schedule. */
export const CHARGES = ['correct', 'incorrect'] as const;
export type Charge = (typeof CHARGES)[number];
export const CHARGE_ZH: Record<Charge, string> = { correct: '收费无误', incorrect: '收费有误' };

export const METHODS = ['phone', 'visit'] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_ZH: Record<Method, string> = { phone: '电话', visit: '上门' };

/** Who follows up, in what capacity: the desk's clerk, the desk supervisor, the maintenance supervisor, the director. */
export const FOLLOWUP_ROLES = ['desk', 'desk supervisor', 'maintenance supervisor', 'director'] as const;
export type FollowupRole = (typeof FOLLOWUP_ROLES)[number];
export const ROLE_ZH: Record<FollowupRole, string[]> = {
  desk: ['事务管理员', '客户服务中心事务管理员'],
  'desk supervisor': ['主管', '客户服务中心主管'],
  'maintenance supervisor': ['维修主管', '设备管理维修主管'],
  director: ['主任', '客户服务中心主任'],
};

/** Who each rule's follow-up is for (the default capacity). */
export const ROLE_OF: Record<FollowupRule, FollowupRole> = {
  F1: 'desk',
  F2: 'desk',
  F3: 'desk',
  F4: 'desk supervisor',
  F5: 'maintenance supervisor',
  F6: 'director',
  F7: 'desk',
};

/** The capacities a rule's follow-up may be recorded in; a rule not listed takes any. */
const ALLOWED_ROLES: Partial<Record<FollowupRule, readonly FollowupRole[]>> = {
  // 4.6.2: the desk supervisor (客户服务中心主管); the director stands above.
  F4: ['desk supervisor', 'director'],
  F5: ['maintenance supervisor', 'director'],
  F6: ['director'],
};

/** Whether a follow-up of this rule may be recorded in this capacity (F4 the desk supervisor, F6 the director…). */
export function mayRecord(rule: FollowupRule, role: FollowupRole): boolean {
  const allowed = ALLOWED_ROLES[rule];
  return !allowed || allowed.includes(role);
}

/** A value given as its code or its Chinese word(s), or undefined when it is neither. */
function pick<T extends string>(text: string, codes: readonly T[], zh: (c: T) => string[]): T | undefined {
  const t = text.trim();
  return codes.find((c) => c === t.toLowerCase() || zh(c).includes(t));
}

export const parseRating = (text: string) => pick(text, RATINGS, (c) => [RATING_ZH[c]]);
export const parseCharge = (text: string) => pick(text, CHARGES, (c) => [CHARGE_ZH[c]]);
export const parseMethod = (text: string) => pick(text, METHODS, (c) => [METHOD_ZH[c]]);
export const parseRole = (text: string) => pick(text, FOLLOWUP_ROLES, (c) => ROLE_ZH[c]);

export interface RecordFields {
  method: Method;
  role: FollowupRole;
  quality?: Rating;
  attitude?: Rating;
  charge?: Charge;
}

export interface FieldsInput {
  method?: string | undefined;
  role?: string | undefined;
  quality?: string | undefined;
  attitude?: string | undefined;
  charge?: string | undefined;
}

const list = <T extends string>(codes: readonly T[], zh: Record<T, string>) => codes.map((c) => `${c} (${zh[c]})`).join(', ');

/**
 * Checks the fields of a follow-up for its rule and result: each value one of its allowed ones;
 * F3 asks 质量 and 态度, F4 also 收费, whenever the resident was reached; F4, F5 and F6 are
 * recorded in the capacity the rule names. Returns the fields, or the problems (each says what to give).
 */
export function checkFollowupFields(rule: FollowupRule, reached: boolean, given: FieldsInput): { fields: RecordFields } | { problems: string[] } {
  // An empty value is not given: the pages' selects send "" when nothing is chosen (an
  // unreachable resident's F3 leaves 质量 and 态度 blank), as `--quality ""` would.
  const blank = (text: string | undefined) => (text === undefined || text.trim() === '' ? undefined : text);
  const input: FieldsInput = { method: blank(given.method), role: blank(given.role), quality: blank(given.quality), attitude: blank(given.attitude), charge: blank(given.charge) };
  const problems: string[] = [];
  const method = input.method === undefined ? 'phone' : parseMethod(input.method);
  if (!method) problems.push(`--method "${input.method}" is not one of ${list(METHODS, METHOD_ZH)}`);
  const role = input.role === undefined ? ROLE_OF[rule] : parseRole(input.role);
  if (!role) problems.push(`--role "${input.role}" is not one of ${FOLLOWUP_ROLES.map((r) => `${r} (${ROLE_ZH[r][0]})`).join(', ')}`);
  const allowed = ALLOWED_ROLES[rule];
  if (role && allowed && !allowed.includes(role)) {
    problems.push(rule === 'F6' ? `F6 is followed up by the director (回访管理 三); --role "${input.role}" cannot record it` : `${rule} is followed up by the ${allowed.join(' or ')}; --role "${input.role}" cannot record it`);
  }
  const rating = (flag: string, text: string | undefined) => {
    if (text === undefined) return undefined;
    const r = parseRating(text);
    if (!r) problems.push(`--${flag} "${text}" is not one of ${list(RATINGS, RATING_ZH)}`);
    return r;
  };
  const quality = rating('quality', input.quality);
  const attitude = rating('attitude', input.attitude);
  const charge = input.charge === undefined ? undefined : parseCharge(input.charge);
  if (input.charge !== undefined && !charge) problems.push(`--charge "${input.charge}" is not one of ${list(CHARGES, CHARGE_ZH)}`);
  if (reached && (rule === 'F3' || rule === 'F4')) {
    const missing = [input.quality === undefined ? 'quality' : '', input.attitude === undefined ? 'attitude' : '', rule === 'F4' && input.charge === undefined ? 'charge' : ''].filter(Boolean);
    const asked = rule === 'F4' ? '质量 (--quality), 态度 (--attitude) and 收费 (--charge)' : '质量 (--quality) and 态度 (--attitude)';
    if (missing.length > 0) problems.push(`${rule} records ${asked} when the resident is reached; missing: ${missing.join(', ')}`);
  }
  if (problems.length > 0 || !method || !role) return { problems };
  return { fields: { method, role, ...(quality ? { quality } : {}), ...(attitude ? { attitude } : {}), ...(charge ? { charge } : {}) } };
}
