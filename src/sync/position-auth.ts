import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header that signs `GET /sites/ID/position`: `<epoch ms>.<HMAC hex>`. */
export const POSITION_AUTH_HEADER = 'x-control-room-auth';

/** How far the signer's clock may be from the desk's. The desk answers with its own time, so a client can correct. */
export const POSITION_AUTH_WINDOW_MS = 10 * 60_000;

function mac(secret: string, site: string, at: number): string {
  return createHmac('sha256', secret).update(`position\n${site}\n${at}`).digest('hex');
}

/** What a control room sends to ask where its site stands: only a holder of the site's secret can ask. */
export function signPositionRequest(secret: string, site: string, at: number): string {
  return `${at}.${mac(secret, site, at)}`;
}

/** 'ok', or why the desk does not answer: no or a wrong signature, or one made too long ago (a replay, a clock far off). */
export function checkPositionRequest(header: string | undefined, secret: string | undefined, site: string, now: number): 'ok' | 'unsigned' | 'stale' {
  const m = /^(\d{1,16})\.([0-9a-f]{64})$/.exec(header ?? '');
  if (!m || !secret) return 'unsigned';
  const at = Number(m[1]);
  const expected = Buffer.from(mac(secret, site, at), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'))) return 'unsigned';
  return Math.abs(now - at) <= POSITION_AUTH_WINDOW_MS ? 'ok' : 'stale';
}
