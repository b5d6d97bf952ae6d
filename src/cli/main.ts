import { Command, CommanderError } from 'commander';
import { demoCommand } from './commands/demo.js';
import { deskCommand } from './commands/desk/index.js';
import { logCommand } from './commands/log.js';
import { ordersCommand } from './commands/orders.js';
import { purgeCommand } from './commands/purge.js';
import { registerCommand } from './commands/register.js';
import { shiftCommand } from './commands/shift.js';
import { simulateCommand } from './commands/simulate.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { syncCommand } from './commands/sync.js';
import { verifyCommand } from './commands/verify.js';
import { CliFailure, reportAndExit } from './fail.js';
import { testClockProblem } from '../time/clock.js';

const program = new Command('control-room')
  .description('the control room (中控室) of a residential estate: intercom, badges, the register and sync to the service desk')
  .showHelpAfterError('(run with --help for usage)')
  // Usage mistakes exit 2 like every other bad input; --help and --version exit 0.
  .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? 0 : 2));

for (const add of [demoCommand, startCommand, statusCommand, registerCommand, logCommand, verifyCommand, purgeCommand, simulateCommand, ordersCommand, shiftCommand, syncCommand, deskCommand]) add(program);

// The test suite's clock shift must never stamp a real register (src/time/clock.ts).
const clockProblem = testClockProblem();
if (clockProblem) reportAndExit(new CliFailure(clockProblem, 2));

program.parseAsync(process.argv).catch(reportAndExit);
