/**
 * node-hid, loaded only when a HID reader is configured: its Linux binaries need libusb-1.0 even
 * for hidraw, and a missing library must not stop the control room, only this reader.
 */

/** The part of node-hid the readers use (a fake of it stands in for tests). */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string;
  usagePage?: number;
  usage?: number;
}

export interface HidDevice {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): Promise<void> | void;
}

export interface HidModule {
  devicesAsync(): Promise<HidDeviceInfo[]>;
  openPath(path: string): Promise<HidDevice>;
}

/**
 * libusb for keyboard-mode scanners (it detaches the kernel's keyboard driver while the device is
 * held, so a scan is not also typed into the console, and hands it back on close); hidraw for POS
 * scanners, which are not keyboards. node-hid loads one driver per process, at its first use.
 */
export type HidDriver = 'libusb' | 'hidraw';

export class HidUnavailableError extends Error {}

/** What to tell a person when node-hid's native part cannot load. */
export function hidInstallHint(err: Error): string {
  const why = err.message.split('\n')[0];
  if (/libusb/i.test(err.message)) {
    return `USB HID badge readers are unavailable: node-hid cannot load libusb (${why}). Install it: apt-get install libusb-1.0-0, then restart control-room`;
  }
  return `USB HID badge readers are unavailable: node-hid cannot load (${why}). Reinstall control-room (npm ci) on this machine`;
}

/** Loads node-hid with its driver and makes it answer once, so that a missing native library shows now. */
export async function loadNodeHid(driver: HidDriver): Promise<HidModule> {
  try {
    const mod = (await import('node-hid')) as unknown as {
      devicesAsync: () => Promise<HidDeviceInfo[]>;
      HIDAsync: { open: (path: string) => Promise<HidDevice> };
      setDriverType: (t: HidDriver) => void;
    };
    mod.setDriverType(driver);
    await mod.devicesAsync();
    return { devicesAsync: () => mod.devicesAsync(), openPath: (path) => mod.HIDAsync.open(path) };
  } catch (err) {
    throw new HidUnavailableError(hidInstallHint(err as Error));
  }
}
