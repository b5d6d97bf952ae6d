import { EventEmitter } from 'node:events';
import type { RegisterEntry } from '../projections/entries.js';
import type { JournalEvent } from '../register/event.js';

/**
 * What the engine tells the layers above it (the console, the daemon's log). Each is emitted only
 * after the facts behind it are durable in the journal.
 */
export interface EngineEvents {
  /** Events that were just made durable, in journal order. */
  recorded: [events: JournalEvent[]];
  /** An entry was created, amended or closed; its current state. */
  'entry-changed': [entry: RegisterEntry];
  /** A finished day was closed (R8). */
  'day-closed': [day: string];
  /** Something went wrong in the background (a scheduled task); the engine keeps running. */
  problem: [error: Error];
}

export class EngineBus extends EventEmitter<EngineEvents> {}
