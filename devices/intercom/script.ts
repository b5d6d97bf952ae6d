/**
 * The panel simulator's script language: one command per line, `#` comments and blank lines
 * ignored, keywords in any case. Parsing checks everything a line can get wrong before anything is
 * sent, so a bad script is refused whole rather than half played.
 */
import { MAX_FRAME } from './framer.js';
import { ALARM_KINDS, CALL_ID, DOOR_STATES, FAULT_CODES, STATION, type AlarmKind, type DoorState, type FaultCode } from './messages.js';

/** What a line asks the panel to do. */
export type Action =
  | { kind: 'call'; station: string; callId?: string }
  | { kind: 'cancel' | 'talk'; callId?: string }
  | { kind: 'end'; seconds: number; callId?: string }
  | { kind: 'alarm'; station: string; alarm: AlarmKind }
  | { kind: 'door'; station: string; state: DoorState }
  | { kind: 'fault'; station: string; code: FaultCode }
  | { kind: 'wait' | 'settle'; seconds: number }
  | { kind: 'garbage' | 'long'; bytes: number }
  | { kind: 'eol'; eol: '\r\n' | '\n' }
  | { kind: 'badsum' | 'dup' | 'boot' };

/** An action with where it came from, for error messages. */
export type ScriptCommand = { line: number; text: string } & Action;

export class ScriptError extends Error {
  constructor(line: number, text: string, problem: string) {
    super(`script line ${line}: "${text}": ${problem}`);
  }
}

/** A problem with one argument; ScriptError adds the line. */
class Invalid extends Error {}

const USAGE = {
  call: 'call STATION [CALLID]',
  cancel: 'cancel [CALLID]',
  talk: 'talk [CALLID]',
  end: 'end SECONDS [CALLID]',
  alarm: 'alarm STATION KIND',
  door: 'door STATION STATE',
  fault: 'fault STATION CODE',
  wait: 'wait SECONDS',
  garbage: 'garbage N',
  badsum: 'badsum',
  long: 'long N',
  eol: 'eol lf|crlf',
  dup: 'dup',
  boot: 'boot',
  settle: 'settle [SECONDS]',
} as const;

type Keyword = keyof typeof USAGE;

export const SCRIPT_HELP = `commands (one per line, # starts a comment):
  ${USAGE.call.padEnd(22)} a station rings; the call id is made up when not given
  ${USAGE.cancel.padEnd(22)} the caller hangs up unanswered (default: the current call)
  ${USAGE.talk.padEnd(22)} the call is picked up at the panel
  ${USAGE.end.padEnd(22)} an answered call ends after SECONDS
  ${USAGE.alarm.padEnd(22)} KIND: ${ALARM_KINDS.join(', ')}
  ${USAGE.door.padEnd(22)} STATE: ${DOOR_STATES.join(', ')}
  ${USAGE.fault.padEnd(22)} CODE: ${FAULT_CODES.join(', ')}
  ${USAGE.wait.padEnd(22)} pause (fractions allowed)
  ${USAGE.garbage.padEnd(22)} N bytes of line noise (never a $)
  ${USAGE.badsum.padEnd(22)} a CALL frame with a wrong checksum (a host must drop it)
  ${USAGE.long.padEnd(22)} an over-long line of N bytes
  ${USAGE.eol.padEnd(22)} line end of the frames that follow
  ${USAGE.dup.padEnd(22)} send the last message again at once
  ${USAGE.boot.padEnd(22)} reboot: numbering restarts, unacknowledged messages are lost
  ${USAGE.settle.padEnd(22)} wait until every message is acknowledged or given up (default 30 s)`;

function station(v: string): string {
  if (!STATION.test(v)) throw new Invalid('station must be up to 16 letters, digits or "-", like B03-U1-1202 (indoor), G01 (gate) or L01 (lift)');
  return v;
}

function callId(v: string | undefined): { callId?: string } {
  if (v === undefined) return {};
  if (!CALL_ID.test(v)) throw new Invalid('call id must be 1-8 letters or digits');
  return { callId: v };
}

