import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';
import { serveDesk, type DeskServer } from '../../src/desk/serve.js';
import type { DeskStore } from '../../src/desk/store.js';
import { SECRET } from './desk.js';
import { siteNow } from './site-time.js';

/**
 * How the desk behaves towards the control room: `up` (a real `desk serve` behind), `refused`
 * (nothing listens: connection refused), `503`, `hang` (takes a batch, never answers; position requests are answered), and
 * `lose-answer` (the desk takes the batch, then the answer is lost: a timeout after the fact).
 */
export type DeskMode = 'up' | 'refused' | '503' | 'hang' | 'lose-answer';

export interface FaultyDesk {
  url: string;
  readonly mode: DeskMode;
  /** `refused` stops listening on the port (a desk machine that is off); any other mode listens again. */
  setMode(mode: DeskMode): Promise<void>;
  /** Requests that reached the front, by path. */
  requests: string[];
  /** Points the front at another store (a desk restored from an old backup). */
  useStore(store: DeskStore): Promise<void>;
}

const open: { front: Server; desk: DeskServer | undefined; hung: ServerResponse[] }[] = [];

afterEach(async () => {
  while (open.length > 0) {
    const o = open.pop()!;
    for (const res of o.hung) res.destroy();
    o.front.closeAllConnections();
    if (o.front.listening) await new Promise((done) => o.front.close(done));
    await o.desk?.close();
  }
});

/** A desk on 127.0.0.1 whose failures the test switches on and off. */
export async function faultyDesk(store: DeskStore): Promise<FaultyDesk> {
  const entry: (typeof open)[number] = { front: createServer(), desk: undefined, hung: [] };
  open.push(entry);
  const start = (s: DeskStore) => serveDesk({ store: s, secretFor: () => SECRET, port: 0, host: '127.0.0.1', now: () => new Date(siteNow()).toISOString() });
  entry.desk = await start(store);
  const port = await new Promise<number>((resolve) => entry.front.listen(0, '127.0.0.1', () => resolve((entry.front.address() as AddressInfo).port)));
  let mode: DeskMode = 'up';
  const desk: FaultyDesk = {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return mode;
    },
    async setMode(next) {
      if (next === 'refused' && mode !== 'refused') {
        entry.front.closeAllConnections();
        await new Promise((done) => entry.front.close(done));
      }
      if (next !== 'refused' && mode === 'refused') await new Promise<void>((done) => entry.front.listen(port, '127.0.0.1', () => done()));
      mode = next;
    },
    requests: [],
    async useStore(s) {
      await entry.desk?.close();
      entry.desk = await start(s);
    },
  };
  entry.front.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const body = await new Promise<Buffer>((done) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => done(Buffer.concat(chunks)));
      });
      desk.requests.push(`${req.method} ${req.url}`);
      if (desk.mode === '503') return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"maintenance"}');
      if (desk.mode === 'hang' && req.method === 'POST') return void entry.hung.push(res);
      const auth = req.headers['x-control-room-auth'];
      const answer = await fetch(`http://127.0.0.1:${entry.desk!.port}${req.url}`, {
        method: req.method,
        headers: typeof auth === 'string' ? { 'x-control-room-auth': auth } : {},
        body: req.method === 'POST' ? new Uint8Array(body) : undefined,
      });
      const text = await answer.text();
      if (desk.mode === 'lose-answer' && req.method === 'POST') return void entry.hung.push(res);
      res.writeHead(answer.status, { 'content-type': 'application/json' }).end(text);
    })();
  });
  return desk;
}
