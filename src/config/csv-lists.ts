import { parse } from 'csv-parse/sync';
import { DEPARTMENTS, ROLES, type Department, type FeeItem, type Person, type Role, type Unit } from './types.js';

/** A row of a CSV list with the line it started on, for error messages. */
interface Row {
  line: number;
  values: Record<string, string>;
}

/** Reads a CSV list and checks its header; problems go into `problems` as "file line N: ...". */
function readRows(name: string, text: string, header: readonly string[], problems: string[]): Row[] {
  let records: { record: Record<string, string>; info: { lines: number }; raw: string }[];
  try {
    records = parse(text, { columns: true, info: true, raw: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    problems.push(`${name}${line ? ` line ${line}` : ''}: is not readable CSV (${(err as Error).message}); check the quotes and commas there`);
    return [];
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const found = firstLine.split(',').map((h) => h.trim());
  if (found.join(',') !== header.join(',')) {
    problems.push(`${name} line 1: header is "${found.join(',')}", expected "${header.join(',')}"`);
    return [];
  }
  // csv-parse counts the line a record ends on; a quoted field with line breaks starts it earlier.
  return records.map((r) => ({ line: r.info.lines - (r.raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0), values: r.record }));
}

function duplicates<T>(name: string, rows: { line: number; key: T }[], what: string, problems: string[]): void {
  const seen = new Map<T, number>();
  for (const { line, key } of rows) {
    const first = seen.get(key);
    if (first !== undefined) problems.push(`${name} line ${line}: ${what} "${String(key)}" is already on line ${first}`);
    else seen.set(key, line);
  }
}

export const BADGE_CODE = /^[A-Z0-9-]{4,20}$/;

const ROSTER_HEADER = ['badge', 'name', 'role', 'active', 'department'];

/** W4: a roster from before departments; what to add, said once instead of a bare header mismatch. */
function lacksDepartment(name: string, text: string, problems: string[]): boolean {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0]!.split(',').map((h) => h.trim());
  if (header.join(',') !== ROSTER_HEADER.slice(0, -1).join(',')) return false;
  problems.push(
    `${name} line 1: the roster has no department column (W4 checks each escalation against the department); ` +
      `add ",department" to the header and to every line one of ${DEPARTMENTS.join(', ')}, e.g. "EMP-000101,王建国,operator,1,control-room"`,
  );
  return true;
}

export function parseRoster(name: string, text: string, problems: string[]): Person[] {
  const people: Person[] = [];
  if (lacksDepartment(name, text, problems)) return people;
  const rows = readRows(name, text, ROSTER_HEADER, problems);
  for (const { line, values: v } of rows) {
    const at = `${name} line ${line}`;
    const before = problems.length;
    if (!BADGE_CODE.test(v.badge ?? '')) {
      problems.push(`${at}: badge "${v.badge}" is not a badge code (4-20 of A-Z, 0-9, "-", e.g. EMP-004217)`);
    }
    if (!v.name) problems.push(`${at}: name is empty; expected the person's name`);
    if (!ROLES.includes(v.role as Role)) problems.push(`${at}: role "${v.role}" is not one of ${ROLES.join(', ')}`);
    if (v.active !== '1' && v.active !== '0') problems.push(`${at}: active "${v.active}" is not 1 or 0`);
    if (!DEPARTMENTS.includes(v.department as Department)) problems.push(`${at}: department "${v.department}" is not one of ${DEPARTMENTS.join(', ')}`);
    if (problems.length === before) {
      people.push({ badge: v.badge!, name: v.name!, role: v.role as Role, active: v.active === '1', department: v.department as Department });
    }
  }
  duplicates(name, rows.map((r) => ({ line: r.line, key: r.values.badge })), 'badge', problems);
  return people;
}

const STATION = /^(B\d{1,3}-U\d{1,2}-\d{1,5}|G\d{2}|L\d{2})$/;
const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

export function parseUnits(name: string, text: string, problems: string[]): Unit[] {
  const units: Unit[] = [];
  const rows = readRows(name, text, ['station', 'address', 'resident', 'phone'], problems);
  for (const { line, values: v } of rows) {
    const at = `${name} line ${line}`;
    const before = problems.length;
    if (!STATION.test(v.station ?? '')) {
      problems.push(`${at}: station "${v.station}" is not a panel station (B<building>-U<unit>-<room> like B03-U1-1202, G01 or L01)`);
    }
    if (!v.address) problems.push(`${at}: address is empty; expected where the station is (e.g. 嘉园3栋1单元1202室)`);
    if (v.phone && !PHONE.test(v.phone)) problems.push(`${at}: phone "${v.phone}" is not a phone number (digits, e.g. 13800000000)`);
    if (problems.length === before) {
      units.push({ station: v.station!, address: v.address!, resident: v.resident ?? '', phone: v.phone ?? '' });
    }
  }
  duplicates(name, rows.map((r) => ({ line: r.line, key: r.values.station })), 'station', problems);
  return units;
}

/** "12.50" yuan -> 1250 fen, exactly; undefined when it is not a price. */
export function yuanToFen(text: string): number | undefined {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function parseFees(name: string, text: string, problems: string[]): FeeItem[] {
  const fees: FeeItem[] = [];
  const header = ['code', 'name', 'kind', 'unit', 'price', 'standardMinutes'];
  const rows = readRows(name, text, header, problems);
  for (const { line, values: v } of rows) {
    const at = `${name} line ${line}`;
    const before = problems.length;
    if (!v.code) problems.push(`${at}: code is empty; expected the item's code (e.g. M001)`);
    if (!v.name) problems.push(`${at}: name is empty; expected the item's name`);
    if (v.kind !== 'material' && v.kind !== 'labour') problems.push(`${at}: kind "${v.kind}" is not material or labour`);
    const priceFen = yuanToFen(v.price ?? '');
    if (priceFen === undefined) problems.push(`${at}: price "${v.price}" is not an amount in yuan with at most 2 decimals (e.g. 12.50)`);
    let standardMinutes: number | undefined;
    if (v.kind === 'labour') {
      standardMinutes = Number(v.standardMinutes);
      if (!/^\d+$/.test(v.standardMinutes ?? '') || standardMinutes <= 0) {
        problems.push(`${at}: standardMinutes "${v.standardMinutes}" is not a whole number of minutes; labour items need their work standard (W3)`);
      }
    } else if (v.kind === 'material' && v.standardMinutes) {
      problems.push(`${at}: standardMinutes "${v.standardMinutes}" is set on a material; leave it empty (only labour has a work standard)`);
    }
    if (problems.length === before) {
      fees.push({
        code: v.code!,
        name: v.name!,
        kind: v.kind as FeeItem['kind'],
        unit: v.unit ?? '',
        priceFen: priceFen!,
        ...(standardMinutes !== undefined ? { standardMinutes } : {}),
      });
    }
  }
  duplicates(name, rows.map((r) => ({ line: r.line, key: r.values.code })), 'code', problems);
  return fees;
}
