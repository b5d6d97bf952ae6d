import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { checksum, encodeFrame } from '../../devices/intercom/checksum.js';
import { PanelFramer } from '../../devices/intercom/framer.js';
import { ackBody, needsAck, type PanelMessage } from '../../devices/intercom/messages.js';
import { createPtyPair, destroyPtyPairs, type PtyPair } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';

const hosts: TinyHost[] = [];

afterEach(async () => {
  while (hosts.length) await hosts.pop()!.close();
  await destroyPtyPairs();
});

/** The host end of the cable: frames what arrives and acknowledges what `ack` allows. */
class TinyHost {
  readonly messages: PanelMessage[] = [];
  readonly framer = new PanelFramer();
  raw = '';
  ack: (m: PanelMessage) => boolean = () => true;
  onMessage: (m: PanelMessage) => void = () => undefined;
  private port: SerialPort | undefined;

  constructor(private readonly path: string) {
    this.framer.on('data', (m: PanelMessage) => {
      this.messages.push(m);
      if (needsAck(m) && this.ack(m)) this.port?.write(encodeFrame(ackBody(m.seq)));
      this.onMessage(m);
    });
  }

  /** Opens (or, after the cable was pulled, reopens) the host end; the framer and its counts carry on. */
  async open(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: 9600, autoOpen: false });
    port.on('error', () => undefined); // the pty pair being destroyed under it
    port.on('data', (b: Buffer) => {
      this.raw += b.toString('latin1');
      this.framer.write(b);
    });
    await new Promise<void>((done, fail) => port.open((err) => (err ? fail(err) : done())));
    this.port = port;
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise((done) => port.close(done));
  }
}

async function hostOn(pair: PtyPair): Promise<TinyHost> {
  const host = new TinyHost(pair.host);
  hosts.push(host);
  await host.open();
  return host;
}

function simulate(pair: PtyPair, script: string, ...extra: string[]) {
  const file = join(pair.dir, 'script.txt');
  writeFileSync(file, script);
  return runCli(['simulate', 'panel', '--port', pair.panel, '--script', file, '--heartbeat', '3600', ...extra]);
}

const frame = (body: string) => `$${body}*${checksum(body)}`;

describe('control-room simulate panel over a pty pair', () => {
  it('plays the script to a host that acknowledges everything, and reports every message acked', async () => {
    const pair = await createPtyPair();
    const host = await hostOn(pair);
    const r = await simulate(
      pair,
      `# a resident rings and hangs up before anyone answers (a missed call)
call B03-U1-1202
wait 0.2
CANCEL
badsum          # must never reach the register
garbage 40
eol lf
alarm G01 FIRE
long 200
eol crlf
door G01 HELD
`,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      sent: 5,
      acked: 5,
      givenUp: [],
      dropped: [],
      outstanding: [],
      retransmissions: 0,
      hostFramesReceived: 5,
      hostDiscarded: 0,
    });
    expect(host.messages.map((m) => m.body)).toEqual(['BOOT,0,SIM-1.0', 'CALL,1,C1,B03-U1-1202', 'CANCEL,2,C1', 'ALARM,3,G01,FIRE', 'DOOR,4,G01,HELD']);
    expect(host.raw.startsWith(`${frame('BOOT,0,SIM-1.0')}\r\n${frame('CALL,1,C1,B03-U1-1202')}\r\n${frame('CANCEL,2,C1')}\r\n$CALL,3,C2,G01*`)).toBe(true);
    expect(host.raw).toContain(`${frame('ALARM,3,G01,FIRE')}\n$`);
    expect(host.raw.endsWith(`${frame('DOOR,4,G01,HELD')}\r\n`)).toBe(true);
    expect(host.framer.discarded).toMatchObject({ 'bad-checksum': 1, 'too-long': 1, 'bad-frame': 0, 'unknown-type': 0, 'bad-field': 0 });
    expect(host.framer.discarded['no-dollar']).toBeGreaterThan(0);
  });

  it('keeps an unacknowledged message while the cable is pulled and resends it once the port is back', async () => {
    const pair = await createPtyPair();
    const host = await hostOn(pair);
    let pulled = false;
    host.ack = (m) => m.type !== 'CALL' || pulled;
    host.onMessage = (m) => {
      if (m.type !== 'CALL' || pulled) return;
      pulled = true;
      void (async () => {
        await host.close();
        await pair.recreate();
        await host.open();
      })();
    };
    const r = await simulate(pair, 'call G01\nsettle 20\ndoor G01 OPEN\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/panel port .*panel lost \(.*\); reopening in 200 ms/);
    expect(r.stderr).toMatch(/panel port .*panel is back; \d messages still wait for their ACK/);
    const summary = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ acked: 3, givenUp: [], outstanding: [] });
    expect(summary.retransmissions).toBeGreaterThanOrEqual(1);
    const bodies = host.messages.map((m) => m.body);
    expect(bodies.filter((b) => b === 'CALL,1,C1,G01').length).toBeGreaterThanOrEqual(2);
    expect(bodies.at(-1)).toBe('DOOR,2,G01,OPEN');
  });

  it('refuses a bad script with the line and what is expected, before touching the port (exit 2)', async () => {
    const pair = await createPtyPair();
    const r = await simulate(pair, 'call G01\nalarm G01 SMOKE\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('script line 2: "alarm G01 SMOKE": kind must be one of SOS, FIRE, GAS, TAMPER, DOOR_FORCED');
    expect(r.stdout).toBe('');
  });

  it('says what to check when the port cannot be opened (exit 1)', async () => {
    const r = await runCli(['simulate', 'panel', '--port', '/nonexistent/ttyUSB9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot open panel port /nonexistent/ttyUSB9');
    expect(r.stderr).toContain('check --port');
  });
});
