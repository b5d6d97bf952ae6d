import blessed from 'blessed';
import type { LinkState } from '../../devices/link.js';
import type { Person } from '../../src/config/types.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Lang } from '../text/labels.js';
import { AlarmView } from './alarm-view.js';
import { BrowserView } from './browser-view.js';
import { DemoScanView } from './demo-scan-view.js';
import { DutyView } from './duty-view.js';
import { EntryForm } from './entry-form.js';
import { explain, isFault, Said } from './errors.js';
import { PrintFailed, printerFor, printOrder, type PrintOutcome, type Printer } from '../../src/print/order-printer.js';
import type { OrderView } from '../../src/projections/orders.js';
import type { Logger } from '../../src/log.js';
import { HandoverView } from './handover-view.js';
import { HelpView } from './help-view.js';
import { KeyboardRouter } from './keyboard.js';
import { keyOf, type Key } from './keys.js';
import { fitHints } from './footer.js';
import { answer, longestRinging, MainView } from './main-view.js';
import { OrdersView } from './orders-view.js';
import { cell, esc } from './markup.js';
import { QuitView } from './quit-view.js';
import { SignOnView } from './sign-on-view.js';
import { statusLine } from './status-line.js';
import type { ConsoleContext, View } from './view.js';
import { consoleWords, type ConsoleWords } from './words.js';
import type { ScanRefusal } from '../../devices/badge/scan-refusal.js';

export interface ConsoleOptions {
  engine: Engine;
  lang: Lang;
  /** Every device's link as it stands now (the panel, the badge readers). */
  links: () => LinkState[];
  /** The demo's badge reader: F8 picks someone from the roster and scans their badge. */
  demoScan?: (badge: string) => void;
  /** F10: the console is gone; the caller stops the daemon. */
  onQuit: () => void;
  /** Where an order's copies are printed (default: the configured print.command, else a PDF beside the register). */
  printer?: Printer;
  /** The daemon's log: what a printer said when it failed goes there. */
  logger?: Logger;
  /** For tests: where blessed reads and writes (the process's terminal otherwise). */
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** How long a message stays on screen. */
const MESSAGE_MS = 8_000;

/** The bell rings again this often while a call rings; an alarm rings three times as often, in threes. */
const RING_EVERY_MS = 3_000;

/**
 * The operators' full-screen console. It renders the engine's projections and turns keys into the
 * engine's commands; it writes no files and keeps nothing that a restart would lose beyond what is
 * being typed. Alarms take over the screen (H9); with nobody on duty it asks for a badge (H1).
 */
export class Console implements ConsoleContext {
  readonly engine: Engine;
  readonly lang: Lang;
  readonly w: ConsoleWords;
  private readonly screen: blessed.Widgets.Screen;
  private readonly statusBox: blessed.Widgets.BoxElement;
  private readonly mainBox: blessed.Widgets.BoxElement;
  private readonly footerBox: blessed.Widgets.BoxElement;
  /** What just happened (saved, refused, synced), on the line above the keys while it is fresh. */
  private readonly messageBox: blessed.Widgets.BoxElement;
  private readonly keyboard: KeyboardRouter;
  private readonly stack: View[];
  private readonly alarmView: AlarmView;
  private readonly signOnView: SignOnView;
  private message: { text: string; tone: 'info' | 'error'; at: number } | undefined;
  private redrawQueued = false;
  private ticker: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private quitting = false;
  /** The sign-on screen is showing: the next sign-on is announced. */
  private signingOn = false;

  constructor(private readonly options: ConsoleOptions) {
    this.engine = options.engine;
    this.lang = options.lang;
    this.w = consoleWords(options.lang);
    this.screen = blessed.screen({
      fullUnicode: true,
      // Box-drawing and other non-ASCII characters as they are, not mapped to the terminal's line set.
      forceUnicode: true,
      smartCSR: true,
      autoPadding: false,
      title: `control-room ${this.engine.config.site.name}`,
      // blessed's typings have input and output the wrong way round; these are the streams it reads and writes.
      ...(options.input ? { input: options.input as never } : {}),
      ...(options.output ? { output: options.output as never } : {}),
    });
    const line = { left: 0, width: '100%', height: 1, tags: true, wrap: false } as const;
    this.statusBox = blessed.box({ ...line, top: 0, style: { inverse: true } });
    this.mainBox = blessed.box({ left: 0, top: 1, width: '100%', height: '100%-2', tags: true, wrap: false });
    this.footerBox = blessed.box({ ...line, bottom: 0 });
    this.messageBox = blessed.box({ ...line, bottom: 1, hidden: true });
    this.screen.append(this.statusBox);
    this.screen.append(this.mainBox);
    this.screen.append(this.messageBox);
    this.screen.append(this.footerBox);
    this.stack = [new MainView(this)];
    this.alarmView = new AlarmView(this);
    this.signOnView = new SignOnView(this);
    this.keyboard = new KeyboardRouter(
      (key) => this.typed(key),
      (code) => void this.run(() => this.engine.badgeScanned(code, 'keyboard')),
    );
  }

