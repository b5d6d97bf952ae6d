import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { silentLogger, type Logger } from '../log.js';
import { MAX_BATCH_BYTES } from '../sync/batch.js';
import { BatchBody } from '../sync/batch-body.js';
import { checkPositionRequest, POSITION_AUTH_HEADER } from '../sync/position-auth.js';
import { DeskRefusal } from '../sync/refusal.js';
import { systemClock, type Clock } from '../time/clock.js';
import { alreadyHeld, authenticate, takeVerified, type SecretFor } from './import.js';
import { IntakeSlots } from './intake-slots.js';
import { BodyTooLarge, RequestBody, SlowBody } from './request-body.js';
import type { DeskStore } from './store.js';

/** What `desk serve` allows one request and all of them; tests and the bench make them smaller. */
export interface IntakeLimits {
  /** A batch's bytes, manifest and events. */
  maxBodyBytes: number;
  /** POSTs being read at once: from one client (its address), and in all. */
  perClient: number;
  inAll: number;
  /** A body must keep coming: a chunk within idleMs, all of it within totalMs. */
  idleMs: number;
  totalMs: number;
}

export const DEFAULT_LIMITS: IntakeLimits = { maxBodyBytes: MAX_BATCH_BYTES, perClient: 2, inAll: 8, idleMs: 10_000, totalMs: 120_000 };

/** How long a client told 429 or 503 should wait. */
const RETRY_AFTER_S = 5;

export interface DeskServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export interface ServeOptions {
  store: DeskStore;
  secretFor: SecretFor;
  port: number;
  host?: string;
  log?: Logger;
  /** receivedAt of a batch, as the receipt log keeps it. */
  now: () => string;
  clock?: Clock;
  limits?: Partial<IntakeLimits>;
  /** Told of every refused batch (the desk's pages list them on the sites page). */
  onRefused?: (refusal: { site: string; code: string; reason: string }) => void;
}

/**
 * `desk serve`: control rooms POST their batches to /batches; the desk answers, once the events
 * are in its store, with the seq and hash it now holds for the site. GET /sites/ID/position, signed
 * with the site's secret, says where a site stands.
 *
 * Nothing is read that was not checked first: a Content-Length over the limit is answered 413 at
 * once; the manifest's line comes first and its HMAC is checked before any event is read; a batch
 * the desk holds already is acknowledged from its manifest; the events are then read and checked a
 * chunk at a time (the event loop is never held for long) and stored all or nothing. Each client
 * and all clients together get a bounded number of requests read at once (429, 503, Retry-After),
 * and a body that stops coming loses its place. A refused batch gets 401 (HMAC), 409 (fork, gap:
 * with the desk's position) or 422 (damaged); a store that cannot be reached gets 503, so the
 * control room retries later; no answer shows a path of this machine.
 */
export async function serveDesk(options: ServeOptions): Promise<DeskServer> {
  const intake = intakeHandler(options);
  const server = createServer(intakeServerOptions(intake.limits));
  server.on('request', intake.handle);
  server.on('checkContinue', intake.checkContinue);
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
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** The intake as request handlers, for `desk serve` alone or beside the desk's pages in one server. */
export interface Intake {
  limits: IntakeLimits;
  handle: (req: IncomingMessage, res: ServerResponse) => void;
  /** `Expect: 100-continue` (curl's large uploads): a body the desk would refuse is never sent. */
  checkContinue: (req: IncomingMessage, res: ServerResponse) => void;
}

export function intakeHandler(options: Omit<ServeOptions, 'port' | 'host'>): Intake {
  const log = options.log ?? silentLogger();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const slots = new IntakeSlots(limits.perClient, limits.inAll);
  const ctx: Context = { ...options, port: 0, log, limits, slots, clock: options.clock ?? systemClock };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void handleRequest(req, res, ctx).catch((err: Error) => {
      log.error({ err: err.message }, 'request failed');
      reply(res, 500, { error: 'the desk failed on this request; see its log' }, true);
    });
  };
  return {
    limits,
    handle,
    checkContinue: (req, res) => {
      if (tooLarge(req, ctx)) return handle(req, res);
      res.writeContinue();
      handle(req, res);
    },
  };
}

/** The server's own timeouts for the intake: headers within 10 s, a body within its limit. */
export function intakeServerOptions(limits: IntakeLimits): { headersTimeout: number; requestTimeout: number } {
  return { headersTimeout: 10_000, requestTimeout: limits.totalMs + 10_000 };
}

/** The batch API's paths: `desk serve --config` answers them beside its pages, on the same port. */
export function isIntakeRequest(req: IncomingMessage): boolean {
  const path = (req.url ?? '/').split('?')[0]!;
  return path === '/batches' || /^\/sites\/[^/]+\/position$/.test(path);
}

interface Context extends ServeOptions {
  log: Logger;
  limits: IntakeLimits;
  slots: IntakeSlots;
  clock: Clock;
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, ctx: Context): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://desk');
  const position = /^\/sites\/([A-Za-z0-9_-]{2,16})\/position$/.exec(url.pathname);
  if (req.method === 'GET' && position) return answerPosition(req, res, position[1]!, ctx);
  if (req.method !== 'POST' || url.pathname !== '/batches') {
    return reply(res, 404, { error: 'POST /batches or GET /sites/ID/position' }, req.method === 'POST');
  }
  const client = req.socket.remoteAddress ?? '?';
  if (tooLarge(req, ctx)) {
    ctx.log.warn({ client, contentLength: Number(req.headers['content-length']), limit: ctx.limits.maxBodyBytes }, 'batch refused unread: over the size limit');
    return reply(res, 413, { error: sizeMessage(ctx) }, true);
  }
  const release = ctx.slots.take(client);
  if (typeof release === 'number') {
    ctx.log.warn({ client, status: release }, release === 429 ? 'batch refused unread: this client has enough requests being read' : 'batch refused unread: the desk is reading as many as it may');
    res.setHeader('retry-after', String(RETRY_AFTER_S));
    return reply(res, release, { error: release === 429 ? `this address already has ${ctx.limits.perClient} batches being read; send again in ${RETRY_AFTER_S} s` : `the desk is busy; send again in ${RETRY_AFTER_S} s` }, true);
  }
  try {
    await takeBatch(req, res, ctx, client);
  } finally {
    release();
  }
}

