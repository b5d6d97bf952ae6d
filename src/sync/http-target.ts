import { systemClock } from '../time/clock.js';
import { POSITION_AUTH_HEADER, signPositionRequest } from './position-auth.js';
import { DeskRefusal, type DeskPosition, type RefusalCode } from './refusal.js';
import type { DeskTarget, OutgoingBatch } from './target.js';
import { SyncFailure } from './sync-failure.js';

/** How long the desk may take to answer one request before the try counts as failed. */
export const DEFAULT_HTTP_TIMEOUT_MS = 60_000;

/**
 * A desk running `desk serve`: a batch is POSTed to /batches and the desk answers, once it holds
 * the events, with the seq and hash it now ends at. /sites/ID/position says where it stands.
 */
export class HttpTarget implements DeskTarget {
  readonly description: string;
  private readonly base: string;

  /** How far the desk's clock is from this one, as the desk last said (for signing). */
  private deskOffsetMs = 0;

  constructor(
    url: string,
    private readonly secret: string,
    private readonly timeoutMs = DEFAULT_HTTP_TIMEOUT_MS,
  ) {
    this.base = url.replace(/\/+$/, '');
    this.description = `desk ${withoutCredentials(this.base)}`;
  }

  /**
   * Signed with the site's secret: the desk tells its position to its own site only. A desk whose
   * clock differs says its time, and the request is signed again once with that.
   */
  async position(site: string, signal: AbortSignal): Promise<DeskPosition | undefined> {
    const ask = () =>
      this.request(
        `${this.base}/sites/${encodeURIComponent(site)}/position`,
        { method: 'GET', headers: { [POSITION_AUTH_HEADER]: signPositionRequest(this.secret, site, systemClock.now() + this.deskOffsetMs) } },
        signal,
      );
    let res = await ask();
    if (res.status === 401) {
      const text = await res.text();
      const deskTime = (JSON.parse(text.startsWith('{') ? text : '{}') as { deskTime?: unknown }).deskTime;
      if (typeof deskTime !== 'number') throw new SyncFailure('desk-refused', `the desk at ${withoutCredentials(this.base)} refused to say where ${site} stands (401): ${text.slice(0, 200).trim()}; check sync.secret against the desk's secret for ${site}`);
      this.deskOffsetMs = deskTime - systemClock.now();
      res = await ask();
      if (res.status === 401) throw new SyncFailure('desk-refused', `the desk at ${withoutCredentials(this.base)} refused to say where ${site} stands: the desk does not share this secret for ${site}; check sync.secret against the desk's secrets file`);
    }
    return (await this.answer(res, `asking the desk where ${site} stands`)) as DeskPosition;
  }

  async send(batch: OutgoingBatch, signal: AbortSignal): Promise<{ ack?: DeskPosition }> {
    const res = await this.request(
      `${this.base}/batches`,
      { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: new Uint8Array(batch.bytes) },
      signal,
    );
    const ack = (await this.answer(res, 'sending the batch')) as DeskPosition;
    if (!Number.isInteger(ack.seq) || typeof ack.hash !== 'string') throw new SyncFailure('desk-error', `the desk at ${withoutCredentials(this.base)} answered without a seq and hash; is that a control-room desk?`);
    return { ack: { seq: ack.seq, hash: ack.hash } };
  }

  async close(): Promise<void> {}

  private async request(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) });
    } catch (err) {
      const e = err as Error & { cause?: NodeJS.ErrnoException };
      const where = withoutCredentials(this.base);
      if (e.name === 'TimeoutError') throw new SyncFailure('desk-timeout', `no answer from the desk at ${where} within ${this.timeoutMs / 1000} s; retrying later`);
      if (e.name === 'AbortError') throw new SyncFailure('stopping', 'the sync was stopped (the daemon is stopping)');
      const code = e.cause?.code;
      const why =
        code === 'ECONNREFUSED'
          ? 'connection refused (is `control-room desk serve` running there?)'
          : code === 'ENOTFOUND'
            ? 'no such host'
            : code === 'ECONNRESET' || code === 'UND_ERR_SOCKET'
              ? 'the connection was cut'
              : (e.cause?.message ?? e.message);
      throw new SyncFailure('desk-unreachable', `cannot reach the desk at ${where}: ${why}; retrying later`);
    }
  }

  private async answer(res: Response, doing: string): Promise<unknown> {
    const text = await res.text();
    let body: { error?: string; code?: RefusalCode; position?: DeskPosition } & Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      // a proxy's or a stranger's page; its status says enough
    }
    if (res.ok) return body;
    if ((res.status === 401 || res.status === 409 || res.status === 422) && body.code) {
      throw new DeskRefusal(body.code, `the desk refused it: ${body.error ?? text}`, body.position);
    }
    const detail = body.error ?? text.slice(0, 200).trim();
    throw new SyncFailure('desk-error', `the desk at ${withoutCredentials(this.base)} answered ${res.status} ${res.statusText} while ${doing}${detail ? `: ${detail}` : ''}; retrying later`);
  }
}

/** http://user:secret@desk:8080 -> http://desk:8080: never a password in a message or a log. */
function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return url;
  }
}
