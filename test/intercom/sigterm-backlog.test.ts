import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../devices/intercom/checksum.js';
import { readSiteKey } from '../../src/register/site-key.js';
import { verifyJournal } from '../../src/register/verify.js';
import { allEvents, logLines, panelSite, runDaemon, waitFor } from '../helpers/panel-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';

afterEach(destroyPtyPairs);

describe('SIGTERM under a backlog (issue 17, item 13)', () => {
  it('the panel pours 9,000 calls in as fast as the line takes them; SIGTERM mid-stream stops the daemon cleanly, having acknowledged only what is durable', async () => {
    const { configFile, config, pair } = await panelSite();
    const daemon = await runDaemon(configFile);
    const port = new SerialPort({ path: pair.panel, baudRate: 115200 });
    await new Promise((r) => port.once('open', r));
    let received = '';
    port.on('data', (b: Buffer) => (received += b.toString('latin1')));
    const acked = () => new Set([...received.matchAll(/\$ACK,(\d+)\*/g)].map((m) => Number(m[1])));
    port.write(Buffer.concat(Array.from({ length: 9_000 }, (_, i) => encodeFrame(`CALL,${i + 1},S${i + 1},B03-U1-1202`))));
    await waitFor('the daemon to be busy with the stream', () => acked().size >= 500, 30_000);
    daemon.child.kill('SIGTERM');
    // The only bound on the stop here is the test's own timeout; the bench times it.
    expect(await daemon.exited).toBe(0);
    const log = logLines(daemon.output());
    expect(log.some((l) => l.msg === 'register closed')).toBe(true);
    // What was left to write when the signal came was a bounded queue, not the stream.
    const stopping = log.find((l) => l.msg === 'stopping')!;
    expect(stopping.pendingAppends as number).toBeLessThan(9_000 - 500);
    // The rest of the 9,000 calls never left: closing cancels that write, as an unplug would.
    port.on('error', () => undefined);
    port.close();

    const recorded = new Set((await allEvents(config.dataDir)).filter((e) => e.kind === 'call.received').map((e) => e.data.panelSeq as number));
    const ackedNow = acked();
    expect(ackedNow.size).toBeLessThan(9_000);
    for (const seq of ackedNow) expect(recorded.has(seq), `seq ${seq} was acknowledged`).toBe(true);
    expect((await verifyJournal(config.dataDir, await readSiteKey(config.dataDir))).ok).toBe(true);
  }, 60_000);
});
