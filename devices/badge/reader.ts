import { EventEmitter } from 'node:events';
import type { LinkState } from '../link.js';
import { systemClock } from '../../src/time/clock.js';
import type { ScanRefusal } from './scan-refusal.js';

/** What a badge reader tells the engine. */
export interface BadgeReaderEvents {
  /** A complete scan, as read (not yet checked against the roster). */
  scan: [code: string, reader: string];
  /** Something was read that is not a scan (too long, cut short, a bad report): for the record. */
  rejected: [what: string, reason: ScanRefusal, reader: string];
  link: [state: LinkState];
}

/** A badge reader of any transport (USB HID, serial, the console's keyboard), or the fake beside it. */
export interface BadgeReader extends EventEmitter<BadgeReaderEvents> {
  /** A short name for status and the record: `serial:/dev/ttyACM0`, `hid:0c2e:0b61`. */
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
  link(): LinkState;
}

/** A reader for tests and the demo: `scan` plays a badge being scanned. */
export class FakeBadgeReader extends EventEmitter<BadgeReaderEvents> implements BadgeReader {
  private state: LinkState;

  constructor(readonly name = 'fake') {
    super();
    this.state = { device: name, up: false, since: systemClock.now(), reason: 'not started' };
  }

  start(): void {
    this.state = { device: this.name, up: true, since: systemClock.now(), reason: 'fake reader' };
    this.emit('link', this.link());
  }

  async stop(): Promise<void> {
    this.state = { device: this.name, up: false, since: systemClock.now(), reason: 'stopped' };
  }

  link(): LinkState {
    return { ...this.state };
  }

  scan(code: string): void {
    this.emit('scan', code, this.name);
  }
}
