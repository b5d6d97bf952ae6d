// Runs before the tests (npm test). The suite needs a few Debian packages and a PostgreSQL server:
// as root on Debian this installs what is missing and starts PostgreSQL (as .ci/postgres does), so
// that `npm install && npm test` works on a fresh machine; as another user it prints the one
// command to run, instead of letting the tests fail with spawn or connection errors.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PG_URL = process.env.CONTROL_ROOM_TEST_PG ?? 'postgres://control_room:control_room@127.0.0.1:5432/postgres';
const usesDefaultPg = process.env.CONTROL_ROOM_TEST_PG === undefined;

const has = (command, args = ['--version']) => !spawnSync(command, args, { stdio: 'ignore' }).error;
const libraries = () => spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout ?? '';
const pgServerInstalled = () => existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`));

/** Each Debian package the tests use, what for, and how to tell it is there. */
const PACKAGES = [
  { name: 'socat', why: 'pseudo-terminal pairs for the serial-line tests', present: () => has('socat', ['-V']) },
  { name: 'tmux', why: 'the console tests drive the console in it', present: () => has('tmux', ['-V']) },
  { name: 'libusb-1.0-0', why: 'node-hid, for the USB HID badge reader tests', present: () => libraries().includes('libusb-1.0.so.0') },
  { name: 'poppler-utils', why: 'pdftoppm and pdftotext read back the printed orders', present: () => has('pdftoppm', ['-v']) },
  { name: 'faketime', why: 'the clock sweep runs the time-sensitive tests at awkward instants', present: () => has('faketime', ['--version']) },
  { name: 'chromium', why: "the desk's pages are tested in headless Chromium (driven by playwright-core)", present: () => existsSync('/usr/bin/chromium') },
  { name: 'chromium-l10n', why: "Chromium's Chinese interface: a date field drawn 2026/11/30 as in a clerk's browser, not 11/30/2026", present: () => existsSync('/usr/lib/chromium/locales/zh-CN.pak') },
  { name: 'fonts-noto-cjk', why: "Chinese glyphs for the desk's pages in Chromium's screenshots", present: () => (spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout ?? '').trim() !== '' },
  { name: 'postgresql', why: "the desk's PostgreSQL store is tested against a real server", present: () => !usesDefaultPg || pgServerInstalled() },
];

const isRoot = process.getuid?.() === 0;
const isDebian = existsSync('/etc/debian_version') && has('apt-get', ['--version']);

function run(command, args, env = {}) {
  process.stderr.write(`preflight: ${command} ${args.join(' ')}\n`);
  const r = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (r.status !== 0) fail(`\`${command} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}); fix that and run npm test again`);
}

function fail(message) {
  process.stderr.write(`npm test: ${message}\n`);
  process.exit(1);
}

async function pgProblem() {
  try {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
    await client.connect();
    const r = await client.query('SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user');
    await client.end();
    return r.rows[0]?.rolcreatedb ? undefined : `the role at ${PG_URL} cannot create databases (each desk test makes its own): ALTER ROLE ... CREATEDB`;
  } catch (err) {
    return `PostgreSQL at ${PG_URL}: ${err.message}`;
  }
}

const missing = PACKAGES.filter((p) => !p.present());
const oneCommand = `sudo apt-get update && sudo apt-get install -y ${PACKAGES.map((p) => p.name).join(' ')} && sudo bash .ci/postgres`;

if (missing.length > 0) {
  if (!isRoot || !isDebian) {
    fail(
      `the tests need ${missing.map((p) => `${p.name} (${p.why})`).join(', ')}.\n` +
        (isDebian ? `Run once: ${oneCommand}\nthen npm test again (as root it installs them itself).` : 'Install them with your system\'s package manager, then run npm test again.'),
    );
  }
  run('apt-get', ['update', '-qq'], { DEBIAN_FRONTEND: 'noninteractive' });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map((p) => p.name)], { DEBIAN_FRONTEND: 'noninteractive' });
  const still = missing.filter((p) => !p.present());
  if (still.length > 0) fail(`installed, but still not found: ${still.map((p) => p.name).join(', ')}`);
}

let problem = await pgProblem();
if (problem && usesDefaultPg && isRoot && isDebian) {
  run('bash', [join(ROOT, '.ci/postgres')]);
  problem = await pgProblem();
}
if (problem) {
  fail(
    `a PostgreSQL server for the desk tests: ${problem}.\n` +
      (usesDefaultPg ? `Run once: sudo bash .ci/postgres (starts the cluster, makes the control_room role); ` : '') +
      'or set CONTROL_ROOM_TEST_PG=postgres://USER:PASSWORD@HOST:PORT/DB for a role with CREATEDB.',
  );
}
if (!isRoot) fail('the tests run as root (one test mounts a small tmpfs to fill a shared folder).');
