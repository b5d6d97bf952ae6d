import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { checksum, encodeFrame } from '../../devices/intercom/checksum.js';
import { PanelFramer } from '../../devices/intercom/framer.js';
import type { PanelMessage } from '../../devices/intercom/messages.js';
import { parseScript } from '../../devices/intercom/script.js';
import { PanelSimulator, type PanelSimulatorOptions } from '../../devices/intercom/simulator.js';
import type { SerialBinding } from '../../devices/serial/open-port.js';

const PATH = '/dev/ttySIM';
const RESEND_MS = 40;
const sims: PanelSimulator[] = [];

afterEach(async () => {
  while (sims.length) await sims.pop()!.stop();
  MockBinding.reset();
});

/**
 * A simulator on a mock port. `wire()` reads back what it wrote (through the host's framer, so
 * every frame is also checked), `host(body)` sends it a frame, and `autoAck` makes the host
 * acknowledge every message except those it names.
 */
async function startSim(opts: Partial<PanelSimulatorOptions> = {}, autoAck?: { except: (body: string) => boolean }) {
  MockBinding.createPort(PATH, { echo: false, record: true });
  const line: { port?: MockPortBinding } = {};
  const binding = { ...MockBinding, open: async (o: Parameters<typeof MockBinding.open>[0]) => (line.port = await MockBinding.open(o)) } as SerialBinding;
  const sim = new PanelSimulator({ path: PATH, binding, heartbeatMs: 3_600_000, resendMs: RESEND_MS, maxResends: 3, ...opts });
  sims.push(sim);
  const host = (body: string) => line.port!.emitData(encodeFrame(body));
  if (autoAck) {
    sim.on('sent', (body) => {
      const [type, seq] = body.split(',');
      if (type !== 'HB' && type !== 'ACK' && !autoAck.except(body)) host(`ACK,${seq}`);
    });
  }
  await sim.start();
  const wire = () => {
    const framer = new PanelFramer();
    const messages: PanelMessage[] = [];
    framer.on('data', (m: PanelMessage) => messages.push(m));
    framer.end(line.port!.recording);
    return { messages, bodies: messages.map((m) => m.body), discarded: framer.discarded, text: line.port!.recording.toString('latin1') };
  };
  return { sim, host, wire };
}

