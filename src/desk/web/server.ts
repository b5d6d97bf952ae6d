import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { silentLogger, type Logger } from '../../log.js';
import { systemClock, type Clock } from '../../time/clock.js';
import type { DeskConfig } from '../config/types.js';
import type { DeskStore } from '../store.js';
import { buildDeskWeb } from './app.js';
import { DEFAULT_LIMITS, intakeServerOptions, isIntakeRequest, type Intake } from '../serve.js';
import { AuditLog } from './auth/audit.js';
import { Lockout } from './auth/lockout.js';
import { PasswordFile } from './auth/passwords.js';
import { SessionStore } from './auth/sessions.js';
import type { WebContext } from './context.js';

export interface DeskWebServer {
  app: FastifyInstance;
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export interface DeskWebOptions {
  config: DeskConfig;
  store: DeskStore;
  clock?: Clock;
  log?: Logger;
  /** The batch API (`desk serve`'s intake): its paths go to it, with its own body handling; everything else to the pages. */
  intake?: Intake;
  /** Overrides desk.json's listen address (tests: port 0). */
  port?: number;
  host?: string;
}

/**
 * One server for the desk: the pages (Fastify) and, beside them on the same port, the batch intake
 * with its own body handling, untouched by the pages' parsers and limits. HTTPS when desk.json
 * names a certificate and key.
 */
export async function startDeskWeb(o: DeskWebOptions): Promise<DeskWebServer> {
  const clock = o.clock ?? systemClock;
  const { config } = o;
  const lockMs = config.lockout.minutes * 60_000;
  const ctx: WebContext = {
    config,
    store: o.store,
    clock,
    sessions: new SessionStore(clock, config.session.idleMinutes * 60_000, config.session.absoluteHours * 3_600_000),
    lockout: new Lockout(clock, config.lockout.attempts, lockMs),
    audit: new AuditLog(config.dataDir, config.timezone),
    passwords: new PasswordFile(config.dataDir),
    log: o.log ?? silentLogger(),
    secureCookies: config.tls !== undefined || config.listen.behindHttpsProxy,
    siteNames: { at: 0, list: [] },
  };
  await seedLockout(ctx, lockMs);
  const tls = config.tls ? { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) } : undefined;
  const app = await buildDeskWeb(ctx, {
    serverFactory: (pages) => {
      const intake = o.intake;
      const route = (req: IncomingMessage, res: ServerResponse) => (intake && isIntakeRequest(req) ? intake.handle(req, res) : pages(req, res));
      const server = tls ? createHttps({ ...tls, ...intakeServerOptions(intake?.limits ?? DEFAULT_LIMITS) }, route) : createHttp(intakeServerOptions(intake?.limits ?? DEFAULT_LIMITS), route);
      server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
        if (intake && isIntakeRequest(req)) return intake.checkContinue(req, res);
        res.writeContinue();
        pages(req, res);
      });
      return server;
    },
  });
  await app.listen({ port: o.port ?? config.listen.port, host: o.host ?? config.listen.host });
  const port = (app.server.address() as AddressInfo).port;
  const host = o.host ?? config.listen.host;
  return {
    app,
    server: app.server,
    port,
    url: `${tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: async () => {
      app.server.closeAllConnections?.();
      await app.close();
    },
  };
}

/** Failed sign-ins of the last lock window, from the audit log: a restart unlocks nobody. */
async function seedLockout(ctx: WebContext, lockMs: number): Promise<void> {
  const since = ctx.clock.now() - lockMs;
  const months = (await ctx.audit.months()).slice(0, 2).reverse();
  for (const m of months) {
    for (const r of await ctx.audit.ofMonth(m)) {
      const at = Date.parse(r.at);
      if (at <= since) continue;
      // A try while locked is not a new failure (lines written before `subject` say so in `what`).
      const whileLocked = r.subject ? r.subject.kind === 'signin-refused' && r.subject.reason === 'locked' : r.what === 'account locked';
      if (r.action === 'signin-failed' && !whileLocked) ctx.lockout.fail(r.badge, at);
      if (r.action === 'signin') ctx.lockout.succeed(r.badge);
    }
  }
}
