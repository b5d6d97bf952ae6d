// Runs the time-sensitive test files again with the machine's clock and zone set to awkward
// instants (libfaketime), to prove the suite does not depend on when or where it runs (issue 11):
// every test decides its own time (test/helpers/site-time.ts), so these runs must pass as the
// ordinary one does. `npm run test:sweep`; CI runs it after `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';

const SITE_ZONE = 'Asia/Shanghai';

/** The site's local instants, each with a different zone for the machine itself. */
const INSTANTS = [
  { site: '2026-11-30T20:09:00', machineZone: 'Asia/Shanghai', why: 'after the day\'s last sync slot (17:30), when the suite used to fail' },
  { site: '2026-12-31T23:59:00', machineZone: 'UTC', why: 'one minute before local midnight at the year\'s end, so the run crosses both' },
  { site: '2027-03-01T08:29:50', machineZone: 'America/New_York', why: 'ten seconds before the morning sync slot (08:30)' },
];

const WORKERS = Number(process.env.SWEEP_WORKERS ?? 4);

/** The console, handover, duty, sync-schedule and deadline tests. */
const FILES = [
  'test/console',
  'test/rules/H1-H2-duty-badges.test.ts',
  'test/rules/H1-H3-step-away.test.ts',
  'test/rules/H4-H7-handover.test.ts',
  'test/rules/H5-handover-timing.test.ts',
  'test/rules/H8-holidays.test.ts',
  'test/rules/H9-escalation.test.ts',
  'test/rules/deadlines-days.test.ts',
  'test/rules/F1-F8-followups.test.ts',
  'test/badge/handover-scanner.test.ts',
  'test/sync/R8-schedule.test.ts',
  'test/sync/daily-timer.test.ts',
  'test/sync/daemon-sync.test.ts',
  'test/cli/shift.test.ts',
  'test/cli/test-clock.test.ts',
];

if (spawnSync('faketime', ['--version'], { stdio: 'ignore' }).error) {
  process.stderr.write('The clock sweep needs libfaketime: apt-get install -y faketime (npm test installs it when run as root).\n');
  process.exit(1);
}
// vitest's own launcher (its package exports do not name it).
const vitest = join(import.meta.dirname, '../../node_modules/vitest/vitest.mjs');
if (!existsSync(vitest)) throw new Error(`vitest not found at ${vitest}; run npm install`);

let failed = 0;
for (const { site, machineZone, why } of INSTANTS) {
  const at = DateTime.fromISO(site, { zone: SITE_ZONE });
  const machineLocal = at.setZone(machineZone).toFormat('yyyy-MM-dd HH:mm:ss');
  process.stdout.write(`\n=== clock sweep: ${at.toFormat('yyyy-MM-dd HH:mm:ss')} ${SITE_ZONE} (machine zone ${machineZone}, ${machineLocal}): ${why}\n`);
  const started = Date.now();
  // An offset from the real clock rather than a start time ('@…'): with a start time every process
  // would begin again at that instant, and the console a test starts would lag the test behind it.
  const offsetSeconds = Math.round((at.toMillis() - started) / 1000);
  // Four workers on two cores: these files mostly wait on tmux, ptys and timers (a run used a
  // quarter of the CPU with vitest's one worker), so the sweep keeps within its 5 minutes.
  const run = spawnSync('faketime', ['-f', `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}s`, process.execPath, vitest, 'run', `--maxWorkers=${WORKERS}`, ...FILES], {
    stdio: 'inherit',
    env: { ...process.env, TZ: machineZone },
  });
  process.stdout.write(`=== ${run.status === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n`);
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
