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
export const STATION = /^(B\d{1,3}-U\d{1,2}-\d{1,5}|G\d{2}|L\d{2})$/;
const UINT = /^\d{1,9}$/;

function oneOf<T extends string>(list: readonly T[], v: string | undefined): v is T {
  return v !== undefined && (list as readonly string[]).includes(v);
}

/** Reads a checksummed body (`CALL,41,C7F2,B03-U1-1202`) into a message, or says why not. */
export function parseBody(body: string): PanelMessage | ParseFailure {
  // Plain indexing and object literals: this runs for every frame on the line (see the bench).
  const f = body.split(',');
  const type = f[0]!;
  const seqText = f[1];
  if (seqText === undefined || !SEQ.test(seqText)) return KNOWN.has(type) ? 'bad-field' : 'unknown-type';
  const seq = Number(seqText);
  const n = f.length - 2;
  const a = f[2]!;
  const b = f[3]!;
  switch (type) {
    case 'BOOT':
      return n === 1 && a.length > 0 ? { type, seq, body, firmware: a } : 'bad-field';
    case 'HB':
      return n === 1 && UINT.test(a) ? { type, seq, body, uptimeSeconds: Number(a) } : 'bad-field';
    case 'CALL':
      return n === 2 && CALL_ID.test(a) && STATION.test(b) ? { type, seq, body, callId: a, station: b } : 'bad-field';
    case 'TALK':
    case 'CANCEL':
      return n === 1 && CALL_ID.test(a) ? { type, seq, body, callId: a } : 'bad-field';
    case 'END':
      return n === 2 && CALL_ID.test(a) && UINT.test(b) ? { type, seq, body, callId: a, durationSeconds: Number(b) } : 'bad-field';
    case 'ALARM':
      return n === 2 && STATION.test(a) && oneOf(ALARM_KINDS, b) ? { type, seq, body, station: a, kind: b } : 'bad-field';
    case 'DOOR':
      return n === 2 && STATION.test(a) && oneOf(DOOR_STATES, b) ? { type, seq, body, station: a, state: b } : 'bad-field';
    case 'FAULT':
      return n === 2 && STATION.test(a) && oneOf(FAULT_CODES, b) ? { type, seq, body, station: a, code: b } : 'bad-field';
    case 'ACK':
      return n === 0 ? { type, seq, body } : 'bad-field';
    default:
      return 'unknown-type';
  }
}

const KNOWN = new Set(['BOOT', 'HB', 'CALL', 'TALK', 'CANCEL', 'END', 'ALARM', 'DOOR', 'FAULT', 'ACK']);

/** Messages the panel keeps resending until acknowledged (all but heartbeats and ACKs). */
export function needsAck(m: PanelMessage): boolean {
  return m.type !== 'HB' && m.type !== 'ACK';
}

/** Host -> panel commands. */
export type HostCommand = { type: 'ANSWER'; callId: string } | { type: 'UNLOCK'; station: string } | { type: 'PING' };

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
