import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { ReopeningPort } from '../serial/reopening-port.js';
import type { SerialBinding } from '../serial/open-port.js';
import { checksum, encodeFrame } from './checksum.js';
import { emptyDiscardCounts, PanelFramer } from './framer.js';
import { ackBody, nextSeq, parseHostBody, type HostMessage } from './messages.js';
import { parseScript, ScriptError, type ScriptCommand } from './script.js';

export interface PanelSimulatorOptions {
  path: string;
  baudRate?: number;
  /** @serialport/binding-mock in tests; the native binding otherwise. */
  binding?: SerialBinding;
  heartbeatMs?: number;
  resendMs?: number;
  maxResends?: number;
  eol?: '\r\n' | '\n';
  /** Connection changes, give-ups and commands the panel ignores, one line each. */
  log?: (line: string) => void;
}

export interface PanelSimulatorEvents {
  /** A message frame went out (retransmissions and dups included); HB and ACK too. */
  sent: [body: string];
  acked: [body: string];
  givenUp: [body: string];
  /** A well-formed message from the host. */
  command: [message: HostMessage];
  /** Everything on the wire, as `--verbose` shows it: `-> $CALL,...*0F`, `<- $ACK,1*61`. */
  frame: [line: string];
}

export interface SimulatorSummary {
  /** Messages that need an ACK and went out at least once. */
  sent: number;
  acked: number;
  /** Bodies resent maxResends times without an ACK. */
  givenUp: string[];
  /** Bodies lost unacknowledged to a `boot`. */
  dropped: string[];
  /** Bodies still waiting for their ACK. */
  outstanding: string[];
  retransmissions: number;
  hostFramesReceived: number;
  hostDiscarded: number;
}

interface Outstanding {
  body: string;
  frame: Buffer;
  /** Transmissions that were actually written. */
  sends: number;
  timer?: NodeJS.Timeout;
}

export const FIRMWARE = 'SIM-1.0';

/**
 * The intercom panel's side of the protocol (shared/protocol/intercom-panel.md) on a serial port,
 * driven by script commands, for trials and tests of a host without the real panel.
 */
export class PanelSimulator extends EventEmitter<PanelSimulatorEvents> {
  private readonly path: string;
  private readonly port: ReopeningPort;
  private readonly heartbeatMs: number;
  private readonly resendMs: number;
  private readonly maxResends: number;
  private readonly log: (line: string) => void;
  private eol: '\r\n' | '\n';
  private seq = 0;
  private bootedAt = 0;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly outstanding = new Map<number, Outstanding>();
  private last: Outstanding | undefined;
  private readonly discarded = emptyDiscardCounts();
  private framer: PanelFramer<HostMessage> | undefined;
  private readonly ringing = new Set<string>();
  private readonly usedCallIds = new Set<string>();
  private callCounter = 0;
  private currentCall: string | undefined;
  /** Pending `wait`s and `settle`s, cut short by stop(). */
  private readonly sleepers = new Set<() => void>();
  private stopped = false;
  private readonly stats = { sent: 0, acked: 0, retransmissions: 0, hostFramesReceived: 0, givenUp: [] as string[], dropped: [] as string[] };

  constructor(opts: PanelSimulatorOptions) {
    super();
    this.path = opts.path;
    // The simulated panel reopens its end quickly (0.2 s doubling to 2 s), so a pulled-cable trial is short.
    this.port = new ReopeningPort({ path: opts.path, baudRate: opts.baudRate ?? 9600, binding: opts.binding, retryFirstMs: 200, retryMaxMs: 2_000 });
    this.heartbeatMs = opts.heartbeatMs ?? 10_000;
    this.resendMs = opts.resendMs ?? 2_000;
    this.maxResends = opts.maxResends ?? 5;
    this.eol = opts.eol ?? '\r\n';
    this.log = opts.log ?? (() => undefined);
    this.port.on('open', () => this.connected());
    this.port.on('data', (chunk) => this.framer?.write(chunk));
    this.port.on('lost', (reason, retryMs) => {
      this.log(`panel port ${this.path} lost (${reason}); reopening in ${retryMs} ms, then with growing delays up to 2 s`);
    });
  }

  /** Opens the port (rejecting when it cannot) and boots. */
  async start(): Promise<void> {
    await this.port.open();
    await this.boot();
  }

