import { FakePanel } from './fake-panel.js';
import type { HostCommand, PanelMessage } from './messages.js';

export interface DemoPanelOptions {
  /** Indoor stations that call (the example estate's units). */
  stations: string[];
  /** Gate and lift stations, for door events and the odd alarm. */
  gates: string[];
  /** Mean time between things happening. */
  meanGapMs: number;
  /** A call nobody answers is cancelled by the resident after this long (a missed call). */
  ringMs?: number;
  random?: () => number;
}

/**
 * The demo's intercom panel: believable traffic without hardware. Residents call from their units
 * (and hang up when nobody answers), a call answered from the console is talked through and ends,
 * gates open and close, a station drops off line now and then, and once in a while an alarm.
 * It hands messages to the register exactly as the serial link does.
 */
export class DemoPanel extends FakePanel {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly ringing = new Map<string, NodeJS.Timeout>();
  private readonly random: () => number;
  private stopped = false;
  private startedAt = 0;

  constructor(
    record: (m: PanelMessage) => Promise<void>,
    private readonly options: DemoPanelOptions,
  ) {
    super(record);
    this.random = options.random ?? Math.random;
  }

  override start(): void {
    super.start();
    this.startedAt = Date.now();
    void this.play('BOOT,DEMO-1.0');
    // The first call comes soon, so that a newcomer sees one.
    this.after(3_000, () => this.call());
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await super.stop();
  }

  override async send(command: HostCommand): Promise<void> {
    await super.send(command);
    if (command.type !== 'ANSWER') return;
    const timer = this.ringing.get(command.callId);
    if (!timer) return;
    clearTimeout(timer);
    this.ringing.delete(command.callId);
    this.after(300, () => this.play(`TALK,${command.callId}`));
    const talkSeconds = 20 + Math.floor(this.random() * 70);
    this.after(talkSeconds * 1000, () => this.play(`END,${command.callId},${talkSeconds}`));
  }

  private next(): void {
    const gap = this.options.meanGapMs * (0.5 + this.random());
    this.after(gap, () => {
      const r = this.random();
      if (r < 0.75) this.call();
      else if (r < 0.87) this.door();
      else if (r < 0.95) this.fault();
      // A newcomer first sees calls; alarms come once the demo has run a minute.
      else if (Date.now() - this.startedAt > 60_000) this.alarm();
      else this.call();
    });
  }

  private call(): void {
    const callId = this.random().toString(16).slice(2, 6).toUpperCase().padEnd(4, '0');
    void this.play(`CALL,${callId},${this.pick(this.options.stations)}`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.ringing.delete(callId);
      void this.play(`CANCEL,${callId}`);
    }, this.options.ringMs ?? 30_000);
    this.timers.add(timer);
    this.ringing.set(callId, timer);
    this.next();
  }

  private door(): void {
    const gate = this.pick(this.options.gates);
    void this.play(`DOOR,${gate},OPEN`);
    this.after(4_000 + this.random() * 8_000, () => this.play(`DOOR,${gate},CLOSED`));
    this.next();
  }

  private fault(): void {
    const station = this.pick(this.options.stations);
    void this.play(`FAULT,${station},OFFLINE`);
    this.after(20_000, () => this.play(`FAULT,${station},ONLINE`));
    this.next();
  }

  private alarm(): void {
    const indoor = this.random() < 0.6;
    void this.play(indoor ? `ALARM,${this.pick(this.options.stations)},SOS` : `ALARM,${this.pick(this.options.gates)},DOOR_FORCED`);
    this.next();
  }

  private pick(list: string[]): string {
    return list[Math.floor(this.random() * list.length)]!;
  }

  private after(ms: number, run: () => void | Promise<unknown>): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, ms);
    this.timers.add(timer);
  }

  /** A message as the panel would send it; a failure to record is the link's problem, as on a line. */
  private async play(body: string): Promise<void> {
    if (this.stopped) return;
    try {
      await this.deliver(body);
    } catch (err) {
      if (!this.stopped) this.emit('problem', err as Error);
    }
  }
}
