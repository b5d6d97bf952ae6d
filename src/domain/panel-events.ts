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

/**
 * What a panel message means for the register (R1, R4, R5, H9). Every event keeps the frame it
 * came from (`frame`, `panelSeq`), so a restart can recognise the panel's resends of it.
 * `station` of a CANCEL is not in the frame; the caller passes the ringing call's.
 */
export function panelEvent(m: Exclude<PanelMessage, { type: 'HB' | 'ACK' }>, directory: Directory, ringingStation?: string): NewEvent {
  const origin = { frame: m.body, panelSeq: m.seq };
  const event = (kind: string, data: Record<string, unknown>, pii?: Pii): NewEvent => ({
    kind,
    actor: 'panel',
    data: { ...data, ...origin },
    ...(pii ? { pii } : {}),
  });
  switch (m.type) {
    case 'BOOT':
      return event('device.panel-boot', { firmware: m.firmware });
    case 'CALL': {
      const p = place(m.station, directory);
      return event('call.received', { callId: m.callId, ...p.data }, p.pii);
    }
    case 'TALK':
      return event('call.answered', { callId: m.callId });
    case 'CANCEL': {
      // A call nobody answered: a callback is owed (R5), never a silent loss.
      const p = ringingStation ? place(ringingStation, directory) : { data: {} };
      return event('call.missed', { callId: m.callId, ...p.data });
    }
    case 'END':
      return event('call.ended', { callId: m.callId, durationSeconds: m.durationSeconds });
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
