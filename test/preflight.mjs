// Runs before the tests (npm test): says what is missing from the machine, instead of letting
// the serial-line tests fail with a spawn error.
import { spawnSync } from 'node:child_process';

const missing = [];
if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).error) missing.push('socat (pseudo-terminal pairs for the serial-line tests)');
if (spawnSync('tmux', ['-V'], { stdio: 'ignore' }).error) missing.push('tmux (the console tests drive the console in it)');
const libs = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout ?? '';
if (!libs.includes('libusb-1.0.so.0')) missing.push('libusb-1.0-0 (node-hid, for the USB HID badge reader tests)');
if (spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error) missing.push('poppler-utils (pdftoppm, pdftotext: the printed order tests)');
if (missing.length > 0) {
  process.stderr.write(
    `The tests need: ${missing.join(', ')}.\nOn Debian: apt-get update && apt-get install -y socat tmux libusb-1.0-0 poppler-utils (or run bash .ci/run, which does it).\n`,
  );
  process.exit(1);
}
