import { Command } from 'commander';
import { logCommand } from './commands/log.js';
import { purgeCommand } from './commands/purge.js';
import { registerCommand } from './commands/register.js';
import { simulateCommand } from './commands/simulate.js';
import { startCommand } from './commands/start.js';
import { statusCommand } from './commands/status.js';
import { verifyCommand } from './commands/verify.js';
import { reportAndExit } from './fail.js';

const program = new Command('control-room')
  .description('the control room (中控室) of a residential estate: intercom, badges, the register and sync to the service desk')
  .showHelpAfterError('(run with --help for usage)');

for (const add of [startCommand, statusCommand, registerCommand, logCommand, verifyCommand, purgeCommand, simulateCommand]) add(program);

program.parseAsync(process.argv).catch(reportAndExit);
