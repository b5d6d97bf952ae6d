import type { Command } from 'commander';
import { deskProblems, type DeskProblems } from '../../../../screens/text/desk-problems.js';
import type { Lang } from '../../../../screens/text/labels.js';
import { langFrom } from '../../options.js';

/**
 * The language of the desk command being run: set once from its --lang before its action (one
 * command per process), so that every problem it reports, wherever found, is in that language.
 */
let current: Lang = 'zh';

export function followDeskLang(desk: Command): void {
  desk.hook('preAction', (_desk, action) => {
    current = langFrom(action.opts<{ lang?: string }>());
  });
}

export function deskLang(): Lang {
  return current;
}

/** The desk's problem words in the command's language. */
export function said(): DeskProblems {
  return deskProblems(current);
}