  start(): void {
    this.screen.on('keypress', (ch: string | undefined, key: Parameters<typeof keyOf>[1]) => {
      const k = keyOf(ch, key);
      if (k) this.keyboard.press(k);
    });
    this.screen.on('resize', () => this.redraw());
    const bus = this.engine.bus;
    const on = <A extends unknown[]>(event: Parameters<typeof bus.on>[0], listener: (...args: A) => void) => {
      bus.on(event, listener as never);
      this.unsubscribe.push(() => bus.off(event, listener as never));
    };
    on('recorded', () => {
      for (const v of this.stack) if (v instanceof BrowserView || v instanceof DutyView) void v.refresh();
      this.redraw();
    });
    on('link', () => this.redraw());
    on('sync-state', () => this.redraw());
    // A call rings while the operator may be in another screen: the terminal's bell, again while it
    // rings (see bells), and the status line says so.
    on('call-ringing', () => this.bell(1));
    on('alarm', () => this.bell(3));
    on('escalation', () => this.bell(1));
    on('duty-changed', (duty: { name: string } | null) => {
      if (duty && this.signingOn) this.say(this.w.signedOn(duty.name));
    });
    on('badge', (person: Person) => this.badge(person));
    on('badge-refused', (scanned: string, code: ScanRefusal) => this.say(this.w.badgeRefused(scanned, this.w.scanRefusal[code]), 'error'));
    on('problem', (err: Error) => this.say(explain(err, this.lang), 'error'));
    // Once a second: how long calls have rung, the clock, deadlines passing, the bell.
    let tick = 0;
    this.ticker = setInterval(() => {
      tick += 1;
      this.bells(tick);
      this.redraw();
    }, 1_000);
    this.render();
  }

  stop(): void {
    this.quitting = true;
    clearInterval(this.ticker);
    this.keyboard.stop();
    for (const off of this.unsubscribe) off();
    this.screen.destroy();
  }

  // ---- ConsoleContext ----

  /** H1, H3: the person answerable for the room now: the relief while one covers for the operator on duty. */
  actor(): string | undefined {
    return this.engine.shift.accountable()?.badge;
  }

  push(view: View): void {
    this.stack.push(view);
    // A notice about the screen left behind gives way to the new screen (an error stays).
    if (this.message?.tone === 'info') this.message = undefined;
    this.redraw();
  }

  close(view: View): void {
    const i = this.stack.indexOf(view);
    if (i > 0) this.stack.splice(i);
    this.redraw();
  }

  say(text: string, tone: 'info' | 'error' = 'info'): void {
    this.message = { text, tone, at: Date.now() };
    this.redraw();
  }

  clearError(): void {
    if (this.message?.tone === 'error') this.message = undefined;
    this.redraw();
  }

