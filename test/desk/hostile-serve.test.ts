import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderStore } from '../../src/desk/folder-store.js';
import { POSITION_AUTH_HEADER, signPositionRequest } from '../../src/sync/position-auth.js';
import { systemClock } from '../../src/time/clock.js';
import { deskServe } from '../helpers/desk-serve.js';
import { ForgedSite } from '../helpers/forged.js';
import { waitFor } from '../helpers/panel-site.js';

const SECRETS = { JY01: 'secret-of-jy01-0123456789abcdef', JY02: 'secret-of-jy02-0123456789abcdef' };

/** Sends raw bytes on a fresh connection and resolves with whatever comes back before it closes (or `waitMs`). */
function rawRequest(port: number, head: string, body: Buffer | undefined, waitMs = 15_000): Promise<string> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const finish = () => (socket.destroy(), done(answer));
    const timer = setTimeout(finish, waitMs);
    socket.on('data', (b: Buffer) => (answer += b.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => (clearTimeout(timer), done(answer)));
    socket.write(head);
    if (body) socket.write(body);
  });
}

function site(name: 'JY01' | 'JY02', n: number): ForgedSite {
  const s = new ForgedSite(name, SECRETS[name]);
  for (let i = 0; i < n; i++) s.add(`2026-11-30T08:${String(i).padStart(2, '0')}:00.000+08:00`);
  return s;
}

const post = (url: string, body: Buffer) => fetch(`${url}/batches`, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: new Uint8Array(body) });

