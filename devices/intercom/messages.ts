/**
 * The panel's messages (shared/protocol/intercom-panel.md) as typed values, and the host's
 * commands. This layer knows what a frame means; it knows nothing of bytes or of residents.
 */

export const ALARM_KINDS = ['SOS', 'FIRE', 'GAS', 'TAMPER', 'DOOR_FORCED'] as const;
export const DOOR_STATES = ['OPEN', 'CLOSED', 'HELD'] as const;
export const FAULT_CODES = ['OFFLINE', 'ONLINE', 'LINE_SHORT', 'POWER'] as const;

export type AlarmKind = (typeof ALARM_KINDS)[number];
export type DoorState = (typeof DOOR_STATES)[number];
export type FaultCode = (typeof FAULT_CODES)[number];

interface Base {
  /** The sender's sequence number, 0-9999. */
  seq: number;
  /** The frame's body as received, kept for the record and for recognising retransmissions. */
  body: string;
}

export type PanelMessage =
  | (Base & { type: 'BOOT'; firmware: string })
  | (Base & { type: 'HB'; uptimeSeconds: number })
  | (Base & { type: 'CALL'; callId: string; station: string })
  | (Base & { type: 'TALK'; callId: string })
  | (Base & { type: 'CANCEL'; callId: string })
  /** durationSeconds as sent; NaN when the field is not a number (the register flags it). */
  | (Base & { type: 'END'; callId: string; durationSeconds: number })
  | (Base & { type: 'ALARM'; station: string; kind: AlarmKind })
  | (Base & { type: 'DOOR'; station: string; state: DoorState })
  | (Base & { type: 'FAULT'; station: string; code: FaultCode })
  | (Base & { type: 'ACK' });

export type PanelMessageType = PanelMessage['type'];

/** Why a well-framed body was still not a message. */
export type ParseFailure = 'unknown-type' | 'bad-field';

const SEQ = /^\d{1,4}$/;
export const CALL_ID = /^[A-Za-z0-9]{1,8}$/;
/**
 * A station as the host may name it to the panel (UNLOCK). What the panel sends is taken as it
 * comes (see FIELD): a call from a station named otherwise is still a resident calling.
 */
export const STATION = /^([A-Za-z0-9-]{1,16})$/;

const SEQ_RE = '(\\d{1,4})';
/**
 * A call id, a station or a duration from the panel: any text up to the next comma. The protocol
 * names their forms (1-8 alphanumerics, `B03-U1-1202`, seconds), but a well-framed message with a
 * valid checksum is the panel's, and is recorded as sent; the register flags what it does not
 * know (an unknown station or call, an implausible duration) instead of dropping the message,
 * which the panel would give up on after its resends.
 */
const FIELD = '([^,]+)';
const UINT_RE = '(\\d{1,9})';
const oneOfRe = (list: readonly string[]) => `(${list.join('|')})`;
const whole = (type: string, ...fields: string[]) => new RegExp(`^${type},${fields.join(',')}$`);

/**
 * One pattern per message type, matched against the whole body: one pass per frame, with the
 * fields captured. (This runs for every frame on the line; see the framing benchmark.)
 */
