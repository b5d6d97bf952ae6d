import { EventEmitter } from 'node:events';
import { LinkTracker, type LinkState } from '../link.js';
import { KeyboardReportDecoder, type DecodeResult } from './hid-keyboard.js';
import { HidUnavailableError, loadNodeHid, type HidDevice, type HidDriver, type HidModule } from './hid-module.js';
import { PosReportDecoder } from './hid-pos.js';
import type { BadgeReader, BadgeReaderEvents } from './reader.js';

export interface HidReaderOptions {
  vendorId: number;
  productId: number;
  mode: 'keyboard' | 'pos';
  terminator: 'enter' | 'tab';
  /** Keyboard mode: reports start with this id. POS mode: only reports with this id are read. */
  reportId?: number;
  /** POS mode: where the length byte and the data start in a report. */
  lengthOffset?: number;
  dataOffset?: number;
  /** node-hid by default; a fake of it in tests. */
  load?: (driver: HidDriver) => Promise<HidModule>;
  /** How often to look whether the scanner is (still) plugged in. */
  pollMs?: number;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** What a discarded read is called on screen and in the register. */

/**
 * A USB HID scanner, keyboard mode (boot keyboard reports, through libusb) or POS mode (through
 * hidraw), picked by vendor and product id. Plugged in or out at any time: it is looked for every
 * `pollMs` and reopened when it comes back. If node-hid cannot load, it reports itself
 * unavailable with what to install, and the rest of the control room carries on.
 */
export class HidReader extends EventEmitter<BadgeReaderEvents> implements BadgeReader {
  readonly name: string;
  private hid: HidModule | undefined;
  private device: HidDevice | undefined;
  private readonly linkState: LinkTracker;
  private running = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private keyboard: KeyboardReportDecoder | undefined;
  private pos: PosReportDecoder | undefined;
  private badReports = 0;
  /** A look (enumeration, open) under way; the next poll waits rather than overlap it. */
  private looking = false;

  constructor(private readonly opts: HidReaderOptions) {
    super();
    this.name = `hid:${hex4(opts.vendorId)}:${hex4(opts.productId)}`;
    this.linkState = new LinkTracker(this.name, (s) => this.emit('link', s));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.begin();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearInterval(this.pollTimer);
    clearTimeout(this.flushTimer);
    await this.close();
  }

  link(): LinkState {
    return this.linkState.current;
  }

  private async begin(): Promise<void> {
    const driver: HidDriver = this.opts.mode === 'keyboard' ? 'libusb' : 'hidraw';
    try {
      this.hid = await (this.opts.load ?? loadNodeHid)(driver);
    } catch (err) {
      const reason = err instanceof HidUnavailableError ? err.message : `cannot use USB HID: ${(err as Error).message}`;
      this.linkState.set(false, reason);
      return;
    }
    if (!this.running) return;
    await this.look();
    // Stopped during that first look: arm nothing (a timer left behind would keep the process alive).
    if (!this.running) return;
    this.pollTimer = setInterval(() => void this.look(), this.opts.pollMs ?? 3_000);
  }

  /** Opens the scanner when it is there and closed; notices when it is gone while open. */
  private async look(): Promise<void> {
    if (!this.hid || !this.running || this.looking) return;
    this.looking = true;
    try {
      await this.lookOnce();
    } finally {
      this.looking = false;
    }
  }

  private async lookOnce(): Promise<void> {
    let found;
    try {
      found = (await this.hid!.devicesAsync()).find((d) => d.vendorId === this.opts.vendorId && d.productId === this.opts.productId && d.path);
    } catch (err) {
      // While the scanner is open its read errors tell of an unplug; a failed listing says nothing.
      if (!this.device) this.linkState.set(false, `cannot list USB HID devices (${(err as Error).message})`);
      return;
    }
    if (!found) {
      if (this.device) await this.lost('unplugged');
      else this.linkState.set(false, `no scanner ${this.name} plugged in`);
      return;
    }
    if (this.device) return;
    try {
      const device = await this.hid!.openPath(found.path!);
      if (!this.running) {
        await device.close();
        return;
      }
      this.device = device;
      this.keyboard = this.opts.mode === 'keyboard' ? new KeyboardReportDecoder({ reportId: this.opts.reportId, terminator: this.opts.terminator }) : undefined;
      this.pos =
        this.opts.mode === 'pos'
          ? new PosReportDecoder({ reportId: this.opts.reportId, lengthOffset: this.opts.lengthOffset ?? 1, dataOffset: this.opts.dataOffset ?? 2 })
          : undefined;
      device.on('data', (report) => this.onReport(report));
      device.on('error', (err) => void this.lost(err.message));
      this.linkState.set(true, `${this.name} open (${this.opts.mode} mode)`);
    } catch (err) {
      // node-hid's libusb driver says little ("hid_error is not implemented yet"): name the usual causes.
      const why = (err as Error).message;
      this.linkState.set(
        false,
        `cannot open scanner ${this.name} (${why}); usually the control-room user may not use it (add a udev rule for ` +
          `${hex4(this.opts.vendorId)}:${hex4(this.opts.productId)}) or another program holds it`,
      );
    }
  }

  private onReport(report: Buffer): void {
    const now = Date.now();
    const results = this.keyboard ? this.keyboard.push(report, now) : this.pos!.push(report);
    this.deliver(results);
    if (this.keyboard) {
      // A partial code with no terminator is dropped after its timeout even if no report follows.
      clearTimeout(this.flushTimer);
      const keyboard = this.keyboard;
      this.flushTimer = setTimeout(() => this.deliver(keyboard.flush(Date.now())), 350);
    }
  }

  private deliver(results: DecodeResult[]): void {
    for (const r of results) {
      if (r.kind === 'code') {
        this.badReports = 0;
        this.emit('scan', r.code, this.name);
      } else if (r.partial) this.emit('rejected', r.partial, r.reason, this.name);
      else if (r.reason === 'bad-report' && ++this.badReports === 3) {
        // Said once per run of them: a scanner whose reports never fit is misconfigured, not noisy.
        this.emit('rejected', '(report)', 'layout', this.name);
      }
    }
  }

  private async lost(reason: string): Promise<void> {
    await this.close();
    this.linkState.set(false, `${reason}; waiting for it to be plugged back in`);
  }

  private async close(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    // Closing hands a keyboard-mode scanner back to the kernel's keyboard driver.
    if (device) await Promise.resolve(device.close()).catch(() => undefined);
  }

}
