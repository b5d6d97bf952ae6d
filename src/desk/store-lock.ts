import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/**
 * One writer at a time for a site in a folder store (`desk serve`, `desk import` and `desk followup
 * record` may run side by side). Like the control room's data-directory lock: a Unix socket in
 * Linux's abstract namespace, which the kernel frees when its process dies, so nothing stale stays.
 */
export async function withStoreLock<T>(storeDir: string, site: string, fn: () => Promise<T>, waitMs = 30_000): Promise<T> {
  const digest = createHash('sha256').update(`${realpathSync(storeDir)}\0${site}`).digest('hex').slice(0, 32);
  const name = `\0control-room-desk-${digest}`;
  const end = Date.now() + waitMs;
  let server: Server | undefined;
  while (!server) {
    server = await tryListen(name);
    if (server) break;
    if (Date.now() > end) throw new Error(`desk store ${storeDir}: site ${site} stayed busy for ${waitMs / 1000} s (another import or follow-up is writing it); try again`);
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    return await fn();
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
}

function tryListen(name: string): Promise<Server | undefined> {
  const server = createServer((socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err)));
    server.listen(name, () => resolve(server));
  });
}
