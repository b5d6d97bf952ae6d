import { EventEmitter } from 'node:events';
import type { LinkState } from '../../devices/link.js';
import type { Person } from '../config/types.js';
import type { AlarmView, CallView } from '../projections/calls.js';
import type { HandoverView } from './handover.js';
import type { OnDuty } from '../projections/duty.js';
import type { EscalationView } from '../projections/escalations.js';
import type { RegisterEntry } from '../projections/entries.js';
import type { OrderView } from '../projections/orders.js';
import type { JournalEvent } from '../register/event.js';
import type { SyncState } from '../sync/sync-state.js';
import type { ScanRefusal } from '../../devices/badge/scan-refusal.js';

/**
 * What the engine tells the layers above it (the console, the daemon's log). Each is emitted only
 * after the facts behind it are durable in the journal.
 */
export interface EngineEvents {
  /** Events that were just made durable, in journal order. */
  recorded: [events: JournalEvent[]];
  /** An entry was created, amended or closed; its current state. */
  'entry-changed': [entry: RegisterEntry];
  /** A paid-service order was created or took a step (W1-W9); its current state. */
  'order-changed': [order: OrderView];
  /** A call started ringing at the console. */
  'call-ringing': [call: CallView];
  /** Ringing calls, calls in progress, callbacks owed or open alarms changed: redraw the calls pane. */
  'calls-changed': [];
  /** An alarm takes over the screen until acknowledged (H9). */
  alarm: [alarm: AlarmView];
  /** A known, active badge was scanned: the console routes it to whatever is waiting for a signature. */
  badge: [person: Person, reader: string];
  /** A scan that signs nothing (unknown, inactive, not a badge); shown with its reason. */
  'badge-refused': [scanned: string, reason: ScanRefusal];
  /** A device's link went up or down. */
  link: [state: LinkState];
  /** A finished day was closed (R8). */
  'day-closed': [day: string];
  // ---- duty and handover (H1-H9) ----
  /** Who is on duty changed: signed on or off, stepped away, returned, supervisor on duty, a handover accepted. */
  'duty-changed': [onDuty: OnDuty | null];
  /** The handover under way changed (begun, checked, refused); null once accepted, cancelled or ended. */
  'handover-changed': [view: HandoverView | null];
  /** H9: an escalation to the service-desk director was recorded (an alarm, or an entry marked major); shown until acknowledged. */
  escalation: [escalation: EscalationView];
  /** An escalation was raised or acknowledged: redraw the list. */
  'escalations-changed': [];
  /** Sync to the service desk changed: started, succeeded, failed (retry planned), became overdue (R8). */
  'sync-state': [state: SyncState];
  /** Something went wrong in the background (a scheduled task); the engine keeps running. */
  problem: [error: Error];
}

/**
 * The engine's events. A listener that throws must not undo what is already on disk (the panel
 * would then resend and the call be recorded twice): its error is passed on as `problem` instead.
 */
export class EngineBus extends EventEmitter<EngineEvents> {
  override emit<K extends keyof EngineEvents>(event: K, ...args: EngineEvents[K]): boolean {
    try {
      return (super.emit as (e: K, ...a: EngineEvents[K]) => boolean)(event, ...args);
    } catch (err) {
      if (event !== 'problem') {
        try {
          (super.emit as (e: 'problem', err: Error) => boolean)('problem', err as Error);
        } catch {
          // a failing problem listener has nowhere left to report to
        }
      }
      return true;
    }
  }
}
