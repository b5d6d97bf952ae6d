import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import stringWidth from 'string-width';
import { TEST_CLOCK_VAR } from '../../src/time/clock.js';

const run = promisify(execFile);
let sessions = 0;

/**
 * A terminal driven as a person would: tmux runs the console in a window of a given size;
 * `keys` presses keys (tmux names: Enter, Escape, F2, C-s, Up), `type` types text, `screen`
 * reads what is shown (capture-pane). Each console gets its own tmux server.
 */
export class Terminal {
  private constructor(
    private readonly socket: string,
    readonly width: number,
    readonly height: number,
  ) {}

  /** Runs `command` (argv) in a new terminal; after it ends the window shows `EXIT=<code>`. */
  static async open(command: string[], { width = 80, height = 24, cwd, env = {} }: { width?: number; height?: number; cwd?: string; env?: Record<string, string> } = {}): Promise<Terminal> {
    const socket = `cr-test-${process.pid}-${++sessions}`;
    const quoted = command.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // The site's clock (test/helpers/site-time.ts) goes with the console, as with every process a test starts.
    const clock = { NODE_ENV: 'test', [TEST_CLOCK_VAR]: process.env[TEST_CLOCK_VAR] ?? '0' };
    const envs = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', ...clock, ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    await run('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'console', '-x', String(width), '-y', String(height), ...(cwd ? ['-c', cwd] : []), ...envs, `${quoted}; echo EXIT=$?; sleep 3600`]);
    // The pane's shell leads the process group the console runs in: closing waits for all of it.
    const { stdout } = await run('tmux', ['-L', socket, 'display-message', '-p', '-t', 'console', '#{pane_pid}']);
    live.set(socket, Number(stdout.trim()));
    return new Terminal(socket, width, height);
  }

  /** Presses keys by their tmux names, one after another. */
  async keys(...names: string[]): Promise<void> {
    for (const name of names) {
      await run('tmux', ['-L', this.socket, 'send-keys', '-t', 'console', name]);
      // A person's keys are tens of milliseconds apart; a scanner's burst is one write.
      await pause(60);
    }
  }

  /** Types text as a person would: one write for the text, which never ends a scan (no Enter). */
  async type(text: string): Promise<void> {
    await run('tmux', ['-L', this.socket, 'send-keys', '-t', 'console', '-l', text]);
    await pause(80);
  }

  /** A keyboard-wedge scanner: the code and Enter in one fast burst. */
  async scanBadge(code: string): Promise<void> {
    await run('tmux', ['-L', this.socket, 'send-keys', '-t', 'console', '-l', `${code}\r`]);
  }

  async screen(): Promise<string> {
    const { stdout } = await run('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', 'console']);
    return stdout;
  }

  /** Waits until the screen satisfies `check` (a string it must contain, or a predicate). */
  async waitFor(check: string | RegExp | ((screen: string) => boolean), ms = 10_000): Promise<string> {
    const test = typeof check === 'string' ? (s: string) => s.includes(check) : check instanceof RegExp ? (s: string) => check.test(s) : check;
    const end = Date.now() + ms;
    let last = '';
    for (;;) {
      last = await this.screen();
      if (test(last)) return last;
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${String(check)}; the screen shows:\n${last}`);
      await pause(50);
    }
  }

  /** Whether the terminal's bell rang in the window (tmux's bell flag; the session is never looked at, so it stays set). */
  async bellRang(): Promise<boolean> {
    const { stdout } = await run('tmux', ['-L', this.socket, 'display-message', '-p', '-t', 'console', '#{window_bell_flag}']);
    return stdout.trim() === '1';
  }

  async close(): Promise<void> {
    await closeTerminal(this.socket);
  }
}

/** Each open terminal's tmux socket and the process group of what runs in it. */
const live = new Map<string, number>();

/**
 * Ends the terminal (the console gets SIGHUP, as when a window closes) and waits until the console
 * has stopped: a test's clean-up removing its site must not race the console's last writes.
 */
async function closeTerminal(socket: string): Promise<void> {
  const group = live.get(socket);
  live.delete(socket);
  await run('tmux', ['-L', socket, 'kill-server']).catch(() => undefined);
  if (!group) return;
  const end = Date.now() + 15_000;
  while (Date.now() < end && alive(-group)) await pause(50);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function closeTerminals(): Promise<void> {
  for (const socket of [...live.keys()]) await closeTerminal(socket);
}

export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Every line of a capture fits the terminal's width (Chinese characters count two columns). */
export function widestLine(screen: string): number {
  return Math.max(...screen.split('\n').map((l) => stringWidth(l)));
}

/**
 * English sentences on a screen: three or more English words in a row. The Chinese console may
 * show codes and key names (H4c, EMP-000101, Ctrl+O) but never an English sentence.
 */
export function englishSentences(screen: string): string[] {
  return screen.match(/[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){2,}/g) ?? [];
}