async function until(what: string, check: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const ackAll = { except: () => false };

describe('panel simulator numbering', () => {
  it('sends BOOT with seq 0 first, numbers every message after it and wraps from 9999 to 0', async () => {
    const { sim, wire } = await startSim({}, ackAll);
    await sim.run(Array.from({ length: 10_001 }, () => 'door G01 OPEN'));
    expect(await sim.settle(5_000)).toBe(true);
    const { messages, text } = wire();
    expect(text.startsWith('$BOOT,0,SIM-1.0*73\r\n$DOOR,1,G01,OPEN*')).toBe(true);
    expect(messages.map((m) => m.seq)).toEqual([...Array.from({ length: 10_000 }, (_, i) => i), 0, 1]);
    expect(messages.at(-1)!.body).toBe('DOOR,1,G01,OPEN');
    expect(sim.summary()).toMatchObject({ sent: 10_002, acked: 10_002, givenUp: [], retransmissions: 0, hostFramesReceived: 10_002 });
  });

  it('heartbeats take a number, carry the uptime and are never resent', async () => {
    const { sim, wire } = await startSim({ heartbeatMs: 30 }, ackAll);
    await until('three heartbeats', () => wire().messages.filter((m) => m.type === 'HB').length >= 3);
    const seqs = wire().messages.map((m) => m.seq);
    expect(seqs.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(wire().bodies[1]).toBe('HB,1,0');
    expect(sim.summary()).toMatchObject({ sent: 1, acked: 1, retransmissions: 0, outstanding: [] });
  });

  it('boot restarts the numbering and drops what was still unacknowledged', async () => {
    const { sim, wire } = await startSim({ resendMs: 60_000 });
    await sim.run(['call G01 C1', 'boot', 'door G01 OPEN']);
    expect(wire().bodies).toEqual(['BOOT,0,SIM-1.0', 'CALL,1,C1,G01', 'BOOT,0,SIM-1.0', 'DOOR,1,G01,OPEN']);
    expect(sim.summary()).toMatchObject({ dropped: ['BOOT,0,SIM-1.0', 'CALL,1,C1,G01'], outstanding: ['BOOT,0,SIM-1.0', 'DOOR,1,G01,OPEN'] });
  });
});

describe('panel simulator delivery', () => {
  it('resends an unacknowledged message every resendMs, maxResends times, then gives it up', async () => {
    const { sim, wire } = await startSim({}, { except: (b) => b.startsWith('CALL') });
    const times: number[] = [];
    sim.on('sent', (body) => body.startsWith('CALL') && times.push(Date.now()));
    const givenUp = new Promise((done) => sim.once('givenUp', done));
    await sim.run(['call G01 C7F2']);
    expect(await givenUp).toBe('CALL,1,C7F2,G01');
    expect(wire().bodies.filter((b) => b === 'CALL,1,C7F2,G01')).toHaveLength(4);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(RESEND_MS - 5);
    // Nothing more once given up.
    await new Promise((r) => setTimeout(r, RESEND_MS * 3));
    expect(times).toHaveLength(4);
    expect(sim.summary()).toMatchObject({ sent: 2, acked: 1, givenUp: ['CALL,1,C7F2,G01'], retransmissions: 3, outstanding: [] });
  });

  it('an ACK stops the resends', async () => {
    const { sim, host, wire } = await startSim({}, { except: (b) => b.startsWith('CALL') });
    let calls = 0;
    sim.on('sent', (body) => body.startsWith('CALL') && ++calls === 2 && host('ACK,1'));
    await sim.run(['call B03-U1-1202']);
    expect(await sim.settle(2_000)).toBe(true);
    await new Promise((r) => setTimeout(r, RESEND_MS * 4));
    expect(wire().bodies).toEqual(['BOOT,0,SIM-1.0', 'CALL,1,C1,B03-U1-1202', 'CALL,1,C1,B03-U1-1202']);
    expect(sim.summary()).toMatchObject({ sent: 2, acked: 2, givenUp: [], retransmissions: 1 });
  });

  it('answers ANSWER with ACK and TALK, once per call; UNLOCK and PING get their ACK', async () => {
    const { sim, host, wire } = await startSim({}, ackAll);
    const commands: string[] = [];
    sim.on('command', (m) => commands.push(m.type));
    await sim.run(['call B03-U1-1202 C7F2']);
    host('ANSWER,5,C7F2');
    await until('TALK', () => wire().bodies.includes('TALK,2,C7F2'));
    expect(wire().text).toContain('$ACK,5*50\r\n$TALK,2,C7F2*');
    host('ANSWER,5,C7F2'); // the host did not hear our ACK and resends
    host('UNLOCK,6,G01');
    host('PING,7');
    await until('three more ACKs', () => wire().bodies.filter((b) => b.startsWith('ACK')).length === 4);
    expect(wire().bodies.filter((b) => b.startsWith('TALK'))).toHaveLength(1);
    expect(wire().bodies.slice(-3)).toEqual(['ACK,5', 'ACK,6', 'ACK,7']);
    expect(commands).toEqual(['ACK', 'ACK', 'ANSWER', 'ACK', 'ANSWER', 'UNLOCK', 'PING']);
  });

  it('plays line faults: bare LF, dup, a bad checksum, noise without $ and an over-long line', async () => {
    const { sim, wire } = await startSim({}, ackAll);
    await sim.run(['eol lf', 'alarm G01 SOS', 'dup', 'badsum', 'garbage 50', 'long 300', 'eol crlf', 'fault L01 POWER', 'settle 2']);
    const { bodies, discarded, text } = wire();
    expect(bodies).toEqual(['BOOT,0,SIM-1.0', 'ALARM,1,G01,SOS', 'ALARM,1,G01,SOS', 'FAULT,2,L01,POWER']);
    expect(text).toContain(`*${checksum('ALARM,1,G01,SOS')}\n$ALARM,1,G01,SOS*`);
    expect(text.split('$')).toHaveLength(7); // the noise never starts a frame
    expect(discarded).toMatchObject({ 'bad-checksum': 1, 'too-long': 1 });
    expect(discarded['no-dollar']).toBeGreaterThan(0);
    expect(sim.summary()).toMatchObject({ sent: 3, acked: 3, retransmissions: 1 });
  });
});

describe('panel simulator scripts', () => {
  it.each([
    ['alarm G01 SMOKE', 'script line 2: "alarm G01 SMOKE": kind must be one of SOS, FIRE, GAS, TAMPER, DOOR_FORCED'],
    ['call B03_U1', 'script line 2: "call B03_U1": station must be up to 16 letters, digits or "-", like B03-U1-1202 (indoor), G01 (gate) or L01 (lift)'],
    ['call G01 TOO-LONG-ID', 'script line 2: "call G01 TOO-LONG-ID": call id must be 1-8 letters or digits'],
    ['door G01', 'script line 2: "door G01": expected "door STATION STATE"'],
    ['fault L01 FIRE', 'script line 2: "fault L01 FIRE": code must be one of OFFLINE, ONLINE, LINE_SHORT, POWER'],
    ['wait soon', 'script line 2: "wait soon": SECONDS must be a number such as 2 or 0.5'],
    ['end 1.5 C1', 'script line 2: "end 1.5 C1": SECONDS must be a whole number of seconds'],
    ['long 20', 'script line 2: "long 20": N must be a whole number from 128 to 100000 (a whole frame is at most 128 bytes)'],
    ['eol cr', 'script line 2: "eol cr": the line end must be one of lf, crlf'],
    ['hangup', 'script line 2: "hangup": unknown command "hangup"; expected one of call, cancel, talk, end, alarm, door, fault, wait, garbage, badsum, long, eol, dup, boot, settle'],
    ['cancel', 'script line 2: "cancel": no call yet; put a "call STATION" line before it or name the call ("cancel [CALLID]")'],
  ])('refuses %j naming the line and what is expected', (bad, message) => {
    expect(() => parseScript(['# a comment', bad])).toThrow(message);
  });

  it('reads keywords in any case and skips comments and blank lines', () => {
    const commands = parseScript(['', '  # setup', 'CALL G01   # gate', 'Wait 0.5', 'END 30']);
    expect(commands.map((c) => [c.line, c.kind])).toEqual([
      [3, 'call'],
      [4, 'wait'],
      [5, 'end'],
    ]);
  });

  it('refuses a bad script before sending any of it', async () => {
    const { sim, wire } = await startSim();
    await expect(sim.run(['call G01', 'alarm G01 SMOKE'])).rejects.toThrow('script line 2');
    expect(wire().bodies).toEqual(['BOOT,0,SIM-1.0']);
  });

  it('makes up call ids C1, C2, ... that the script did not use itself', async () => {
    const { sim, wire } = await startSim({}, ackAll);
    await sim.run(['call G01 C2', 'call G02', 'call G03', 'talk', 'end 5']);
    expect(wire().bodies.slice(1)).toEqual(['CALL,1,C2,G01', 'CALL,2,C1,G02', 'CALL,3,C3,G03', 'TALK,4,C3', 'END,5,C3,5']);
  });
});
