import type { EventEmitter } from 'node:events';
import type { LinkState } from '../link.js';
import type { DiscardCounts } from './framer.js';
import type { HostCommand } from './messages.js';

export interface PanelStats {
  link: LinkState;
  port: string;
  framesReceived: number;
  /** Retransmissions recognised and not recorded again. */
  duplicates: number;
  discarded: DiscardCounts;
  commandsPending: number;
}

/** What the panel tells the layers above, besides the messages it hands to `record`. */
export interface PanelDeviceEvents {
  link: [state: LinkState];
  /** The serial port was (re)opened; the link is up once frames arrive. */
  'port-open': [path: string];
  'command-failed': [command: HostCommand, error: Error];
  problem: [error: Error];
}

/** The intercom panel as the engine sees it: the serial link, or the fake beside it. */
export interface PanelDevice extends EventEmitter<PanelDeviceEvents> {
  start(): void;
  stop(): Promise<void>;
  send(command: HostCommand): Promise<void>;
  stats(): PanelStats;
}
