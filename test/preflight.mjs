// Runs before the tests (npm test): says what is missing from the machine, instead of letting
// the serial-line tests fail with a spawn error or the desk tests with a connection error.
import { spawnSync } from 'node:child_process';

const missing = [];
if (spawnSync('socat', ['-V'], { stdio: 'ignore' }).error) missing.push('socat (pseudo-terminal pairs for the serial-line tests)');
if (spawnSync('tmux', ['-V'], { stdio: 'ignore' }).error) missing.push('tmux (the console tests drive the console in it)');
const libs = spawnSync('ldconfig', ['-p'], { encoding: 'utf8' }).stdout ?? '';
if (!libs.includes('libusb-1.0.so.0')) missing.push('libusb-1.0-0 (node-hid, for the USB HID badge reader tests)');
if (spawnSync('pdftoppm', ['-v'], { stdio: 'ignore' }).error) missing.push('poppler-utils (pdftoppm, pdftotext: the printed order tests)');

// The desk over PostgreSQL is tested against a real server (test/helpers/desk.ts).
const pgUrl = process.env.CONTROL_ROOM_TEST_PG ?? 'postgres://control_room:control_room@127.0.0.1:5432/postgres';
let pgProblem;
try {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
  await client.connect();
  const r = await client.query('SELECT rolcreatedb FROM pg_roles WHERE rolname = current_user');
  await client.end();
  if (!r.rows[0]?.rolcreatedb) pgProblem = `the role at ${pgUrl} cannot create databases (each desk test makes its own): ALTER ROLE ... CREATEDB`;
} catch (err) {
  pgProblem = `PostgreSQL at ${pgUrl}: ${err.message}`;
}
if (pgProblem) {
  missing.push(
    `a PostgreSQL server for the desk tests (${pgProblem}); on Debian: apt-get install -y postgresql && bash .ci/postgres ` +
      '(starts the cluster, makes the control_room role), or set CONTROL_ROOM_TEST_PG=postgres://USER:PASSWORD@HOST:PORT/DB for a role with CREATEDB',
  );
}
if (process.getuid?.() !== 0) missing.push('root (the test of a shared folder that fills up mounts a small tmpfs)');

if (missing.length > 0) {
  process.stderr.write(
    `The tests need: ${missing.join(';\n  ')}.\nOn Debian: apt-get update && apt-get install -y socat tmux libusb-1.0-0 poppler-utils postgresql && bash .ci/postgres (or run bash .ci/run, which does it all).\n`,
  );
  process.exit(1);
}
