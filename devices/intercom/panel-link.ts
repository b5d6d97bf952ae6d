import { EventEmitter } from 'node:events';
import { LinkTracker, type LinkState } from '../link.js';
import type { SerialBinding } from '../serial/open-port.js';
import { ReopeningPort } from '../serial/reopening-port.js';
import { encodeFrame } from './checksum.js';
import { RetransmissionFilter } from './dedupe.js';
import { emptyDiscardCounts, PanelFramer, type DiscardCounts } from './framer.js';
import { ackBody, commandBody, needsAck, nextSeq, PanelNoAck, type HostCommand, type PanelMessage } from './messages.js';
import type { PanelDevice, PanelDeviceEvents, PanelStats } from './panel.js';
import { systemClock, type Clock } from '../../src/time/clock.js';

export interface PanelLinkOptions {
  path: string;
  baudRate: number;
  binding?: SerialBinding;
  /**
   * Records a message durably. The panel gets its ACK only after this resolves; if it rejects,
   * no ACK goes out and the panel's resend is recorded instead, so nothing is lost.
   */
  record: (message: PanelMessage) => Promise<void>;
  /** Messages already recorded (seq, body and when, oldest first), so a restart does not log a resend twice. */
  alreadyRecorded?: { seq: number; body: string; at: number }[];
  /** The clock those `at` times were stamped by (the engine's). */
  clock?: Clock;
  /** No frame at all for this long: the link is down (three missed heartbeats). */
  silenceMs?: number;
  /** A command's ACK must come within this; then it is resent, up to `maxResends` times. */
  ackTimeoutMs?: number;
  maxResends?: number;
  reconnectFirstMs?: number;
  reconnectMaxMs?: number;
  /** How often to check the device node is still there (0: never, for mock bindings). */
  watchMs?: number;
  /**
   * Messages taken off the line whose `record` has not returned yet: the link's share of the
   * register's write queue. When it is full the link stops reading until half of it is durable
   * (default 256).
   */
  maxUnrecorded?: number;
}

interface Pending {
  command: HostCommand;
  frame: Buffer;
  sends: number;
  timer?: NodeJS.Timeout;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * The intercom panel over a serial line: frames in, ACKs and commands out, retransmissions
 * recognised, the link watched and rebuilt when the port goes away.
 */
export class PanelLink extends EventEmitter<PanelDeviceEvents> implements PanelDevice {
  private readonly port: ReopeningPort;
  private framer: PanelFramer | undefined;
  private readonly filter = new RetransmissionFilter();
  private readonly discarded: DiscardCounts = emptyDiscardCounts();
  private readonly linkState: LinkTracker;
  private framesReceived = 0;
  private duplicates = 0;
  private hostSeq = 0;
  private readonly pending = new Map<number, Pending>();
  private silenceTimer: NodeJS.Timeout | undefined;
  private running = false;
  private unrecorded = 0;
  private reading = true;

