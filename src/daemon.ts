import { HidReader } from '../devices/badge/hid-reader.js';
import { ConfigError } from './config/error.js';
import type { BadgeReader } from '../devices/badge/reader.js';
import { SerialScanner } from '../devices/badge/serial-scanner.js';
import { PanelLink } from '../devices/intercom/panel-link.js';
import type { PanelDevice } from '../devices/intercom/panel.js';
import type { LinkState } from '../devices/link.js';
import type { SiteConfig } from './config/types.js';
import { ControlServer, controlSocketProblem } from './control/control-socket.js';
import { Engine } from './engine/engine.js';
import type { Logger } from './log.js';
import { logPanelLink } from './panel-log.js';
import { writeFileAtomically } from './register/durable-write.js';
import { layout } from './register/layout.js';
import { systemClock, testClockOffset } from './time/clock.js';
import { SCAN_REFUSAL_EN } from '../devices/badge/scan-refusal.js';

export interface Daemon {
  engine: Engine;
  panel: PanelDevice | undefined;
  readers: BadgeReader[];
  /** Every device's link as it stands (the console's status line). */
  links(): LinkState[];
  stop(): Promise<void>;
}

/** Devices other than the configured ones (the demo's simulated panel and badge reader). */
export interface DaemonOptions {
  devices?: (engine: Engine) => { panel?: PanelDevice; readers: BadgeReader[] };
}

/** How often the daemon tells `status` about its devices. */
const STATUS_EVERY_MS = 2_000;

/**
 * The running control room: the register's engine with the configured devices attached. Device
 * state lives only in this process, so it is written to `DATA/status.json` for `status` to read.
 */
export async function startDaemon(config: SiteConfig, log: Logger, options: DaemonOptions = {}): Promise<Daemon> {
  // Before the register is opened: a daemon that cannot be asked for a sync must not start.
  const tooLong = controlSocketProblem(config.dataDir);
  if (tooLong) throw new ConfigError([tooLong]);
  const engine = await Engine.start(config, { logger: log, schedule: true });
  const shifted = testClockOffset();
  if (shifted !== 0) log.warn({ offsetMs: shifted, now: new Date(systemClock.now()).toISOString() }, 'the clock is shifted for the test suite (NODE_ENV=test)');
  engine.bus.on('problem', (err) => log.error({ err: err.message }, 'problem'));
  // `control-room sync` asks the daemon that holds the data directory, through this socket.
  const control = await ControlServer.listen(config.dataDir, { sync: () => engine.syncNow() });
  const given = options.devices?.(engine);
  let panel: PanelDevice | undefined = given?.panel;
  if (panel) {
    engine.attachPanel(panel);
    panel.start();
  } else if (config.panel) {
    panel = new PanelLink({
      path: config.panel.path,
      baudRate: config.panel.baudRate,
      record: (m) => engine.recordPanelMessage(m),
      alreadyRecorded: engine.panelFramesRecorded(),
      clock: engine.clock,
    });
    engine.attachPanel(panel);
    logPanelLink(panel, log);
    panel.start();
  }
  const readers = given?.readers ?? badgeReaders(config);
  for (const reader of readers) {
    engine.attachBadgeReader(reader);
    reader.on('link', (s) => log[s.up ? 'info' : 'warn']({ device: s.device, up: s.up, reason: s.reason }, s.up ? 'badge reader up' : 'badge reader down'));
    reader.start();
  }
  engine.bus.on('badge-refused', (scanned, code) => log.warn({ scanned, reason: SCAN_REFUSAL_EN[code] }, 'badge refused'));
  // Not the summary: an entry's free text may hold what logs must not print.
  engine.bus.on('escalation', (e) =>
    log.warn({ seq: e.seq, source: e.source, entryId: e.entryId, alarm: e.alarm?.kind, station: e.alarm?.station }, 'escalated to the service-desk director (H9); open until acknowledged'),
  );
  if (!engine.onDuty()) {
    log.warn(
      readers.length > 0
        ? 'nobody is on duty: the first thing to do is to scan an operator badge to sign on (H1)'
        : 'nobody is on duty, and no badge reader this daemon reads is configured (a keyboard scanner is read by the console, which a headless daemon has not): configure a serial or HID reader to sign on (H1), or run the console',
    );
  }
  const writeStatus = async () => {
    const file = layout.status(config.dataDir);
    const status = {
      pid: process.pid,
      at: new Date(systemClock.now()).toISOString(),
      panel: panel?.stats() ?? null,
      badgeReaders: readers.map((r) => ({ name: r.name, link: r.link() })),
    };
    await writeFileAtomically(file, JSON.stringify(status));
  };
  const statusTimer = setInterval(() => void writeStatus().catch(() => undefined), STATUS_EVERY_MS);
  await writeStatus();
  return {
    engine,
    panel,
    readers,
    links: () => [...(panel ? [panel.stats().link] : []), ...readers.map((r) => r.link())],
    async stop() {
      clearInterval(statusTimer);
      await control.close();
      await panel?.stop();
      for (const r of readers) await r.stop();
      await engine.stop();
    },
  };
}

/** The configured readers this process reads itself; keyboard-wedge scans come through the console. */
function badgeReaders(config: SiteConfig): BadgeReader[] {
  return config.badgeReaders.flatMap((r): BadgeReader[] => {
    if (r.type === 'serial') return [new SerialScanner({ path: r.path, baudRate: r.baudRate })];
    if (r.type === 'hid') return [new HidReader(r)];
    return [];
  });
}