describe('desk serve under hostile requests (issue 17 items 1-3)', () => {
  it('item 2: a Content-Length over the limit gets 413 at once, with the limit, logged; nothing of the body is read', async () => {
    const desk = await deskServe(SECRETS);
    const answer = await rawRequest(desk.port, `POST /batches HTTP/1.1\r\nHost: desk\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${300 * 2 ** 20}\r\n\r\n`, Buffer.alloc(64 * 1024, 0x5b));
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('a batch is at most 16777216 bytes (16 MiB)');
    // Logged after the answer is sent, so it may reach the log a moment after the answer.
    await waitFor('the refusal in the log', () => desk.log().includes('batch refused unread: over the size limit'));
  });

  it('item 1: junk bodies (no manifest line, chunked or declared) are refused after the first 64 KiB; the desk answers GETs meanwhile and stays small', async () => {
    const desk = await deskServe(SECRETS);
    const jy01 = site('JY01', 3);
    expect((await post(desk.url, jy01.batch(1))).status).toBe(200);
    const signed = () => ({ [POSITION_AUTH_HEADER]: signPositionRequest(SECRETS.JY01, 'JY01', systemClock.now()) });
    const junk = Buffer.from('[{},'.repeat(4 * 2 ** 20 / 4));
    const answers = await Promise.all([
      // 12 MiB declared, the JSON array of the report: refused on its first line.
      rawRequest(desk.port, `POST /batches HTTP/1.1\r\nHost: desk\r\nContent-Length: ${12 * 2 ** 20}\r\n\r\n`, Buffer.concat([junk, junk, junk])),
      // Chunked, 40 MiB on its way: refused after the first 64 KiB.
      (async () => {
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            for (let i = 0; i < 10; i++) c.enqueue(junk);
            c.close();
          },
        });
        const r = await fetch(`${desk.url}/batches`, { method: 'POST', body, duplex: 'half' } as RequestInit).catch((e: Error) => e);
        return r instanceof Error ? r.message : `HTTP/1.1 ${r.status} ${await r.text()}`;
      })(),
      fetch(`${desk.url}/sites/JY01/position`, { headers: signed() }).then(async (r) => `HTTP/1.1 ${r.status} ${await r.text()}`),
    ]);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 422 [\s\S]*the first line is over 64 KiB: not a batch's manifest/);
    expect(answers[1]).toMatch(/422|fetch failed|other side closed/);
    expect(answers[2]).toMatch(/^HTTP\/1\.1 200 \{"seq":3,/);
    expect(desk.rss()).toBeLessThan(200 * 2 ** 20);
  });

  it('item 1: a client gets at most two bodies read at once (429 with Retry-After); a slow body loses its place', async () => {
    const desk = await deskServe(SECRETS);
    const head = `POST /batches HTTP/1.1\r\nHost: desk\r\nContent-Length: 1000\r\n\r\n`;
    // Two bodies that stall after their first bytes hold this client's two places...
    const stalled = [rawRequest(desk.port, head, Buffer.from('{"form'), 30_000), rawRequest(desk.port, head, Buffer.from('{"form'), 30_000)];
    await new Promise((r) => setTimeout(r, 300));
    const third = await rawRequest(desk.port, head, Buffer.from('{"format":1'), 5_000);
    expect(third).toMatch(/^HTTP\/1\.1 429 [\s\S]*retry-after: 5/i);
    // ...until the desk gives up on them (10 s without a byte) and says so.
    for (const s of await Promise.all(stalled)) expect(s).toMatch(/^HTTP\/1\.1 408 [\s\S]*came too slowly/);
  });

  it('item 3: a captured batch POSTed 200 times is taken once and acknowledged each time; the store does not grow', async () => {
    const desk = await deskServe(SECRETS);
    const jy01 = site('JY01', 20);
    const batch = jy01.batch(1);
    expect(await (await post(desk.url, batch)).json()).toMatchObject({ seq: 20, taken: 20 });
    const deskJson = join(desk.store, 'sites', 'JY01', 'desk.json');
    const size = statSync(deskJson).size;
    for (let i = 0; i < 200; i++) {
      const r = await post(desk.url, batch);
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ seq: 20, taken: 0, skipped: 20 });
    }
    expect(statSync(deskJson).size).toBe(size);
    await desk.stop();
    const store = await FolderStore.open(desk.store, false);
    expect(await store.batches('JY01')).toHaveLength(1);
  });

  it('item 3: GET /sites/ID/position answers only the site\'s own signature, and a failing store\'s 503 shows no path', async () => {
    const desk = await deskServe(SECRETS);
    const jy01 = site('JY01', 2);
    expect((await post(desk.url, jy01.batch(1))).status).toBe(200);
    const ask = (headers: Record<string, string>) => fetch(`${desk.url}/sites/JY01/position`, { headers });
    expect((await ask({})).status).toBe(401);
    expect((await ask({ [POSITION_AUTH_HEADER]: signPositionRequest(SECRETS.JY02, 'JY01', systemClock.now()) })).status).toBe(401);
    expect((await ask({ [POSITION_AUTH_HEADER]: signPositionRequest(SECRETS.JY01, 'JY01', systemClock.now() - 3600_000) })).status).toBe(401);
    const ok = await ask({ [POSITION_AUTH_HEADER]: signPositionRequest(SECRETS.JY01, 'JY01', systemClock.now()) });
    expect(await ok.json()).toEqual({ seq: 2, hash: jy01.events[1]!.hash });
    // The site's journal folder replaced by a file: the store fails; the answer names no file.
    const journal = join(desk.store, 'sites', 'JY01', 'journal');
    rmSync(journal, { recursive: true });
    writeFileSync(journal, 'not a folder');
    const broken = await ask({ [POSITION_AUTH_HEADER]: signPositionRequest(SECRETS.JY01, 'JY01', systemClock.now()) });
    expect(broken.status).toBe(503);
    const text = await broken.text();
    expect(text).not.toContain(desk.store);
    expect(text).not.toMatch(/\/tmp|ENOTDIR/);
    const posted = await post(desk.url, (jy01.add('2026-11-30T09:00:00.000+08:00'), jy01.batch(3)));
    expect(posted.status).toBe(503);
    expect(await posted.text()).not.toContain(desk.store);
    expect(existsSync(journal)).toBe(true);
  });
});
