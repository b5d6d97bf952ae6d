import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';

/** The native binding, or @serialport/binding-mock in tests. */
export type SerialBinding = ConstructorParameters<typeof SerialPortStream>[0]['binding'];

/** What a serial port is opened with; tests pass @serialport/binding-mock as `binding`. */
export interface SerialOptions {
  path: string;
  baudRate: number;
  binding?: SerialBinding;
}

/**
 * Opens a brand-new port (8N1, no flow control). A port whose stream was destroyed (a write during
 * an unplug) never reads again, so every (re)connect builds a fresh one rather than reopening the
 * old object.
 */
export function openSerialPort(opts: SerialOptions): Promise<SerialPortStream> {
  const port = new SerialPortStream({
    binding: opts.binding ?? SerialPort.binding,
    path: opts.path,
    baudRate: opts.baudRate,
    dataBits: 8,
    parity: 'none',
    stopBits: 1,
    autoOpen: false,
  });
  return new Promise((resolve, reject) => {
    port.open((err) => (err ? reject(err) : resolve(port)));
  });
}