const SHAPES: Record<string, RegExp> = {
  BOOT: whole('BOOT', SEQ_RE, '([^,]+)'),
  HB: whole('HB', SEQ_RE, UINT_RE),
  CALL: whole('CALL', SEQ_RE, FIELD, FIELD),
  TALK: whole('TALK', SEQ_RE, FIELD),
  CANCEL: whole('CANCEL', SEQ_RE, FIELD),
  END: whole('END', SEQ_RE, FIELD, FIELD),
  ALARM: whole('ALARM', SEQ_RE, FIELD, oneOfRe(ALARM_KINDS)),
  DOOR: whole('DOOR', SEQ_RE, FIELD, oneOfRe(DOOR_STATES)),
  FAULT: whole('FAULT', SEQ_RE, FIELD, oneOfRe(FAULT_CODES)),
  ACK: whole('ACK', SEQ_RE),
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A field as text. Bodies are read byte for byte (latin1); a panel set up with Chinese station
 * names sends them as UTF-8, shown as such; other bytes outside ASCII are kept as \xNN.
 */
export function fieldText(raw: string): string {
  if (!/[^\x00-\x7f]/.test(raw)) return raw;
  const bytes = Buffer.from(raw, 'latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    return raw.replace(/[^\x00-\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  }
}

/** Reads a checksummed body (`CALL,41,C7F2,B03-U1-1202`) into a message, or says why not. */
export function parseBody(body: string): PanelMessage | ParseFailure {
  const comma = body.indexOf(',');
  const type = comma === -1 ? body : body.slice(0, comma);
  const shape = SHAPES[type];
  if (!shape) return 'unknown-type';
  const m = shape.exec(body);
  if (!m) return 'bad-field';
  const seq = Number(m[1]);
  const a = m[2]!;
  const b = m[3]!;
  switch (type) {
    case 'BOOT':
      return { type, seq, body, firmware: a };
    case 'HB':
      return { type, seq, body, uptimeSeconds: Number(a) };
    case 'CALL':
      return { type, seq, body, callId: fieldText(a), station: fieldText(b) };
    case 'TALK':
    case 'CANCEL':
      return { type, seq, body, callId: fieldText(a) };
    case 'END':
      return { type, seq, body, callId: fieldText(a), durationSeconds: /^\d{1,15}$/.test(b) ? Number(b) : Number.NaN };
    case 'ALARM':
      return { type, seq, body, station: fieldText(a), kind: b as AlarmKind };
    case 'DOOR':
      return { type, seq, body, station: fieldText(a), state: b as DoorState };
    case 'FAULT':
      return { type, seq, body, station: fieldText(a), code: b as FaultCode };
    default:
      return { type: 'ACK', seq, body };
  }
}

export function needsAck(m: PanelMessage): boolean {
  return m.type !== 'HB' && m.type !== 'ACK';
}

/** Host -> panel commands. */
export type HostCommand = { type: 'ANSWER'; callId: string } | { type: 'UNLOCK'; station: string } | { type: 'PING' };

/**
 * The panel did not acknowledge a command after its last resend: the link's fault, not the
 * software's; the console says so in its language (the log has this sentence).
 */
export class PanelNoAck extends Error {
  constructor(
    readonly command: HostCommand['type'],
    readonly tries: number,
    message: string,
  ) {
    super(message);
    this.name = 'PanelNoAck';
  }
}

/** What the host sends, as the panel (or the panel simulator) reads it. */
export type HostMessage = { seq: number; body: string } & (HostCommand | { type: 'ACK' });

export function parseHostBody(body: string): HostMessage | ParseFailure {
  const [type, seqText, ...f] = body.split(',');
  const known = type === 'ACK' || type === 'ANSWER' || type === 'UNLOCK' || type === 'PING';
  if (!known) return 'unknown-type';
  if (seqText === undefined || !SEQ.test(seqText)) return 'bad-field';
  const base = { seq: Number(seqText), body };
  if ((type === 'ACK' || type === 'PING') && f.length === 0) return { ...base, type };
  if (type === 'ANSWER' && f.length === 1 && CALL_ID.test(f[0]!)) return { ...base, type, callId: f[0]! };
  if (type === 'UNLOCK' && f.length === 1 && STATION.test(f[0]!)) return { ...base, type, station: f[0]! };
  return 'bad-field';
}

export function commandBody(seq: number, c: HostCommand): string {
  switch (c.type) {
    case 'ANSWER':
      return `ANSWER,${seq},${c.callId}`;
    case 'UNLOCK':
      return `UNLOCK,${seq},${c.station}`;
    case 'PING':
      return `PING,${seq}`;
  }
}

export function ackBody(seq: number): string {
  return `ACK,${seq}`;
}

/** Sequence numbers run 0-9999 and wrap to 0. */
export function nextSeq(seq: number): number {
  return (seq + 1) % 10_000;
}
