import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PanelSimulator } from '../../devices/intercom/simulator.js';
import { waitFor } from './panel-site.js';
import { createPtyPair, type PtyPair } from './pty.js';
import { CLI, makeSite } from './site.js';
import { Terminal } from './tmux.js';

export const OPERATOR = { badge: 'EMP-000101', name: '王建国' };
export const SECOND_OPERATOR = { badge: 'EMP-000102', name: '李秀英' };
export const SUPERVISOR = { badge: 'EMP-000201', name: '赵丽娟' };

export interface ConsoleSite {
  configFile: string;
  dataDir: string;
  term: Terminal;
  /** The intercom panel, played on the other end of the console's serial line. */
  panel: PanelSimulator;
  /** A serial badge scanner's pty: write `CODE\r\n` to scan. */
  scanner: PtyPair;
  log(): string;
}

/**
 * The console as it runs in a control room: `control-room start` in a terminal (tmux), its panel
 * and a serial badge scanner on socat pseudo-terminals, a keyboard-wedge scanner on its keyboard.
 */
export interface ConsoleSiteOptions {
  width?: number;
  height?: number;
  lang?: 'en';
  /** The site's shared folder to the desk exists (default), as on a real site; without it every sync fails. */
  deskInbox?: boolean;
  /** The serial badge scanner's port as configured; a path with nothing behind it keeps the reader down. */
  scannerPath?: string;
  beforeStart?: (configFile: string) => Promise<void>;
}

export async function consoleSite({ width = 80, height = 24, lang, deskInbox = true, scannerPath, beforeStart }: ConsoleSiteOptions = {}): Promise<ConsoleSite> {
  const panelPair = await createPtyPair();
  const scanner = await createPtyPair();
  const site = makeSite({
    panel: { path: panelPair.host, baudRate: 9600 },
    badgeReaders: [{ type: 'keyboard' }, { type: 'serial', path: scannerPath ?? scanner.host, baudRate: 9600 }],
  });
  // The site's shared folder to the service desk (sync target dir:./desk-inbox) is there, as on a real site.
  if (deskInbox) mkdirSync(join(dirname(site.configFile), 'desk-inbox'), { recursive: true });
  await beforeStart?.(site.configFile);
  const dataDir = site.config.dataDir;
  const logFile = join(dataDir, 'control-room.log');
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const term = await Terminal.open([process.execPath, CLI, 'start', '--config', site.configFile, ...(lang ? ['--lang', lang] : [])], { width, height });
  await waitFor('the console to open the panel port', () => log().includes('panel port open'), 20_000);
  const panel = new PanelSimulator({ path: panelPair.panel, heartbeatMs: 5_000 });
  await panel.start();
  return { configFile: site.configFile, dataDir, term, panel, scanner, log };
}

/** The console with the operator signed on by a keyboard-wedge scan, as at the start of a shift. */
export async function signedOnConsole(options: ConsoleSiteOptions = {}): Promise<ConsoleSite> {
  const site = await consoleSite(options);
  await site.term.waitFor(options.lang === 'en' ? 'NOBODY ON DUTY' : '请值班员刷卡上岗');
  await site.term.scanBadge(OPERATOR.badge);
  await site.term.waitFor(OPERATOR.name);
  return site;
}