function oneOf<T extends string>(what: string, list: readonly T[], v: string): T {
  if (!(list as readonly string[]).includes(v)) throw new Invalid(`${what} must be one of ${list.join(', ')}`);
  return v as T;
}

function seconds(v: string, whole: boolean): number {
  if (!(whole ? /^\d{1,9}$/ : /^\d{1,6}(\.\d+)?$/).test(v)) {
    throw new Invalid(whole ? 'SECONDS must be a whole number of seconds' : 'SECONDS must be a number such as 2 or 0.5');
  }
  return Number(v);
}

function count(v: string, min: number, why: string): number {
  const n = /^\d{1,6}$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= 100_000)) throw new Invalid(`N must be a whole number from ${min} to 100000${why}`);
  return n;
}

function parseArgs(keyword: Keyword, a: string[]): Action {
  switch (keyword) {
    case 'call':
      return { kind: keyword, station: station(a[0]!), ...callId(a[1]) };
    case 'cancel':
    case 'talk':
      return { kind: keyword, ...callId(a[0]) };
    case 'end':
      return { kind: keyword, seconds: seconds(a[0]!, true), ...callId(a[1]) };
    case 'alarm':
      return { kind: keyword, station: station(a[0]!), alarm: oneOf('kind', ALARM_KINDS, a[1]!) };
    case 'door':
      return { kind: keyword, station: station(a[0]!), state: oneOf('state', DOOR_STATES, a[1]!) };
    case 'fault':
      return { kind: keyword, station: station(a[0]!), code: oneOf('code', FAULT_CODES, a[1]!) };
    case 'wait':
      return { kind: keyword, seconds: seconds(a[0]!, false) };
    case 'settle':
      return { kind: keyword, seconds: a[0] === undefined ? 30 : seconds(a[0], false) };
    case 'garbage':
      return { kind: keyword, bytes: count(a[0]!, 1, '') };
    case 'long':
      return { kind: keyword, bytes: count(a[0]!, MAX_FRAME, ` (a whole frame is at most ${MAX_FRAME} bytes)`) };
    case 'eol': {
      const eol = oneOf('the line end', ['lf', 'crlf'], a[0]!.toLowerCase());
      return { kind: keyword, eol: eol === 'lf' ? '\n' : '\r\n' };
    }
    case 'badsum':
    case 'dup':
    case 'boot':
      return { kind: keyword };
  }
}

/** How many arguments each usage line allows: the words after the keyword, `[...]` optional. */
function arity(keyword: Keyword): [min: number, max: number] {
  const words = USAGE[keyword].split(' ').slice(1);
  return [words.filter((w) => !w.startsWith('[')).length, words.length];
}

/** One line; undefined for a blank line or a comment. */
export function parseLine(raw: string, line: number): ScriptCommand | undefined {
  const text = raw.replace(/#.*/, '').trim();
  if (text === '') return undefined;
  const [word, ...args] = text.split(/\s+/);
  const keyword = word!.toLowerCase();
  if (!Object.hasOwn(USAGE, keyword)) {
    throw new ScriptError(line, text, `unknown command "${word}"; expected one of ${Object.keys(USAGE).join(', ')}`);
  }
  const k = keyword as Keyword;
  const [min, max] = arity(k);
  if (args.length < min || args.length > max) throw new ScriptError(line, text, `expected "${USAGE[k]}"`);
  try {
    return { line, text, ...parseArgs(k, args) };
  } catch (err) {
    if (err instanceof Invalid) throw new ScriptError(line, text, err.message);
    throw err;
  }
}

/** A whole script, checked before any of it runs; line numbers count from 1. */
export function parseScript(lines: string[]): ScriptCommand[] {
  const commands: ScriptCommand[] = [];
  let haveCall = false;
  lines.forEach((raw, i) => {
    const c = parseLine(raw, i + 1);
    if (!c) return;
    if (c.kind === 'call') haveCall = true;
    if ((c.kind === 'cancel' || c.kind === 'talk' || c.kind === 'end') && c.callId === undefined && !haveCall) {
      throw new ScriptError(c.line, c.text, `no call yet; put a "call STATION" line before it or name the call ("${USAGE[c.kind]}")`);
    }
    commands.push(c);
  });
  return commands;
}