  /** Checks every line first (throwing ScriptError), then plays them in order. */
  async run(lines: string[]): Promise<void> {
    for (const command of parseScript(lines)) {
      if (this.stopped) return;
      await this.execute(command);
    }
  }

  /** Resolves true once nothing is waiting for an ACK, false when `timeoutMs` passed first. */
  async settle(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.outstanding.size > 0 && !this.stopped && Date.now() < deadline) await this.sleep(Math.min(50, deadline - Date.now()));
    return this.outstanding.size === 0;
  }

  summary(): SimulatorSummary {
    const s = this.stats;
    return {
      sent: s.sent,
      acked: s.acked,
      givenUp: [...s.givenUp],
      dropped: [...s.dropped],
      outstanding: [...this.outstanding.values()].map((o) => o.body),
      retransmissions: s.retransmissions,
      hostFramesReceived: s.hostFramesReceived,
      hostDiscarded: Object.values(this.discarded).reduce((a, b) => a + b, 0),
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.heartbeat);
    for (const o of this.outstanding.values()) clearTimeout(o.timer);
    for (const wake of this.sleepers) wake();
    this.framer?.end();
    await this.port.close();
  }

  async execute(c: ScriptCommand): Promise<void> {
    switch (c.kind) {
      case 'call': {
        const id = c.callId ?? this.newCallId();
        this.usedCallIds.add(id);
        this.ringing.add(id);
        this.currentCall = id;
        return this.message('CALL', id, c.station);
      }
      case 'cancel':
      case 'talk':
        return this.message(c.kind.toUpperCase(), this.callOf(c));
      case 'end':
        return this.message('END', this.callOf(c), c.seconds);
      case 'alarm':
        return this.message('ALARM', c.station, c.alarm);
      case 'door':
        return this.message('DOOR', c.station, c.state);
      case 'fault':
        return this.message('FAULT', c.station, c.code);
      case 'wait':
        return this.sleep(c.seconds * 1000);
      case 'settle':
        await this.settle(c.seconds * 1000);
        return;
      case 'garbage': {
        // Any byte but `$`, which would start a frame.
        const noise = Buffer.from(randomBytes(c.bytes).map((b) => (b === 0x24 ? 0x23 : b)));
        return this.raw(noise, `(${c.bytes} bytes of noise)`);
      }
      case 'badsum': {
        // The next seq is shown but not taken: a host that drops the frame, as it must, sees no gap.
        const body = `CALL,${this.seq},${this.newCallId()},G01`;
        const wrong = (parseInt(checksum(body), 16) ^ 0xff).toString(16).toUpperCase().padStart(2, '0');
        return this.raw(Buffer.from(`$${body}*${wrong}${this.eol}`, 'latin1'), `$${body}*${wrong} (wrong checksum)`);
      }
      case 'long': {
        const filler = Buffer.alloc(c.bytes - 1, 'LONGLINE');
        return this.raw(Buffer.concat([Buffer.from('$'), filler, Buffer.from(this.eol)]), `(an over-long line of ${c.bytes} bytes)`);
      }
      case 'eol':
        this.eol = c.eol;
        return;
      case 'dup':
        if (!this.last) throw new ScriptError(c.line, c.text, 'nothing sent yet to repeat');
        if (await this.write(this.last.frame, this.last.body, ' (dup)')) this.stats.retransmissions += 1;
        return;
      case 'boot':
        return this.boot();
    }
  }

  /** A reboot, and the first start: numbering, uptime and calls begin again; pending messages are lost. */
  private async boot(): Promise<void> {
    for (const o of this.outstanding.values()) {
      clearTimeout(o.timer);
      this.stats.dropped.push(o.body);
    }
    this.outstanding.clear();
    this.ringing.clear();
    this.seq = 0;
    this.bootedAt = Date.now();
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => void this.sendHeartbeat(), this.heartbeatMs);
    await this.message('BOOT', FIRMWARE);
  }

  private async sendHeartbeat(): Promise<void> {
    // A heartbeat nobody can hear is not sent and uses no sequence number.
    if (!this.port.isOpen) return;
    const body = `HB,${this.takeSeq()},${Math.floor((Date.now() - this.bootedAt) / 1000)}`;
    await this.write(encodeFrame(body, this.eol), body);
  }

  /** A message that stays outstanding until the host's ACK. */
  private async message(type: string, ...fields: (string | number)[]): Promise<void> {
    const seq = this.takeSeq();
    const body = [type, seq, ...fields].join(',');
    const earlier = this.outstanding.get(seq);
    // Only after 10 000 unacknowledged messages; an ACK could no longer tell the two apart.
    if (earlier) this.giveUp(seq, earlier);
    const o: Outstanding = { body, frame: encodeFrame(body, this.eol), sends: 0 };
    this.outstanding.set(seq, o);
    this.last = o;
    await this.transmit(seq, o);
  }

  /**
   * Like the real panel, which cannot tell that the cable is out: every attempt counts, sent or
   * not, every resendMs, and after maxResends the message is given up.
   */
  private async transmit(seq: number, o: Outstanding): Promise<void> {
    clearTimeout(o.timer);
    if (this.stopped) return;
    if (o.sends > this.maxResends) return this.giveUp(seq, o);
    o.timer = setTimeout(() => void this.transmit(seq, o), this.resendMs);
    const resend = o.sends > 0;
    o.sends += 1;
    if (resend) this.stats.retransmissions += 1;
    else this.stats.sent += 1;
    if (!(await this.write(o.frame, o.body, resend ? ` (resend ${o.sends - 1})` : ''))) {
      this.log(`not sent, the port is away: ${o.body}`);
    }
  }

  private giveUp(seq: number, o: Outstanding): void {
    this.outstanding.delete(seq);
    this.stats.givenUp.push(o.body);
    this.log(`gave up on ${o.body}: no ACK after ${o.sends} transmissions ${this.resendMs} ms apart`);
    this.emit('givenUp', o.body);
  }

  private async write(frame: Buffer, body: string, note = ''): Promise<boolean> {
    if (!(await this.port.write(frame))) return false;
    this.emit('frame', `-> $${body}*${checksum(body)}${note}`);
    this.emit('sent', body);
    return true;
  }

  private async raw(bytes: Buffer, description: string): Promise<void> {
    if (await this.port.write(bytes)) this.emit('frame', `-> ${description}`);
    else this.log(`not sent, the port is away: ${description}`);
  }

  private connected(): void {
    if (this.framer) this.log(`panel port ${this.path} is back; ${this.outstanding.size} messages still wait for their ACK`);
    // A frame cut off by the disconnect is the old framer's to discard; the counts carry on.
    this.framer?.end();
    const framer = new PanelFramer<HostMessage>(this.discarded, parseHostBody);
    framer.on('data', (m: HostMessage) => this.onHost(m));
    this.framer = framer;
  }

  private onHost(m: HostMessage): void {
    this.stats.hostFramesReceived += 1;
    this.emit('frame', `<- $${m.body}*${checksum(m.body)}`);
    this.emit('command', m);
    if (m.type === 'ACK') {
      const o = this.outstanding.get(m.seq);
      if (!o) return;
      clearTimeout(o.timer);
      this.outstanding.delete(m.seq);
      this.stats.acked += 1;
      this.emit('acked', o.body);
      return;
    }
    const ack = ackBody(m.seq);
    void this.write(encodeFrame(ack, this.eol), ack);
    if (m.type !== 'ANSWER') return;
    // The real panel connects the console only to a call that is still ringing; a resent ANSWER
    // gets its ACK again but no second TALK.
    if (!this.ringing.delete(m.callId)) {
      this.log(`ANSWER for ${m.callId} acknowledged but ignored: no such call is ringing`);
      return;
    }
    void this.message('TALK', m.callId);
  }

  private callOf(c: ScriptCommand & { callId?: string }): string {
    const id = c.callId ?? this.currentCall;
    if (id === undefined) throw new ScriptError(c.line, c.text, 'no call yet; start one with "call STATION" or name the call');
    this.ringing.delete(id);
    return id;
  }

  /** C1, C2, ... CA, ... in base 36, skipping ids the script named itself. */
  private newCallId(): string {
    let id: string;
    do id = `C${(++this.callCounter).toString(36).toUpperCase()}`;
    while (this.usedCallIds.has(id));
    this.usedCallIds.add(id);
    return id;
  }

  private takeSeq(): number {
    const seq = this.seq;
    this.seq = nextSeq(seq);
    return seq;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((done) => {
      if (this.stopped) return done();
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