  async run<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      return await command();
    } catch (err) {
      // A fault goes to the log through the engine's problem channel (which also says it here).
      if (isFault(err as Error)) this.engine.bus.emit('problem', err as Error);
      else this.say(explain(err as Error, this.lang), 'error');
      return undefined;
    } finally {
      this.redraw();
    }
  }

  async print(order: OrderView): Promise<PrintOutcome> {
    try {
      return await printOrder(this.engine.config, order, this.options.printer ?? printerFor(this.engine.config));
    } catch (err) {
      if (!(err instanceof PrintFailed)) throw err;
      // The printer's own words (English, from lp) go to the log; the console says what failed in its language.
      this.options.logger?.warn({ orderNo: order.orderNo, failure: err.failure, detail: err.detail }, err.message);
      throw new Said(this.w.printFailed(err.failure, err.detail));
    }
  }

  /** Draws on the next turn of the event loop, once however many things changed. */
  redraw(): void {
    if (this.redrawQueued) return;
    this.redrawQueued = true;
    setImmediate(() => {
      this.redrawQueued = false;
      this.render();
    });
  }

  now(): number {
    return this.engine.clock.now();
  }

  // ---- internals ----

  /** What is on screen: an alarm above everything, then the sign-on request, then the view stack. */
  private top(): View {
    const opened = this.stack.at(-1)!;
    // The demo's badge picker stays usable over an alarm, so that the alarm can be acknowledged.
    if (opened instanceof DemoScanView) return opened;
    if (this.engine.openAlarms().length > 0) return this.alarmView;
    if (!this.engine.onDuty()) return this.signOnView;
    return opened;
  }

  private render(): void {
    if (this.quitting) return;
    const width = Number(this.screen.width);
    const height = Number(this.screen.height);
    const now = this.now();
    this.statusBox.setContent(statusLine(this.engine, this.options.links(), this.w, now, width));
    const view = this.top();
    this.signingOn = view === this.signOnView;
    const message = this.message && Date.now() - this.message.at < MESSAGE_MS ? this.message : undefined;
    // The keys stay in the footer whatever happened: a message takes the line above it for a while,
    // the screen's own area a line shorter meanwhile, so that a screen opened with a notice (a new
    // order's) shows its keys from the start and nothing of it is hidden.
    this.mainBox.setContent(view.render({ width, height: height - 2 - (message ? 1 : 0) }).join('\n'));
    const extra = this.options.demoScan ? `  ${this.w.demoKey}` : '';
    if (message) {
      this.messageBox.setContent(message.tone === 'error' ? `{red-bg}{white-fg}${cell(message.text, width)}{/white-fg}{/red-bg}` : `{green-fg}${cell(message.text, width)}{/green-fg}`);
      this.messageBox.show();
    } else this.messageBox.hide();
    this.footerBox.setContent(esc(cell(fitHints(`${view.hints()}${extra}`, width), width)));
    this.screen.render();
  }

  private typed(key: Key): void {
    if (this.quitting) return;
    if (key.full === 'f10' || key.full === 'C-c') return this.askToQuit();
    if (key.full === 'f8' && this.options.demoScan && !(this.stack.at(-1) instanceof DemoScanView)) {
      return this.push(new DemoScanView(this, this.options.demoScan));
    }
    const view = this.top();
    // The function keys open screens from anywhere an alarm or sign-on does not hold the console.
    if (view === this.stack.at(-1) && this.functionKey(key)) return this.redraw();
    view.key(key);
    this.redraw();
  }

  private functionKey(key: Key): boolean {
    // A function key opens its screen on top of what is open, so that a form being filled in (an
    // answered call's entry) is still there after Esc; the same screen twice replaces itself.
    const open = (view: View) => {
      const top = this.stack.at(-1)!;
      if (this.stack.length > 1 && top.constructor === view.constructor) this.stack.pop();
      this.push(view);
    };
    switch (key.full) {
      case 'f1':
        open(new HelpView(this, this.options.demoScan ? [this.w.demoKey] : []));
        return true;
      case 'f2':
        open(new EntryForm(this, { title: this.w.formTitleNew, channel: 'phone' }));
        return true;
      case 'f3':
        open(new BrowserView(this));
        return true;
      case 'f6':
        open(new DutyView(this));
        return true;
      case 'f4':
        open(new OrdersView(this));
        return true;
      case 'f5':
        open(new HandoverView(this));
        return true;
      case 'f9':
        this.syncNow();
        return true;
      case 'f12': {
        // Whatever is open, the call that has rung longest is one key away.
        const call = longestRinging(this, this.engine.ringingCalls());
        if (call) answer(this, call);
        else this.say(this.w.noneRinging);
        return true;
      }
    }
    return false;
  }

  /** The terminal's bell, `times` in a row (an alarm's pattern is louder than a call's). */
  private bell(times: number): void {
    if (!this.engine.config.console.bell) return;
    for (let i = 0; i < times; i++) setTimeout(() => this.screen.program.bell(), i * 250);
  }

  /** Called every second: the bell again while an alarm is open or a call rings, so that none goes unheard. */
  private bells(tick: number): void {
    const everyCall = RING_EVERY_MS / 1_000;
    if (this.engine.openAlarms().length > 0) {
      if (tick % Math.max(1, everyCall / 3) === 0) this.bell(3);
    } else if (this.engine.ringingCalls().length > 0 && tick % everyCall === 0) this.bell(1);
  }

  /**
   * F10 (or Ctrl+C) asks first, and does not quit over an alarm nobody acknowledged or a form
   * holding typed text: a night's work is not lost to a key next to F9.
   */
  private askToQuit(): void {
    if (this.stack.at(-1) instanceof QuitView) return this.quit();
    if (this.engine.openAlarms().length > 0) return this.say(this.w.quitRefusedAlarm, 'error');
    if (this.stack.some((v) => v.unsaved?.() === true)) return this.say(this.w.quitRefusedUnsaved, 'error');
    this.push(new QuitView(this, () => this.quit()));
  }

  /** F9: sync to the service desk now (R8); a desk that is down is retried with growing delays. */
  private syncNow(): void {
    this.say(this.w.syncing);
    void this.run(async () => {
      const outcome = await this.engine.syncNow();
      const state = this.engine.sync.state();
      if (!outcome.ok) {
        const retry = state.retryAt ? state.retryAt.slice(11, 16) : '';
        return this.say(this.w.syncFailed(this.w.syncWhy[outcome.errorCode ?? 'other'], retry, outcome.backlog), 'error');
      }
      // A shared folder takes the batch at once; the desk acknowledges it later with its receipt.
      if (outcome.backlog === 0) this.say(this.w.syncedAll(outcome.sent));
      else if (outcome.deliveredSeq > outcome.acknowledgedSeq) this.say(this.w.syncedAwaitingReceipt(outcome.sent, outcome.backlog));
      else this.say(this.w.synced(outcome.sent, outcome.backlog));
    });
  }

  /** A known badge: to what waits for a signature, or shown as who scanned. */
  private badge(person: Person): void {
    const view = this.top();
    if (view.badge) return view.badge(person);
    // The engine signs an operator on by itself; 'duty-changed' says so once it has.
    if (view === this.signOnView) return;
    this.say(this.w.badgeSeen(person.name));
  }

  private quit(): void {
    this.say(this.w.quitting);
    this.render();
    this.stop();
    this.options.onQuit();
  }
}
