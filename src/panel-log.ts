import type { PanelDevice } from '../devices/intercom/panel.js';
import type { Logger } from './log.js';

/**
 * The panel's link in the daemon's log. A silent line makes the link rebuild its port every 30 s
 * (the port may look open while leading nowhere); "waiting for frames" is said once per outage,
 * not for every rebuild, so that a night without a panel is one line, not 1,440.
 */
export function logPanelLink(panel: PanelDevice, log: Logger): void {
  let waitingSaid = false;
  panel.on('port-open', (path) => {
    if (waitingSaid) return void log.debug({ device: 'panel', path }, 'panel port reopened; still waiting for frames');
    waitingSaid = true;
    log.info({ device: 'panel', path }, 'panel port open; waiting for frames');
  });
  panel.on('link', (s) => {
    if (s.up) waitingSaid = false;
    log.info({ device: s.device, up: s.up, reason: s.reason }, s.up ? 'panel link up' : 'panel link down');
  });
}
