import { parse } from 'csv-parse/sync';
import { BADGE_CODE } from '../../config/csv-lists.js';
import { DESK_ROLES, type DeskPerson, type DeskRole } from './types.js';

const HEADER = ['badge', 'name', 'role', 'sites', 'active'];

/**
 * The desk roster (desk-roster.csv): badge,name,role,sites,active. `sites` is `JY01;JY02` or `*`.
 * Bytes that are not UTF-8 are refused (a GBK file would garble every name), naming the line.
 * Problems go into `problems` as "file line N: ...".
 */
export function parseDeskRoster(name: string, bytes: Buffer, knownSites: readonly string[], problems: string[]): DeskPerson[] {
  const text = utf8(name, bytes, problems);
  if (text === undefined) return [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, info: true, bom: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    problems.push(`${name}: is not readable CSV (${(err as Error).message})`);
    return [];
  }
  const found = (text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '').split(',').map((h) => h.trim());
  if (found.join(',') !== HEADER.join(',')) {
    problems.push(`${name} line 1: header is "${found.join(',')}", expected "${HEADER.join(',')}"`);
    return [];
  }
  const people: DeskPerson[] = [];
  const seen = new Map<string, number>();
  for (const { record: v, info } of records) {
    const at = `${name} line ${info.lines}`;
    const before = problems.length;
    if (!BADGE_CODE.test(v.badge ?? '')) problems.push(`${at}: badge "${v.badge}" is not a badge code (4-20 of A-Z, 0-9, "-", e.g. EMP-000501)`);
    if (!v.name) problems.push(`${at}: name is empty; expected the person's name`);
    if (!DESK_ROLES.includes(v.role as DeskRole)) problems.push(`${at}: role "${v.role}" is not one of ${DESK_ROLES.join(', ')}`);
    if (v.active !== '1' && v.active !== '0') problems.push(`${at}: active "${v.active}" is not 1 or 0`);
    const sites = v.sites === '*' ? '*' : (v.sites ?? '').split(';').map((s) => s.trim()).filter(Boolean);
    if (sites !== '*') {
      if (sites.length === 0) problems.push(`${at}: sites is empty; expected site ids separated by ";" (e.g. JY01;JY02) or * for all`);
      for (const s of sites) if (!knownSites.includes(s)) problems.push(`${at}: site "${s}" is not one of the desk's sites (${knownSites.join(', ')})`);
    }
    const first = seen.get(v.badge ?? '');
    if (first !== undefined) problems.push(`${at}: badge "${v.badge}" is already on line ${first}`);
    else seen.set(v.badge ?? '', info.lines);
    if (problems.length === before) people.push({ badge: v.badge!, name: v.name!, role: v.role as DeskRole, sites, active: v.active === '1' });
  }
  if (people.length > 0 && !people.some((p) => p.active && p.role === 'director')) problems.push(`${name}: no active director; someone must see every site and the audit log`);
  return people;
}

function utf8(name: string, bytes: Buffer, problems: string[]): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first line that does not decode, to say where.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          break;
        }
        line += 1;
        start = i + 1;
      }
    }
    problems.push(`${name} line ${line}: is not UTF-8 (saved as GBK?); convert it: iconv -f gbk -t utf-8 ${name} > ${name}.utf8 && mv ${name}.utf8 ${name}`);
    return undefined;
  }
}
