import type { Person } from '../../src/config/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { PrintOutcome } from '../../src/print/order-printer.js';
import type { OrderView } from '../../src/projections/orders.js';
import type { Lang } from '../text/labels.js';
import type { Key } from './keys.js';
import type { ConsoleWords } from './words.js';

export interface Size {
  width: number;
  height: number;
}

/**
 * One screen of the console: it draws itself from the engine's projections (never from state of
 * its own that a restart would lose, beyond what is being typed) and turns keys into commands.
 */
export interface View {
  /** Lines of blessed-tagged text for the main area, at most `size.height`, each `size.width` wide. */
  render(size: Size): string[];
  key(key: Key): void;
  /** The keys this view answers to, for the footer. */
  hints(): string;
  /** A view that waits for a signature (an acknowledgement, an amendment) takes the next badge. */
  badge?(person: Person): void;
  /** True while it holds typed text that is not saved (F10 will not quit over it). */
  unsaved?(): boolean;
}

/** What a view may use: the engine's commands and projections, and the console around it. */
export interface ConsoleContext {
  readonly engine: Engine;
  readonly lang: Lang;
  readonly w: ConsoleWords;
  /** The badge of the operator on duty, who signs what the console records (H1). */
  actor(): string | undefined;
  push(view: View): void;
  /** Closes `view` (and whatever was opened above it). */
  close(view: View): void;
  say(message: string, tone?: 'info' | 'error'): void;
  /** Takes an error message off the footer (a retry succeeded). */
  clearError(): void;
  /** Runs a command; its failure is shown, not thrown. Resolves to undefined when it failed. */
  run<T>(command: () => Promise<T>): Promise<T | undefined>;
  /** W8: an order's four copies to the configured printer (or a PDF beside the register); a failure is said in the console's words. */
  print(order: OrderView): Promise<PrintOutcome>;
  redraw(): void;
  now(): number;
}
