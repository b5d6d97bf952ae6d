import { EventEmitter } from 'node:events';
import type { SerialPortStream } from '@serialport/stream';
import { reconnectDelay } from '../link.js';
import { openSerialPort, type SerialOptions } from './open-port.js';

export interface ReopeningPortEvents {
  /** A fresh connection: the first one and every one after the port came back. */
  open: [];
  data: [chunk: Buffer];
  /** The port went away; it is reopened after `retryMs`, then with growing delays. */
  lost: [reason: string, retryMs: number];
}

/**
 * A serial port that comes back by itself: when it disappears (unplugged, the pty pair destroyed)
 * it is reopened with growing delays, 200 ms doubling to 2 s, each time as a brand-new port.
 */
export class ReopeningPort extends EventEmitter<ReopeningPortEvents> {
  private port: SerialPortStream | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private closing = false;

  constructor(private readonly opts: SerialOptions) {
    super();
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  /** The first open; rejects when the port cannot be opened, so that a wrong path is reported at once. */
  async open(): Promise<void> {
    this.attach(await openSerialPort(this.opts));
  }

  /** Resolves true once the bytes were handed to the OS, false when the port is away or failed. */
  write(bytes: Buffer): Promise<boolean> {
    const port = this.port;
    if (!port?.isOpen) return Promise.resolve(false);
    return new Promise((done) => port.write(bytes, (err) => done(!err)));
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((done) => port.close(() => done()));
  }

  private attach(port: SerialPortStream): void {
    if (this.closing) {
      port.close();
      return;
    }
    this.port = port;
    this.attempt = 0;
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    port.on('close', () => this.lost(port, 'the port closed'));
    port.on('error', (err) => {
      if (!port.isOpen) this.lost(port, err.message);
    });
    this.emit('open');
  }

  /** Called from both `error` and `close`; only the first report for the current port counts. */
  private lost(port: SerialPortStream, reason: string): void {
    if (port !== this.port || this.closing) return;
    this.port = undefined;
    port.removeAllListeners('data');
    const delay = reconnectDelay(this.attempt, 200, 2_000);
    this.emit('lost', reason, delay);
    this.retry(delay);
  }

  private retry(delay: number): void {
    this.retryTimer = setTimeout(() => {
      this.attempt += 1;
      openSerialPort(this.opts).then(
        (port) => this.attach(port),
        () => {
          if (!this.closing) this.retry(reconnectDelay(this.attempt, 200, 2_000));
        },
      );
    }, delay);
  }
}
