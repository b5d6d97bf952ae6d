import type { Command } from 'commander';
import { addFollowups } from './followups.js';
import { addIntake } from './intake.js';
import { addVerify } from './verify.js';
import { addViews } from './views.js';
import { addUser } from './user.js';
import { addDemo } from './demo.js';
import { followDeskLang } from './language.js';

/** `control-room desk ...`: the service desk's side, on its own machine or at head office. */
export function deskCommand(program: Command): void {
  const desk = program.command('desk').description("the service desk's side: take in batches, the synced register, follow-ups (F1-F8), verify");
  followDeskLang(desk);
  addIntake(desk);
  addViews(desk);
  addFollowups(desk);
  addVerify(desk);
  addUser(desk);
  addDemo(desk);
}
