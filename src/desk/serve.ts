import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../log.js';
import { DeskRefusal } from '../sync/refusal.js';
import { importBatch, type SecretFor } from './import.js';
import type { DeskStore } from './store.js';

/** A batch of a year's backlog is ~60 MB; anything far larger is not a batch. */
const MAX_BODY = 256 * 2 ** 20;

export interface DeskServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * `desk serve`: control rooms POST their batches to /batches; the desk answers, once the events
 * are in its store, with the seq and hash it now holds for the site. GET /sites/ID/position says
 * where a site stands. A refused batch gets 401 (HMAC), 409 (fork, gap: with the desk's position)
 * or 422 (damaged), with the reason; a store that cannot be reached gets 503, so the control room
 * retries later.
 */
export async function serveDesk(options: { store: DeskStore; secretFor: SecretFor; port: number; host?: string; log?: Logger; now: () => string }): Promise<DeskServer> {
  const server = createServer(intakeHandler(options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The batch API's paths: `desk serve --config` answers them beside its pages, on the same port. */
export function isIntakeRequest(req: IncomingMessage): boolean {
  const path = (req.url ?? '/').split('?')[0]!;
  return path === '/batches' || /^\/sites\/[^/]+\/position$/.test(path);
}

/** The batch API as a plain request handler. */
export function intakeHandler(options: { store: DeskStore; secretFor: SecretFor; log?: Logger; now: () => string }): (req: IncomingMessage, res: ServerResponse) => void {
  const log = options.log ?? silentLogger();
  return (req, res) => {
    void handle(req, res, options, log).catch((err: Error) => reply(res, 500, { error: err.message }));
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: { store: DeskStore; secretFor: SecretFor; now: () => string }, log: Logger): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://desk');
  const position = /^\/sites\/([A-Za-z0-9_-]{2,16})\/position$/.exec(url.pathname);
  if (req.method === 'GET' && position) {
    try {
      return reply(res, 200, await options.store.position(position[1]!));
    } catch (err) {
      return reply(res, 503, { error: `the desk's store is unavailable: ${(err as Error).message}` });
    }
  }
  if (req.method !== 'POST' || url.pathname !== '/batches') {
    return reply(res, 404, { error: 'POST /batches or GET /sites/ID/position' });
  }
  const body = await readBody(req);
  if (!body) return reply(res, 413, { error: `a batch is at most ${MAX_BODY / 2 ** 20} MiB; the control room sends long backlogs in several` });
  try {
    const result = await importBatch(options.store, body, options.secretFor, options.now());
    log.info(result, 'batch taken');
    reply(res, 200, result);
  } catch (err) {
    if (err instanceof DeskRefusal) {
      log.error({ code: err.code, position: err.position }, `batch refused: ${err.message}`);
      return reply(res, err.httpStatus, { error: err.message, code: err.code, ...(err.position ? { position: err.position } : {}) });
    }
    log.error({ err: (err as Error).message }, 'batch not taken: the store failed');
    reply(res, 503, { error: `the desk's store is unavailable: ${(err as Error).message}` });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(`${JSON.stringify(body)}\n`);
}
