import { spawn, type ChildProcess } from 'node:child_process';
import { CLI } from './site.js';

export interface Daemon {
  child: ChildProcess;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

/** Starts `control-room start --headless` and resolves once it logged "register ready" (or ended). */
export function startDaemon(configFile: string): Promise<Daemon> {
  const child = spawn(process.execPath, [CLI, 'start', '--config', configFile, '--headless'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | string>((done) => child.on('exit', (code, signal) => done(code ?? signal ?? -1)));
  return new Promise((ready) => {
    const daemon: Daemon = { child, output: () => out, exited };
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('"register ready"')) ready(daemon);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => ready(daemon));
  });
}
