import { connect, createServer, type Server, type Socket } from 'node:net';
import { lockName } from '../register/lock.js';

/**
 * The running daemon's local door for commands that change state (`control-room sync`): a Unix
 * socket in Linux's abstract namespace beside the data directory's lock, named after it. One JSON
 * line in (`{"command":"sync"}`), one JSON line out. Like the lock, it vanishes with the process.
 */
export type ControlHandlers = Record<string, () => Promise<unknown>>;

export function controlName(dataDir: string): string {
  return `${lockName(dataDir)}-control`;
}

export class ControlServer {
  private constructor(private readonly server: Server) {}

  static async listen(dataDir: string, handlers: ControlHandlers): Promise<ControlServer> {
    const server = createServer((socket) => serve(socket, handlers));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(controlName(dataDir), () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new ControlServer(server);
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

function serve(socket: Socket, handlers: ControlHandlers): void {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  socket.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > 4096) return void socket.destroy();
    const nl = text.indexOf('\n');
    if (nl === -1) return;
    socket.removeAllListeners('data');
    let command = '';
    try {
      command = String((JSON.parse(text.slice(0, nl)) as { command?: unknown }).command);
    } catch {
      // answered below as an unknown command
    }
    const handler = Object.hasOwn(handlers, command) ? handlers[command] : undefined;
    const reply = handler
      ? handler().then(
          (result) => ({ ok: true, result }),
          (err: Error) => ({ ok: false, error: err.message }),
        )
      : Promise.resolve({ ok: false, error: `unknown command "${command}"; the daemon knows: ${Object.keys(handlers).join(', ')}` });
    void reply.then((r) => socket.end(`${JSON.stringify(r)}\n`));
  });
}

/** Thrown when no daemon answers on the control socket. */
export class NoDaemonError extends Error {}

/** Sends a command to the daemon holding the data directory and waits for its answer. */
export function askDaemon<T>(dataDir: string, command: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const socket = connect(controlName(dataDir));
    let text = '';
    let connected = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ command })}\n`);
    });
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (err) => {
      if (!connected) reject(new NoDaemonError(`no daemon answers on the control socket of ${dataDir} (${(err as NodeJS.ErrnoException).code ?? err.message})`));
      else reject(new Error(`the daemon's control socket failed: ${err.message}`));
    });
    socket.on('close', () => {
      if (!connected) return;
      const line = text.split('\n')[0] ?? '';
      if (!line) return reject(new Error('the daemon closed the control socket without answering (it stopped or was killed meanwhile)'));
      const r = JSON.parse(line) as { ok: boolean; result?: T; error?: string };
      if (r.ok) resolve(r.result as T);
      else reject(new Error(`the daemon could not ${command}: ${r.error}`));
    });
  });
}
