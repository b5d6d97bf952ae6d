import { EventEmitter } from 'node:events';
import type { LinkState } from '../link.js';
import { emptyDiscardCounts } from './framer.js';
import type { HostCommand, PanelMessage } from './messages.js';
import { parseBody } from './messages.js';
import type { PanelDevice, PanelDeviceEvents, PanelStats } from './panel.js';
import { systemClock } from '../../src/time/clock.js';

/**
 * An in-memory panel for tests and the demo: `deliver` hands a message to the recorder as the link
 * would (and says whether it was acknowledged); commands are remembered and confirmed at once.
 */
export class FakePanel extends EventEmitter<PanelDeviceEvents> implements PanelDevice {
  readonly commands: HostCommand[] = [];
  readonly acked: number[] = [];
  private state: LinkState = { device: 'panel', up: false, since: systemClock.now(), reason: 'fake panel not started' };
  private seq = 0;

  constructor(private readonly record: (m: PanelMessage) => Promise<void>) {
    super();
  }

  start(): void {
    this.setLink(true, 'fake panel');
  }

  async stop(): Promise<void> {
    this.setLink(false, 'stopped');
  }

  async send(command: HostCommand): Promise<void> {
    this.commands.push(command);
  }

  stats(): PanelStats {
    return { link: { ...this.state }, port: 'fake', framesReceived: this.acked.length, duplicates: 0, discarded: emptyDiscardCounts(), commandsPending: 0 };
  }

  /** Delivers a body like `CALL,C7F2,B03-U1-1202` (the seq is added) and records it. */
  async deliver(typeAndFields: string): Promise<PanelMessage> {
    const [type, ...fields] = typeAndFields.split(',');
    const message = parseBody([type, this.seq, ...fields].join(','));
    if (typeof message === 'string') throw new Error(`fake panel: "${typeAndFields}" is not a panel message (${message})`);
    this.seq = (this.seq + 1) % 10_000;
    await this.record(message);
    this.acked.push(message.seq);
    return message;
  }

  setLink(up: boolean, reason: string): void {
    this.state = { device: 'panel', up, since: systemClock.now(), reason };
    this.emit('link', { ...this.state });
  }
}
