import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner } from '../../devices/badge/serial-scanner.js';
import { openSerialPort } from '../../devices/serial/open-port.js';
import { waitFor } from '../helpers/panel-site.js';
import { createPtyPair, destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';

const scanners: SerialScanner[] = [];
afterEach(async () => {
  while (scanners.length) await scanners.pop()!.stop();
  await destroyPtyPairs();
});

async function scannerOn(path: string) {
  const scanner = new SerialScanner({ path, baudRate: 9600, reconnectFirstMs: 100, reconnectMaxMs: 500 });
  scanners.push(scanner);
  const scans: string[] = [];
  const rejected: string[] = [];
  const links: string[] = [];
  scanner.on('scan', (code) => scans.push(code));
  scanner.on('rejected', (what, reason) => rejected.push(`${what.length}:${reason}`));
  scanner.on('link', (s) => links.push(s.up ? 'up' : 'down'));
  scanner.start();
  await waitFor('the scanner port to open', () => scanner.link().up);
  return { scanner, scans, rejected, links };
}

describe('the serial badge scanner over a real pseudo-terminal (socat)', () => {
  it('reads scans played by `simulate scanner`, with CR LF or a bare LF', async () => {
    const pair = await createPtyPair();
    const { scans } = await scannerOn(pair.host);
    const r = await runCli(['simulate', 'scanner', '--port', pair.panel, 'EMP-000101']);
    expect(r.stdout).toContain(`scanned EMP-000101 on ${pair.panel}`);
    await waitFor('the scan', () => scans.length === 1);
    const port = await openSerialPort({ path: pair.panel, baudRate: 9600 });
    port.write('EMP-000102\n');
    await waitFor('the second scan', () => scans.length === 2);
    port.close();
    expect(scans).toEqual(['EMP-000101', 'EMP-000102']);
  });

  it('a line far longer than a badge is cut (the buffer stays small) and rejected, and the next scan still reads', async () => {
    const pair = await createPtyPair();
    const { scans, rejected, scanner } = await scannerOn(pair.host);
    const port = await openSerialPort({ path: pair.panel, baudRate: 9600 });
    port.write(`${'X'.repeat(1 << 20)}\r\nEMP-000103\r\n`);
    await waitFor('the scan after the flood', () => scans.includes('EMP-000103'), 20_000);
    port.close();
    expect(rejected).toEqual(['64:cut-line']);
    expect(scanner.link().up).toBe(true);
  });

  it('unplugged and plugged back: noticed, reopened without a restart, and reading again', async () => {
    const pair = await createPtyPair();
    const { scans, links, scanner } = await scannerOn(pair.host);
    await pair.kill();
    await waitFor('the unplug to be noticed', () => links.includes('down'));
    await new Promise((r) => setTimeout(r, 1_000));
    await pair.recreate();
    await waitFor('the scanner back', () => scanner.link().up && links.at(-1) === 'up', 10_000);
    await runCli(['simulate', 'scanner', '--port', pair.panel, 'EMP-000104']);
    await waitFor('the scan after the return', () => scans.includes('EMP-000104'));
    expect(links).toEqual(['up', 'down', 'up']);
  });
});
