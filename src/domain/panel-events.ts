import type { Unit } from '../config/types.js';
import type { PanelMessage } from '../../devices/intercom/messages.js';
import type { NewEvent, Pii } from '../register/event.js';

/** The unit directory, by panel station. */
export type Directory = ReadonlyMap<string, Unit>;

export function directoryOf(units: readonly Unit[]): Directory {
  return new Map(units.map((u) => [u.station, u]));
}

function place(station: string, directory: Directory): { data: Record<string, unknown>; pii?: Pii } {
  const unit = directory.get(station);
  // A station missing from the directory is still recorded, flagged for someone to add it (R1).
  if (!unit) return { data: { station, unknownStation: true } };
  const pii: Pii = {};
  if (unit.resident) pii.resident = unit.resident;
  if (unit.phone) pii.phone = unit.phone;
  return { data: { station, address: unit.address }, ...(Object.keys(pii).length ? { pii } : {}) };
}

/** What the register already knows of a call when a TALK, CANCEL or END for it comes. */
export interface KnownCall {
  station: string | null;
}

/**
 * No intercom call lasts a day. (Not the time since its CALL: a clock corrected by NTP meanwhile
 * would make an honest duration look impossible.)
 */
export const MAX_CALL_SECONDS = 86_400;

function plausibleDuration(seconds: number): boolean {
  return Number.isSafeInteger(seconds) && seconds >= 0 && seconds <= MAX_CALL_SECONDS;
}

/**
 * What a panel message means for the register (R1, R4, R5, H9). Every event keeps the frame it
 * came from (`frame`, `panelSeq`), so a restart can recognise the panel's resends of it. A TALK,
 * CANCEL or END is matched to its call (`call`, found by the caller when the write runs): one for
 * a call the register has not seen is recorded flagged `unknownCall`, and an END's duration of a
 * day or more (or not a number) is kept as `reportedDuration`, flagged, not as its duration.
 */
export function panelEvent(m: Exclude<PanelMessage, { type: 'HB' | 'ACK' }>, directory: Directory, call: KnownCall | undefined): NewEvent {
  const origin = { frame: m.body, panelSeq: m.seq };
  const event = (kind: string, data: Record<string, unknown>, pii?: Pii): NewEvent => ({
    kind,
    actor: 'panel',
    data: { ...data, ...origin },
    ...(pii ? { pii } : {}),
  });
  const unknown = call ? {} : { unknownCall: true };
  switch (m.type) {
    case 'BOOT':
      return event('device.panel-boot', { firmware: m.firmware });
    case 'CALL': {
      const p = place(m.station, directory);
      return event('call.received', { callId: m.callId, ...p.data }, p.pii);
    }
    case 'TALK':
      return event('call.answered', { callId: m.callId, ...unknown });
    case 'CANCEL': {
      // A call nobody answered: a callback is owed (R5), never a silent loss. Without its CALL
      // there is no one to call back yet: the CALL's resend completes it (see CallBoard).
      const p = call?.station ? place(call.station, directory) : { data: {} };
      return event('call.missed', { callId: m.callId, ...p.data, ...unknown });
    }
    case 'END': {
      const duration = plausibleDuration(m.durationSeconds)
        ? { durationSeconds: m.durationSeconds }
        : { reportedDuration: m.body.slice(m.body.lastIndexOf(',') + 1), implausibleDuration: true };
      return event('call.ended', { callId: m.callId, ...duration, ...unknown });
    }
    case 'ALARM': {
      // H9: a major problem is reported to the service-desk director at once.
      const p = place(m.station, directory);
      return event('alarm.raised', { kind: m.kind, ...p.data, reportTo: 'director' });
    }
    case 'DOOR':
      return event('door.changed', { state: m.state, ...place(m.station, directory).data });
    case 'FAULT':
      return event('device.fault', { code: m.code, ...place(m.station, directory).data });
  }
}
