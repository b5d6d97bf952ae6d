import { EventEmitter } from 'node:events';
import { ReadlineParser } from '@serialport/parser-readline';
import { LinkTracker, type LinkState } from '../link.js';
import { LineCap } from '../serial/line-cap.js';
import type { SerialBinding } from '../serial/open-port.js';
import { ReopeningPort } from '../serial/reopening-port.js';
import type { BadgeReader, BadgeReaderEvents } from './reader.js';

export interface SerialScannerOptions {
  path: string;
  baudRate: number;
  binding?: SerialBinding;
  reconnectFirstMs?: number;
  reconnectMaxMs?: number;
  watchMs?: number;
}

/** A badge is at most 20 characters; a line longer than this is not a badge and is not kept. */
const MAX_LINE = 64;

/**
 * A serial (USB CDC / virtual COM port) scanner: it writes `<code>\r\n` per scan. Lines are cut at
 * MAX_LINE before @serialport/parser-readline sees them, and the port comes back by itself after
 * an unplug, like the panel's.
 */
export class SerialScanner extends EventEmitter<BadgeReaderEvents> implements BadgeReader {
  readonly name: string;
  private readonly port: ReopeningPort;
  private cap: LineCap | undefined;
  private readonly linkState: LinkTracker;
  private running = false;

  constructor(opts: SerialScannerOptions) {
    super();
    this.name = `serial:${opts.path}`;
    this.linkState = new LinkTracker(this.name, (s) => this.emit('link', s));
    this.port = new ReopeningPort({
      path: opts.path,
      baudRate: opts.baudRate,
      ...(opts.binding ? { binding: opts.binding } : {}),
      retryFirstMs: opts.reconnectFirstMs,
      retryMaxMs: opts.reconnectMaxMs,
      watchMs: opts.watchMs,
    });
    this.port.on('open', () => this.connected());
    this.port.on('data', (chunk) => this.cap?.write(chunk));
    this.port.on('lost', (reason) => {
      this.cap = undefined;
      this.linkState.set(false, reason);
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.port.start();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.port.close();
  }

  link(): LinkState {
    return this.linkState.current;
  }

  /** A fresh line parser for every connection, so a half line of the old one is not glued on. */
  private connected(): void {
    if (!this.running) return;
    const cap = new LineCap(MAX_LINE);
    const lines = cap.pipe(new ReadlineParser({ delimiter: '\n', encoding: 'latin1' }));
    lines.on('data', (line: string) => this.onLine(line.replace(/\r$/, '')));
    this.cap = cap;
    // A scanner says nothing until a badge is scanned: an open port is as "up" as it gets.
    this.linkState.set(true, `${this.name} open`);
  }

  private onLine(line: string): void {
    const code = line.trim();
    if (code === '') return;
    if (line.length >= MAX_LINE) this.emit('rejected', code, 'cut-line', this.name);
    else this.emit('scan', code, this.name);
  }

}
