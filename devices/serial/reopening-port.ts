import { EventEmitter } from 'node:events';
import { stat } from 'node:fs/promises';
import type { SerialPortStream } from '@serialport/stream';
import { reconnectDelay } from '../link.js';
import { openSerialPort, type SerialOptions } from './open-port.js';

export interface ReopeningPortEvents {
  /** A fresh connection: the first one and every one after the port came back. */
  open: [];
  data: [chunk: Buffer];
  /** The port went away or could not be opened; it is tried again after `retryMs`. */
  lost: [reason: string, retryMs: number];
}

export interface ReopeningOptions extends SerialOptions {
  /** First and longest delay between attempts to reopen (default 0.5 s and 8 s); it doubles in between. */
  retryFirstMs?: number;
  retryMaxMs?: number;
  /**
   * How often to check that the device node is still the one opened. A serial driver does not
   * always report an unplug (a destroyed pty is only noticed at the next write), but the device
   * node disappears or is replaced. Default 1 s; 0 (the default with a mock binding, which has no
   * device node) turns the check off.
   */
  watchMs?: number;
}

/**
 * The one connect routine for serial devices: a port that comes back by itself. When it disappears
 * (unplugged, the pty pair destroyed, a wedged adapter) it is reopened with growing delays, each
 * time as a brand-new port, because a port whose stream was destroyed never reads again.
 */
export class ReopeningPort extends EventEmitter<ReopeningPortEvents> {
  private port: SerialPortStream | undefined;
  private device: string | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private closing = false;
  private paused = false;

  private readonly watchMs: number;

  constructor(private readonly opts: ReopeningOptions) {
    super();
    this.watchMs = opts.watchMs ?? (opts.binding ? 0 : 1_000);
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** The first open; rejects when the port cannot be opened, so that a wrong path is reported at once. */
  async open(): Promise<void> {
    await this.attach(await openSerialPort(this.opts));
  }

  /** Opens when it can: a port missing at start is reported as lost and tried again, like a later unplug. */
  start(): void {
    this.open().catch((err: Error) => this.failedAttempt(cannotOpen(this.opts.path, err)));
  }

  /** Resolves true once the bytes were handed to the OS, false when the port is away or failed. */
  write(bytes: Buffer): Promise<boolean> {
    const port = this.port;
    if (!port?.isOpen) return Promise.resolve(false);
    return new Promise((done) => port.write(bytes, (err) => done(!err)));
  }

  /**
   * Stops reading: the stream's buffer fills, then the OS's, then the sender must wait (a pty) or
   * its bytes wait in the driver. Holds across a reconnect until resume().
   */
  pause(): void {
    this.paused = true;
    this.port?.pause();
  }

  resume(): void {
    this.paused = false;
    this.port?.resume();
  }

  /** Drops the current connection and builds a new one (e.g. when the other side has gone silent). */
  reopen(reason: string): void {
    if (this.port) this.lost(this.port, reason);
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchTimer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((done) => port.close(() => done()));
  }

  private async attach(port: SerialPortStream): Promise<void> {
    if (this.closing) {
      port.close();
      return;
    }
    this.port = port;
    this.attempt = 0;
    // Listen at once: the port may fail while the device node is being looked at below.
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    if (this.paused) port.pause();
    port.on('close', () => this.lost(port, 'the port closed (unplugged?)'));
    port.on('error', (err) => {
      if (!port.isOpen) this.lost(port, err.message);
    });
    // Told before any data can arrive, so that the listener is ready for the first bytes.
    this.emit('open');
    if (!this.watchMs) return;
    this.device = await deviceIdentity(this.opts.path);
    // Stopped, or lost, while that was looked up: arm nothing for a port that is no longer ours.
    if (this.closing || this.port !== port) return;
    clearInterval(this.watchTimer);
    this.watchTimer = setInterval(() => void this.checkDevice(port), this.watchMs);
  }

  private async checkDevice(port: SerialPortStream): Promise<void> {
    const now = await deviceIdentity(this.opts.path);
    if (port === this.port && now !== this.device) {
      this.lost(port, now === undefined ? `${this.opts.path} disappeared (unplugged?)` : `${this.opts.path} is now another device`);
    }
  }

  /** Called from `error`, `close`, the device check and reopen(); only the first report for a port counts. */
  private lost(port: SerialPortStream, reason: string): void {
    if (port !== this.port || this.closing) return;
    this.port = undefined;
    clearInterval(this.watchTimer);
    port.removeAllListeners('data');
    port.removeAllListeners('close');
    port.on('error', () => undefined);
    if (port.isOpen) port.close(() => undefined);
    this.failedAttempt(reason);
  }

  private failedAttempt(reason: string): void {
    if (this.closing) return;
    const delay = reconnectDelay(this.attempt, this.opts.retryFirstMs ?? 500, this.opts.retryMaxMs ?? 8_000);
    this.emit('lost', reason, delay);
    this.retryTimer = setTimeout(() => {
      this.attempt += 1;
      openSerialPort(this.opts).then(
        (port) => this.attach(port),
        (err: Error) => this.failedAttempt(cannotOpen(this.opts.path, err)),
      );
    }, delay);
  }
}

/** Why a port would not open, with what to do about it. */
function cannotOpen(path: string, err: Error): string {
  const why = err.message.replace(/^Error:? /, '');
  if (/lock/i.test(why)) return `cannot open ${path}: another program has it open (${why}); find it with \`fuser ${path}\` and stop it`;
  if (/permission denied|EACCES/i.test(why)) return `cannot open ${path}: permission denied; add the user that runs control-room to the dialout group`;
  if (/no such file|ENOENT|does not exist/i.test(why)) return `cannot open ${path}: no such device (${why}); check the cable and the configured path`;
  return `cannot open ${path} (${why}); check the cable and the configured path`;
}

/** The device node behind a path (following symlinks), or undefined when there is none. */
async function deviceIdentity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}:${s.rdev}`;
  } catch {
    return undefined;
  }
}