  constructor(private readonly opts: PanelLinkOptions) {
    super();
    this.linkState = new LinkTracker('panel', (s) => this.emit('link', s));
    this.port = new ReopeningPort({
      path: opts.path,
      baudRate: opts.baudRate,
      ...(opts.binding ? { binding: opts.binding } : {}),
      retryFirstMs: opts.reconnectFirstMs,
      retryMaxMs: opts.reconnectMaxMs,
      watchMs: opts.watchMs,
    });
    this.port.on('open', () => {
      this.connected();
      this.emit('port-open', this.opts.path);
    });
    this.port.on('data', (chunk) => this.framer?.write(chunk));
    this.port.on('lost', (reason) => {
      this.framer = undefined;
      clearTimeout(this.silenceTimer);
      this.linkState.set(false, reason);
    });
    for (const m of opts.alreadyRecorded ?? []) this.filter.remember(m.seq, m.body, (opts.clock ?? systemClock).now() - m.at);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.port.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.silenceTimer);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`${p.command.type} not confirmed: the panel link is stopping`));
    }
    this.pending.clear();
    await this.port.close();
  }

  get link(): LinkState {
    return this.linkState.current;
  }

  stats(): PanelStats {
    return {
      link: this.link,
      port: this.opts.path,
      framesReceived: this.framesReceived,
      duplicates: this.duplicates,
      discarded: { ...this.discarded },
      commandsPending: this.pending.size,
    };
  }

  /** Sends a command; resolves on the panel's ACK, rejects after the last resend goes unanswered. */
  send(command: HostCommand): Promise<void> {
    this.hostSeq = nextSeq(this.hostSeq);
    const seq = this.hostSeq;
    return new Promise((resolve, reject) => {
      const p: Pending = { command, frame: encodeFrame(commandBody(seq, command)), sends: 0, resolve, reject };
      this.pending.set(seq, p);
      this.transmit(seq, p);
    });
  }

  private transmit(seq: number, p: Pending): void {
    const max = this.opts.maxResends ?? 5;
    const timeout = this.opts.ackTimeoutMs ?? 2_000;
    if (p.sends > max) {
      this.pending.delete(seq);
      const err = new PanelNoAck(
        p.command.type,
        p.sends,
        `panel ${this.opts.path}: no ACK for ${commandBody(seq, p.command)} after ${p.sends} tries over ${(p.sends * timeout) / 1000} s; ` +
          `check the panel link (status shows it)`,
      );
      this.emit('command-failed', p.command, err);
      p.reject(err);
      return;
    }
    p.sends += 1;
    this.write(p.frame);
    p.timer = setTimeout(() => this.transmit(seq, p), timeout);
  }

  private write(frame: Buffer): void {
    // While the port is away the frame is simply not sent; the resend timer or the panel's own
    // retransmission covers it once the link is back.
    void this.port.write(frame);
  }

  /** A fresh framer for every connection, so no half frame of the old one leaks into the new. */
  private connected(): void {
    if (!this.running) return;
    const framer = new PanelFramer(this.discarded);
    framer.on('data', (m: PanelMessage) => this.onMessage(m));
    this.framer = framer;
    this.armSilence();
  }

  private armSilence(): void {
    clearTimeout(this.silenceTimer);
    // Silence we cause by not reading says nothing about the line; a stopped link waits for nothing.
    if (!this.reading || !this.running) return;
    const ms = this.opts.silenceMs ?? 30_000;
    // Link down, and the port built anew: it may look open while leading nowhere (a wedged
    // adapter, a dead pty).
    this.silenceTimer = setTimeout(() => this.port.reopen(`no frame for ${ms / 1000} s; check the cable and the panel`), ms);
  }


  private onMessage(m: PanelMessage): void {
    this.framesReceived += 1;
    this.armSilence();
    if (!this.linkState.current.up) this.linkState.set(true, `frames from the panel on ${this.opts.path}`);
    if (m.type === 'ACK') {
      const p = this.pending.get(m.seq);
      if (p) {
        clearTimeout(p.timer);
        this.pending.delete(m.seq);
        p.resolve();
      }
      return;
    }
    if (!needsAck(m)) return;
    const seen = this.filter.classify(m.body);
    if (seen !== 'new') {
      this.duplicates += 1;
      if (seen === 'done') this.write(encodeFrame(ackBody(m.seq)));
      return;
    }
    if (m.type === 'BOOT') this.filter.panelRestarted();
    this.filter.begin(m.seq, m.body);
    this.taken();
    this.opts.record(m).then(
      () => {
        this.filter.done(m.body);
        this.write(encodeFrame(ackBody(m.seq)));
        this.recorded();
      },
      (err: Error) => {
        this.filter.forget(m.body);
        this.emit('problem', new Error(`panel message ${m.body} not recorded (${err.message}); not acknowledged, the panel will resend it`));
        this.recorded();
      },
    );
  }

  /**
   * Backpressure: with the register's queue full the link stops reading, so the daemon's memory
   * stays bounded however fast the panel sends. What waits stays in order in the serial driver
   * and the panel (which resends what goes unacknowledged), and an alarm behind it waits for at
   * most a queue's worth of writes. Dropping frames instead would bring their resends back after
   * later messages, out of order.
   */
  private taken(): void {
    this.unrecorded += 1;
    if (!this.reading || this.unrecorded < (this.opts.maxUnrecorded ?? 256)) return;
    this.reading = false;
    clearTimeout(this.silenceTimer);
    this.port.pause();
  }

  private recorded(): void {
    this.unrecorded -= 1;
    if (this.reading || this.unrecorded > (this.opts.maxUnrecorded ?? 256) / 2) return;
    this.reading = true;
    this.port.resume();
    this.armSilence();
  }
}