async function takeBatch(req: IncomingMessage, res: ServerResponse, ctx: Context, client: string): Promise<void> {
  const body = new RequestBody(req, { maxBytes: ctx.limits.maxBodyBytes, idleMs: ctx.limits.idleMs, totalMs: ctx.limits.totalMs });
  let site = '?';
  try {
    const manifest = await body.manifest();
    site = manifest.site;
    authenticate(manifest, ctx.secretFor);
    const held = await alreadyHeld(ctx.store, manifest);
    if (held) {
      ctx.log.info({ client, ...held }, 'batch already held: acknowledged, nothing stored');
      return reply(res, 200, held, true);
    }
    const events = new BatchBody(manifest);
    for await (const chunk of body.rest()) events.push(chunk);
    const result = await takeVerified(ctx.store, events.end(), ctx.now());
    ctx.log.info(result, 'batch taken');
    reply(res, 200, result);
  } catch (err) {
    if (err instanceof DeskRefusal) {
      ctx.log.error({ client, code: err.code, position: err.position }, `batch refused: ${err.message}`);
      ctx.onRefused?.({ site, code: err.code, reason: err.message });
      return reply(res, err.httpStatus, { error: err.message, code: err.code, ...(err.position ? { position: err.position } : {}) }, true);
    }
    if (err instanceof BodyTooLarge) {
      ctx.log.warn({ client, limit: ctx.limits.maxBodyBytes }, 'batch refused: over the size limit while it streamed in');
      return reply(res, 413, { error: sizeMessage(ctx) }, true);
    }
    if (err instanceof SlowBody) {
      ctx.log.warn({ client, why: err.message }, 'batch dropped: its body came too slowly');
      return reply(res, 408, { error: `the batch came too slowly (${err.message}); send it again` }, true);
    }
    // The store's own words may name files of this machine: they go to the log, not to the client.
    ctx.log.error({ err: (err as Error).message }, 'batch not taken: the store failed');
    res.setHeader('retry-after', String(RETRY_AFTER_S * 6));
    reply(res, 503, { error: "the desk's store is unavailable; the batch was not taken, send it again later" }, true);
  }
}

async function answerPosition(req: IncomingMessage, res: ServerResponse, site: string, ctx: Context): Promise<void> {
  const now = ctx.clock.now();
  const check = checkPositionRequest(req.headers[POSITION_AUTH_HEADER] as string | undefined, ctx.secretFor(site), site, now);
  if (check !== 'ok') {
    // The desk's time lets a control room whose clock is off sign again; it tells nothing else.
    return reply(res, 401, {
      error: check === 'stale' ? 'the signature was made too long ago (or the control room\'s clock is off); sign again with the desk\'s time' : `signed with ${site}'s shared secret only`,
      code: 'unauthenticated',
      deskTime: now,
    });
  }
  try {
    reply(res, 200, await ctx.store.position(site));
  } catch (err) {
    ctx.log.error({ site, err: (err as Error).message }, 'position not answered: the store failed');
    res.setHeader('retry-after', String(RETRY_AFTER_S * 6));
    reply(res, 503, { error: "the desk's store is unavailable; ask again later" });
  }
}

function tooLarge(req: IncomingMessage, ctx: Context): boolean {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) && length > ctx.limits.maxBodyBytes;
}

function sizeMessage(ctx: Context): string {
  return `a batch is at most ${ctx.limits.maxBodyBytes} bytes (${(ctx.limits.maxBodyBytes / 2 ** 20).toFixed(0)} MiB); the control room sends long backlogs in several`;
}

/**
 * `close`: the request's body was not (all) read; the connection is closed after the answer
 * rather than the rest of the body being read to keep it alive.
 */
function reply(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return;
  if (close) lingerOnClose(res.socket);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...(close ? { connection: 'close' } : {}) });
  res.end(`${JSON.stringify(body)}\n`);
}

/** How long, and how much of a refused body, the desk reads and drops after its answer. */
const LINGER_MS = 2_000;
const LINGER_BYTES = 8 * 2 ** 20;

/**
 * A connection closed while its client is still sending is reset by the kernel, and a reset can
 * take the answer with it: the client of a 300 MiB body would see "connection reset", not 413.
 * So, as web servers do ("lingering close"), the desk half-closes after its answer and reads and
 * drops what still comes for a moment (bounded in time and bytes, never kept), then closes.
 * Node closes such a connection with `destroySoon()` once the answer is written; this socket's
 * one is replaced.
 */
function lingerOnClose(socket: Socket | null): void {
  if (!socket) return;
  socket.destroySoon = () => {
    let dropped = 0;
    const done = () => socket.destroy();
    const timer = setTimeout(done, LINGER_MS);
    timer.unref();
    socket.on('data', (b: Buffer) => {
      dropped += b.length;
      if (dropped > LINGER_BYTES) done();
    });
    socket.once('end', done);
    socket.once('close', () => clearTimeout(timer));
    socket.end();
    socket.resume();
  };
}
