import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { loadDeskConfig } from '../../../desk/config/load.js';
import { PASSWORD_MIN_LENGTH, PasswordFile, passwordProblem } from '../../../desk/web/auth/passwords.js';
import { localIso } from '../../../time/zone.js';
import { systemClock } from '../../../time/clock.js';
import { CliFailure } from '../../fail.js';
import { said } from './language.js';
import { CONFIG_HELP, need, out } from './common.js';

/**
 * Reads the password: typed at a prompt that does not echo it, twice, or the first line of stdin
 * when it is a pipe (for scripts). Never from argv, where `ps` and the shell's history would keep it.
 */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      // Echo nothing of what is typed: the prompt alone is written.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(prompt)) process.stdout.write(prompt);
      };
      rl.question(prompt, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
  const first = await ask('密码 (password): ');
  const again = await ask('再输一次 (again): ');
  if (first !== again) throw new CliFailure(said().passwordsDiffer, 2);
  return first;
}

/** `desk user set-password --config desk.json BADGE`: a desk person's password, stored as an scrypt hash (0600). */
export function addUser(desk: Command): void {
  const user = desk.command('user').description("the desk's people: passwords for the pages");
  user
    .command('set-password')
    .description('set the password a person of the desk roster signs in with (read from a prompt, or stdin when piped)')
    .argument('<badge>', "the person's badge, as on the desk roster")
    .option('--config <file>', CONFIG_HELP)
    .option('--lang <lang>', 'zh (default) or en')
    .action(async (badgeArg: string, opts: { config?: string; lang?: string }) => {
      need([['--config', opts.config]]);
      const cfg = loadDeskConfig(opts.config!);
      const badge = badgeArg.trim().toUpperCase();
      const person = cfg.roster.find((p) => p.badge === badge);
      if (!person) throw new CliFailure(said().notOnDeskRoster(badge, cfg.rosterFile), 2);
      const password = await readPassword();
      const problem = passwordProblem(password);
      if (problem) throw new CliFailure(said().weakPassword(problem, PASSWORD_MIN_LENGTH), 2);
      const file = new PasswordFile(cfg.dataDir);
      await file.set(badge, password, localIso(systemClock.now(), cfg.timezone));
      out(said().passwordSet(person.name, badge, person.active));
    });
}
