import { EventEmitter } from 'node:events';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { HidReader } from '../../devices/badge/hid-reader.js';
import { HidUnavailableError, loadNodeHid, type HidDevice, type HidDeviceInfo, type HidModule } from '../../devices/badge/hid-module.js';
import { waitFor } from '../helpers/panel-site.js';

/** A USB bus in memory: scanners plugged in and out, reports played into an open one. */
class FakeHidBus implements HidModule {
  plugged: HidDeviceInfo[] = [];
  open: (EventEmitter & HidDevice & { closed: boolean })[] = [];

  async devicesAsync(): Promise<HidDeviceInfo[]> {
    return [...this.plugged];
  }

  async openPath(path: string): Promise<HidDevice> {
    if (!this.plugged.some((d) => d.path === path)) throw new Error(`cannot open device with path ${path}`);
    const device = Object.assign(new EventEmitter(), { closed: false, close: () => void (device.closed = true) });
    this.open.push(device);
    return device;
  }

  play(reports: number[][]): void {
    const device = this.open.at(-1)!;
    for (const r of reports) device.emit('data', Buffer.from(r));
  }
}

const readers: HidReader[] = [];
afterEach(async () => {
  while (readers.length) await readers.pop()!.stop();
});

const SCANNER = { vendorId: 0x0c2e, productId: 0x0b61, path: '/dev/hidraw3' };
const key = (code: number, shift = false) => [shift ? 0x02 : 0, 0, code, 0, 0, 0, 0, 0];
const UP = [0, 0, 0, 0, 0, 0, 0, 0];
/** "EMP-0042" then Enter, each key followed by its key-up report, as a keyboard-mode scanner sends it. */
const EMP_0042 = [key(0x08, true), UP, key(0x10, true), UP, key(0x13, true), UP, key(0x2d), UP, key(0x27), UP, key(0x27), UP, key(0x21), UP, key(0x1f), UP, key(0x28), UP];

function reader(bus: FakeHidBus, extra: Partial<ConstructorParameters<typeof HidReader>[0]> = {}) {
  const r = new HidReader({ vendorId: SCANNER.vendorId, productId: SCANNER.productId, mode: 'keyboard', terminator: 'enter', load: async () => bus, pollMs: 30, ...extra });
  readers.push(r);
  const scans: string[] = [];
  const links: string[] = [];
  r.on('scan', (code) => scans.push(code));
  r.on('link', (s) => links.push(`${s.up ? 'up' : 'down'}: ${s.reason}`));
  r.start();
  return { r, scans, links };
}

describe('the USB HID badge reader', () => {
  it('keyboard mode: a scanner picked by vendor/product id, its reports decoded into a badge code', async () => {
    const bus = new FakeHidBus();
    bus.plugged = [{ vendorId: 0x1234, productId: 0x5678, path: '/dev/hidraw1' }, SCANNER];
    const { scans, links } = reader(bus);
    await waitFor('open', () => bus.open.length === 1);
    bus.play(EMP_0042);
    await waitFor('the scan', () => scans.length === 1);
    expect(scans).toEqual(['EMP-0042']);
    expect(links).toEqual(['up: hid:0c2e:0b61 open (keyboard mode)']);
  });

  it('POS mode: the configured report layout', async () => {
    const bus = new FakeHidBus();
    bus.plugged = [SCANNER];
    const { scans } = reader(bus, { mode: 'pos', reportId: 2, lengthOffset: 1, dataOffset: 2 });
    await waitFor('open', () => bus.open.length === 1);
    const code = Buffer.from('EMP-000101');
    bus.play([[2, code.length, ...code, 0, 0, 0]]);
    await waitFor('the scan', () => scans.length === 1);
    expect(scans).toEqual(['EMP-000101']);
  });

  it('unplugged (gone from the enumeration) and plugged back: closed, reported, reopened', async () => {
    const bus = new FakeHidBus();
    bus.plugged = [SCANNER];
    const { scans, links } = reader(bus);
    await waitFor('open', () => bus.open.length === 1);
    bus.plugged = [];
    await waitFor('the unplug', () => links.length === 2);
    expect(bus.open[0]!.closed).toBe(true);
    bus.plugged = [SCANNER];
    await waitFor('reopened', () => bus.open.length === 2);
    bus.play(EMP_0042);
    await waitFor('a scan on the new handle', () => scans.length === 1);
    expect(links).toEqual(['up: hid:0c2e:0b61 open (keyboard mode)', 'down: unplugged; waiting for it to be plugged back in', 'up: hid:0c2e:0b61 open (keyboard mode)']);
  });

  it('a read error counts as an unplug; a scanner not plugged in at start is waited for', async () => {
    const bus = new FakeHidBus();
    const { links } = reader(bus);
    await waitFor('reported absent', () => links.length === 1);
    expect(links[0]).toBe('down: no scanner hid:0c2e:0b61 plugged in');
    bus.plugged = [SCANNER];
    await waitFor('opened', () => bus.open.length === 1);
    bus.open[0]!.emit('error', new Error('could not read from HID device'));
    await waitFor('down', () => links.some((l) => l.startsWith('down: could not read from HID device; waiting for it')));
    // Still listed, so it is opened again at the next look.
    await waitFor('reopened', () => bus.open.length === 2);
  });

  it('when node-hid cannot load, the reader says what to install and nothing else breaks', async () => {
    const { links, r } = reader(new FakeHidBus(), {
      load: async () => {
        throw new HidUnavailableError('USB HID badge readers are unavailable: node-hid cannot load libusb (x). Install it: apt-get install libusb-1.0-0, then restart control-room');
      },
    });
    await waitFor('reported', () => links.length === 1);
    expect(r.link()).toMatchObject({ up: false, reason: expect.stringContaining('apt-get install libusb-1.0-0') });
  });

  it('the real node-hid loads (libusb installed by .ci/run) and enumerates: an empty list is fine here', async () => {
    const hid = await loadNodeHid('libusb');
    expect(Array.isArray(await hid.devicesAsync())).toBe(true);
  });
});

describe('the daemon with libusb made unavailable', () => {
  it('starts, and reports the HID reader unavailable with the install hint', async () => {
    // libusb hidden behind an empty file in a private mount namespace: the real loader's real error.
    const probe = spawnSync('unshare', ['--mount', '--fork', 'true']);
    expect(probe.status, 'unshare --mount must work here (root, as in CI)').toBe(0);
    const { makeSite, CLI } = await import('../helpers/site.js');
    const { configFile } = makeSite({ badgeReaders: [{ type: 'hid', vendorId: 0x0c2e, productId: 0x0b61 }], panel: undefined });
    const script = `mount --bind /dev/null /usr/lib/x86_64-linux-gnu/libusb-1.0.so.0 && exec timeout --preserve-status -s TERM 4 ${process.execPath} ${CLI} start --config ${configFile} --headless`;
    const r = spawnSync('unshare', ['--mount', '--fork', 'sh', '-c', script], { encoding: 'utf8' });
    expect(r.stdout).toContain('"register ready"');
    expect(r.stdout).toMatch(/"device":"hid:0c2e:0b61","up":false,"reason":"USB HID badge readers are unavailable: node-hid cannot load libusb .*Install it: apt-get install libusb-1.0-0.*"msg":"badge reader down"/);
    expect(r.stdout).toContain('"register closed"');
    expect(r.status).toBe(0);
  });
});
