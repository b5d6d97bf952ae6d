import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/error.js';
import { closeSync, constants, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { replaceExclusive } from '../desk/exclusive-write.js';

/**
 * The running daemon's local door for commands that change state (`control-room sync`): a Unix
 * socket file, `DATA/control/daemon.sock`, in a folder only the daemon's user may enter (0700),
 * itself 0600: the kernel lets no other user connect (root aside). Node cannot ask a connection
 * for its peer's uid (SO_PEERCRED), so each request also carries the token of
 * `DATA/control/token` (0600, new at every start): only a process that may read the daemon's
 * files can send a command, whatever becomes of the socket's mode. One JSON line in
 * (`{"command":"sync","token":"…"}`), one JSON line out.
 */
export type ControlHandlers = Record<string, () => Promise<unknown>>;

export const controlDir = (dataDir: string) => join(dataDir, 'control');
export const controlSocket = (dataDir: string) => join(controlDir(dataDir), 'daemon.sock');
const tokenFile = (dataDir: string) => join(controlDir(dataDir), 'token');

/** The most bytes a Unix socket's path may have on Linux (sun_path is 108, with its NUL). */
const MAX_SOCKET_PATH = 107;

/**
 * Why this data directory cannot hold the control socket, if it cannot: a longer path is not
 * refused by the kernel but cut short, so the socket would land outside `DATA/control/`.
 */
export function controlSocketProblem(dataDir: string): string | undefined {
  const bytes = Buffer.byteLength(controlSocket(dataDir));
  if (bytes <= MAX_SOCKET_PATH) return undefined;
  const over = bytes - MAX_SOCKET_PATH;
  return `dataDir ${dataDir} is too long for the daemon's control socket (${bytes} bytes with control/daemon.sock, at most ${MAX_SOCKET_PATH}): choose a data directory at least ${over} bytes shorter`;
}

export class ControlServer {
  private constructor(
    private readonly server: Server,
    private readonly dataDir: string,
  ) {}

  /** Called holding the data directory's lock: what is in `DATA/control/` is this daemon's to replace. */
  static async listen(dataDir: string, handlers: ControlHandlers): Promise<ControlServer> {
    const tooLong = controlSocketProblem(dataDir);
    if (tooLong) throw new ConfigError([tooLong]);
    ownPrivateDir(controlDir(dataDir));
    const socketPath = controlSocket(dataDir);
    try {
      unlinkSync(socketPath); // a killed daemon's
    } catch {
      // none
    }
    const token = randomBytes(32).toString('hex');
    await replaceExclusive(tokenFile(dataDir), token, 0o600);
    const server = createServer((socket) => serve(socket, handlers, token));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(socketPath, 0o600);
    return new ControlServer(server, dataDir);
  }

  async close(): Promise<void> {
    await new Promise<void>((done) => this.server.close(() => done()));
    for (const f of [tokenFile(this.dataDir), controlSocket(this.dataDir)]) {
      try {
        unlinkSync(f);
      } catch {
        // already gone
      }
    }
  }
}

/**
 * `DATA/control/`: made 0700 by the daemon's user. A link or someone else's folder there is
 * refused: it could lead the daemon's socket and token where another user reads them.
 */
function ownPrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = lstatSync(dir);
  const mine = st.isDirectory() && (!process.geteuid || st.uid === process.geteuid());
  if (!mine || (st.mode & 0o077) !== 0) {
    throw new Error(
      `${dir} is ${st.isSymbolicLink() ? 'a symbolic link' : mine ? `open to other users (mode ${(st.mode & 0o777).toString(8)})` : 'not a folder of this user'}; remove it, the daemon makes its own (0700)`,
    );
  }
}

function serve(socket: Socket, handlers: ControlHandlers, token: string): void {
  let text = '';
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  socket.on('data', (chunk: string) => {
    text += chunk;
    if (text.length > 4096) return void socket.destroy();
    const nl = text.indexOf('\n');
    if (nl === -1) return;
    socket.removeAllListeners('data');
    let request: { command?: unknown; token?: unknown } = {};
    try {
      request = JSON.parse(text.slice(0, nl)) as typeof request;
    } catch {
      // answered below
    }
    if (!sameToken(request.token, token)) {
      return void socket.end(`${JSON.stringify({ ok: false, error: "not allowed: the request does not carry the token of DATA/control/token (only the daemon's user may send commands)" })}\n`);
    }
    const command = String(request.command);
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

function sameToken(given: unknown, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** Thrown when no daemon answers on the control socket. */
export class NoDaemonError extends Error {}

/** Sends a command to the daemon holding the data directory and waits for its answer. */
export function askDaemon<T>(dataDir: string, command: string): Promise<T> {
  let token: string;
  try {
    const fd = openSync(tokenFile(dataDir), constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      token = readFileSync(fd, 'utf8');
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') {
      return Promise.reject(new Error(`only the user the daemon runs as (or root) may send it commands: ${tokenFile(dataDir)} cannot be read by this user`));
    }
    return Promise.reject(new NoDaemonError(`no daemon answers on the control socket of ${dataDir} (${code ?? (err as Error).message})`));
  }
  return new Promise((resolve, reject) => {
    const socket = connect(controlSocket(dataDir));
    let text = '';
    let connected = false;
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      connected = true;
      socket.write(`${JSON.stringify({ command, token })}\n`);
    });
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', (err) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (!connected && code === 'EACCES') reject(new Error(`only the user the daemon runs as (or root) may send it commands (${controlSocket(dataDir)}: permission denied)`));
      else if (!connected) reject(new NoDaemonError(`no daemon answers on the control socket of ${dataDir} (${code ?? err.message})`));
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
