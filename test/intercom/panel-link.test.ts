import { join } from 'node:path';
import { MockBinding, type MockPortBinding } from '@serialport/binding-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { PanelMessage } from '../../devices/intercom/messages.js';
import { PanelLink, type PanelLinkOptions } from '../../devices/intercom/panel-link.js';
import type { SerialBinding } from '../../devices/serial/open-port.js';
import { readDay } from '../../src/register/reader.js';
import { explain, isFault } from '../../screens/console/errors.js';
import { engineAt } from '../helpers/engine.js';
import { readPanelFixture } from '../helpers/panel-fixture.js';
import { ROOT } from '../helpers/site.js';
import { siteNow } from '../helpers/site-time.js';

const PATH = '/dev/ttyPANEL';
const links: PanelLink[] = [];

afterEach(async () => {
  while (links.length) await links.pop()!.stop();
  MockBinding.reset();
});

/** MockBinding, remembering the port the link opened so the test can play the panel on it. */
function mockLine() {
  MockBinding.createPort(PATH, { echo: false, record: true });
  const line: { port?: MockPortBinding } = {};
  const binding = { ...MockBinding, open: async (o: Parameters<typeof MockBinding.open>[0]) => (line.port = await MockBinding.open(o)) } as SerialBinding;
  return { binding, line };
}

function startLink(opts: Omit<PanelLinkOptions, 'path' | 'baudRate' | 'binding'>) {
  const { binding, line } = mockLine();
  const link = new PanelLink({ path: PATH, baudRate: 9600, binding, ...opts });
  links.push(link);
  link.start();
  return { link, line };
}

async function until(what: string, check: () => boolean, ms = 2_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Replays a fixture: panel bytes in, the host's writes compared byte for byte, actions performed. */
async function replay(fixture: string, line: { port?: MockPortBinding }, act: (words: string[]) => void) {
  await until('the port to open', () => line.port?.isOpen === true);
  let expected = Buffer.alloc(0);
  for (const step of readPanelFixture(join(ROOT, 'test/fixtures/panel', fixture))) {
    if (step.kind === 'panel') line.port!.emitData(step.bytes);
    if (step.kind === 'action') act(step.words);
    if (step.kind === 'host') {
      expected = Buffer.concat([expected, step.bytes]);
      await until(`line ${step.line}: host writes ${JSON.stringify(step.bytes.toString('latin1'))}`, () => line.port!.recording.length >= expected.length);
      expect(line.port!.recording.toString('latin1'), `${fixture} line ${step.line}`).toBe(expected.toString('latin1'));
    }
    // Give the link a moment so that what it must NOT write would show up before the next step.
    await new Promise((r) => setTimeout(r, 5));
  }
  expect(line.port!.recording.toString('latin1')).toBe(expected.toString('latin1'));
}

describe('panel link over @serialport/binding-mock, replaying recorded exchanges', () => {
  it('R1: the protocol example: call acknowledged after it is durable, ANSWER sent and confirmed, TALK and END logged', async () => {
    const { engine, config } = await engineAt('2026-11-30T21:00:00+08:00');
    const { link, line } = startLink({ record: (m) => engine.recordPanelMessage(m) });
    engine.attachPanel(link);
    const answers: Promise<void>[] = [];
    await replay('call-answered.txt', line, ([verb, id]) => verb === 'answer' && answers.push(engine.answerCall(id!)));
    await Promise.all(answers);
    const events = (await readDay(config.dataDir, '2026-11-30')).filter((e) => e.actor === 'panel');
    expect(events.map((e) => e.kind)).toEqual(['call.received', 'call.answered', 'call.ended']);
    expect(events[0]).toMatchObject({ data: { callId: 'C7F2', station: 'B03-U1-1202', address: '嘉园3栋1单元1202室', frame: 'CALL,41,C7F2,B03-U1-1202', panelSeq: 41 } });
    expect(events[0]!.pii).toMatchObject({ resident: expect.any(String) });
    expect(events[2]!.data.durationSeconds).toBe(95);
  });

  it('R5: resends are recorded once and acknowledged each time; noise and bad checksums are counted, a missed call is owed', async () => {
    const { engine, config } = await engineAt('2026-11-30T21:00:00+08:00');
    const { link, line } = startLink({ record: (m) => engine.recordPanelMessage(m) });
    await replay('resends-and-noise.txt', line, () => undefined);
    const kinds = (await readDay(config.dataDir, '2026-11-30')).map((e) => e.kind);
    expect(kinds).toEqual(['device.panel-boot', 'call.received', 'call.received', 'call.missed', 'alarm.raised']);
    expect(link.stats()).toMatchObject({ duplicates: 2, discarded: { 'no-dollar': 1, 'bad-checksum': 1 } });
    expect(engine.callbacksOwed()).toMatchObject([{ callId: 'A1', station: 'B01-U1-301', address: '嘉园1栋1单元301室', reason: 'missed' }]);
    expect(engine.openAlarms()).toMatchObject([{ kind: 'SOS', station: 'G01' }]);
    const alarm = (await readDay(config.dataDir, '2026-11-30')).find((e) => e.kind === 'alarm.raised')!;
    expect(alarm.data).toMatchObject({ reportTo: 'director', address: '嘉园南门岗' });
  });
});

describe('panel link behaviour', () => {
  const CALL = (seq: number, id: string) => `$CALL,${seq},${id},B03-U1-1202*${cs(`CALL,${seq},${id},B03-U1-1202`)}\r\n`;
  const cs = (body: string) => [...Buffer.from(body)].reduce((x, b) => x ^ b, 0).toString(16).toUpperCase().padStart(2, '0');

  it('no ACK goes out before the record is durable, and none when recording fails; the resend is then recorded', async () => {
    const recorded: string[] = [];
    let fail = true;
    let release!: () => void;
    const { link, line } = startLink({
      record: async (m: PanelMessage) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        await new Promise<void>((r) => (release = r));
        recorded.push(m.body);
      },
    });
    const problems: string[] = [];
    link.on('problem', (e) => problems.push(e.message));
    await until('open', () => line.port?.isOpen === true);
    line.port!.emitData(CALL(7, 'X1'));
    await until('the failure', () => problems.length === 1);
    expect(problems[0]).toMatch(/CALL,7,X1,B03-U1-1202 not recorded \(disk full\); not acknowledged, the panel will resend it/);
    expect(line.port!.recording.length).toBe(0);
    line.port!.emitData(CALL(7, 'X1'));
    await new Promise((r) => setTimeout(r, 30));
    expect(line.port!.recording.length).toBe(0); // still writing: no ACK yet
    line.port!.emitData(CALL(7, 'X1')); // a resend while it is being written is not recorded twice
    await until('the resend seen', () => link.stats().duplicates === 1);
    release();
    await until('the ACK', () => line.port!.recording.length > 0);
    expect(line.port!.recording.toString()).toBe('$ACK,7*52\r\n');
    expect(recorded).toEqual(['CALL,7,X1,B03-U1-1202']);
  });

  it('a frame recorded before a restart is recognised when the panel resends it (alreadyRecorded)', async () => {
    const recorded: string[] = [];
    const { line } = startLink({
      record: async (m) => void recorded.push(m.body),
      alreadyRecorded: [{ seq: 7, body: 'CALL,7,X1,B03-U1-1202', at: siteNow() }],
    });
    await until('open', () => line.port?.isOpen === true);
    line.port!.emitData(CALL(7, 'X1') + CALL(7, 'X2'));
    await until('two ACKs', () => line.port!.recording.length >= 2 * '$ACK,7*52\r\n'.length);
    // Same seq, same bytes: a resend (ACK again only). Same seq, other bytes: a new message.
    expect(recorded).toEqual(['CALL,7,X2,B03-U1-1202']);
  });

  it('a late BOOT (its first copy lost) does not make the calls already recorded after it look new', async () => {
    const recorded: string[] = [];
    const { link, line } = startLink({ record: async (m) => void recorded.push(m.body) });
    await until('open', () => line.port?.isOpen === true);
    const BOOT = `$BOOT,0,FW*${cs('BOOT,0,FW')}\r\n`;
    line.port!.emitData(CALL(1, 'A1'));
    await until('recorded', () => recorded.length === 1);
    line.port!.emitData(BOOT); // the resend of a BOOT whose first copy was lost on the line
    line.port!.emitData(CALL(1, 'A1')); // and the resend of the call whose ACK was lost
    await until('both handled', () => link.stats().duplicates === 1);
    expect(recorded).toEqual(['CALL,1,A1,B03-U1-1202', 'BOOT,0,FW']);
  });

  it('after a real restart of the panel, a message like one recorded long before is new', async () => {
    const recorded: string[] = [];
    const longAgo = siteNow() - 60_000;
    const { link, line } = startLink({
      record: async (m) => void recorded.push(m.body),
      alreadyRecorded: [
        { seq: 0, body: 'BOOT,0,FW', at: longAgo },
        { seq: 1, body: 'CALL,1,A1,B03-U1-1202', at: longAgo },
      ],
    });
    await until('open', () => line.port?.isOpen === true);
    line.port!.emitData(`$BOOT,0,FW*${cs('BOOT,0,FW')}\r\n` + CALL(1, 'A1'));
    await until('both recorded', () => recorded.length === 2);
    expect(recorded).toEqual(['BOOT,0,FW', 'CALL,1,A1,B03-U1-1202']);
    expect(link.stats().duplicates).toBe(0);
  });

  it('a panel restarting twice within seconds: the second run\'s BOOT and its calls are recorded, though worded as before', async () => {
    const recorded: string[] = [];
    const { line } = startLink({ record: async (m) => void recorded.push(m.body) });
    await until('open', () => line.port?.isOpen === true);
    const BOOT = `$BOOT,0,FW*${cs('BOOT,0,FW')}\r\n`;
    line.port!.emitData(BOOT + CALL(1, 'C1'));
    await until('the first run', () => recorded.length === 2);
    line.port!.emitData(BOOT + CALL(1, 'C1'));
    await until('the second run', () => recorded.length === 4);
    expect(recorded).toEqual(['BOOT,0,FW', 'CALL,1,C1,B03-U1-1202', 'BOOT,0,FW', 'CALL,1,C1,B03-U1-1202']);
  });

  it('seeds from the journal only what the panel could still resend (not stale, not stamped ahead of the clock)', async () => {
    const recorded: string[] = [];
    const { line } = startLink({
      record: async (m) => void recorded.push(m.body),
      alreadyRecorded: [
        { seq: 1, body: 'CALL,1,A1,B03-U1-1202', at: siteNow() - 60_000 },
        { seq: 2, body: 'CALL,2,A2,B03-U1-1202', at: siteNow() + 20 * 60_000 },
        { seq: 3, body: 'CALL,3,A3,B03-U1-1202', at: siteNow() - 2_000 },
      ],
    });
    await until('open', () => line.port?.isOpen === true);
    line.port!.emitData(CALL(1, 'A1') + CALL(2, 'A2') + CALL(3, 'A3'));
    await until('three ACKs', () => (line.port!.recording.toString().match(/\$ACK/g) ?? []).length === 3);
    expect(recorded).toEqual(['CALL,1,A1,B03-U1-1202', 'CALL,2,A2,B03-U1-1202']);
  });

  it('a command is resent every ackTimeout until its ACK, and fails after maxResends with a clear message', async () => {
    const { link, line } = startLink({ record: async () => undefined, ackTimeoutMs: 40, maxResends: 5 });
    await until('open', () => line.port?.isOpen === true);
    const failed = link.send({ type: 'UNLOCK', station: 'G01' });
    await expect(failed).rejects.toThrow(/no ACK for UNLOCK,1,G01 after 6 tries over 0.24 s; check the panel link/);
    // The console says the panel's silence in its language, as the link's fault, not an internal error.
    const silence = (await failed.catch((e: Error) => e)) as Error;
    expect(explain(silence, 'zh')).toBe('对讲面板没有回应开门（发了 6 次）：请检查对讲线路（状态栏“对讲”），必要时到现场处理');
    expect(isFault(silence)).toBe(false);
    const frame = `$UNLOCK,1,G01*${cs('UNLOCK,1,G01')}\r\n`;
    expect(line.port!.recording.toString()).toBe(frame.repeat(6));

    const ok = link.send({ type: 'PING' });
    await until('the PING', () => line.port!.recording.toString().includes('$PING,2*'));
    line.port!.emitData(`$ACK,2*${cs('ACK,2')}\r\n`);
    await expect(ok).resolves.toBeUndefined();
  });

  it('no frame for silenceMs takes the link down and rebuilds the port; the next frame brings it up', async () => {
    const { link, line } = startLink({ record: async () => undefined, silenceMs: 300, reconnectFirstMs: 10 });
    const states: string[] = [];
    link.on('link', (s) => states.push(`${s.up ? 'up' : 'down'}: ${s.reason}`));
    await until('open', () => line.port?.isOpen === true);
    const first = line.port!;
    line.port!.emitData(`$HB,1,10*${cs('HB,1,10')}\r\n`);
    await until('down', () => states.length === 2, 1_000);
    await until('a new port', () => line.port !== first && line.port?.isOpen === true);
    line.port!.emitData(`$HB,2,20*${cs('HB,2,20')}\r\n`);
    await until('up again', () => states.length === 3);
    expect(states).toEqual([
      `up: frames from the panel on ${PATH}`,
      'down: no frame for 0.3 s; check the cable and the panel',
      `up: frames from the panel on ${PATH}`,
    ]);
  });

  it('a port that cannot be opened is reported down with the reason and opened once it appears', async () => {
    const states: string[] = [];
    const line: { port?: MockPortBinding } = {};
    const binding = { ...MockBinding, open: async (o: Parameters<typeof MockBinding.open>[0]) => (line.port = await MockBinding.open(o)) } as SerialBinding;
    const link = new PanelLink({ path: '/dev/ttyNOPE', baudRate: 9600, binding, record: async () => undefined, reconnectFirstMs: 10, reconnectMaxMs: 20 });
    links.push(link);
    link.on('link', (s) => states.push(s.reason));
    link.start();
    await until('a report', () => states.length > 0);
    expect(states[0]).toMatch(/^cannot open \/dev\/ttyNOPE: no such device \(Port does not exist.*\); check the cable and the configured path$/);
    // A panel that stays away is reported once, not once per retry (each report is a journal event).
    await new Promise((r) => setTimeout(r, 150));
    expect(states).toHaveLength(1);
    expect(link.stats().link.up).toBe(false);
    MockBinding.createPort('/dev/ttyNOPE', { echo: false, record: true });
    await until('the port to open without a restart', () => line.port?.isOpen === true);
    void link.send({ type: 'PING' }).catch(() => undefined);
    await until('the PING on the new port', () => line.port!.recording.toString().startsWith('$PING,1*'));
  });

  it('backpressure: with maxUnrecorded messages waiting for the register, the link stops reading; what waits comes later, in order, each recorded once', async () => {
    const taken: string[] = [];
    const waiting: (() => void)[] = [];
    const { link, line } = startLink({
      maxUnrecorded: 10,
      record: (m) => new Promise<void>((done) => (taken.push(m.body), waiting.push(done))),
    });
    await until('open', () => line.port?.isOpen === true);
    const bodies = Array.from({ length: 10_000 }, (_, i) => `CALL,${i % 10_000},K${i},B03-U1-1202`);
    line.port!.emitData(bodies.map((b) => `$${b}*${cs(b)}\r\n`).join(''));
    await until('the first messages taken', () => taken.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    // What one read brought in (the serial stream reads up to 64 KiB at a time), then nothing more.
    const firstRead = taken.length;
    expect(firstRead).toBeLessThan(bodies.length / 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(taken.length).toBe(firstRead);
    expect(link.stats().framesReceived).toBe(firstRead);
    // The register catches up: the link reads on, and every message is taken once, in order.
    while (taken.length < bodies.length || waiting.length > 0) {
      waiting.splice(0).forEach((done) => done());
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(taken).toEqual(bodies);
    await until('every ACK', () => line.port!.recording.toString().split('\r\n').length > bodies.length);
  });

  it('a resend that comes after its seq was reused (a flood wraps the seq within the resend window) is still recognised', async () => {
    const recorded: string[] = [];
    const { link, line } = startLink({ record: async (m) => void recorded.push(m.body) });
    await until('open', () => line.port?.isOpen === true);
    line.port!.emitData(CALL(5, 'A1'));
    await until('the first ACK', () => line.port!.recording.toString() === '$ACK,5*50\r\n');
    line.port!.emitData(CALL(5, 'B2')); // 10,000 messages later, the same seq
    await until('the second ACK', () => recorded.length === 2);
    line.port!.emitData(CALL(5, 'A1')); // the first one's resend, late behind the flood
    await until('the resend seen', () => link.stats().duplicates === 1);
    await until('its ACK again', () => line.port!.recording.toString().split('$ACK,5*').length === 4);
    expect(recorded).toEqual(['CALL,5,A1,B03-U1-1202', 'CALL,5,B2,B03-U1-1202']);
  });
});

describe('the daemon log of a silent panel line (issue 17 item 14)', () => {
  it('"panel port open; waiting for frames" is said once per outage, not at every rebuild of a silent port', async () => {
    const { createLogger } = await import('../../src/log.js');
    const { logPanelLink } = await import('../../src/panel-log.js');
    const lines: string[] = [];
    const log = createLogger({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const { binding, line } = mockLine();
    const link = new PanelLink({ path: PATH, baudRate: 9600, binding, record: async () => undefined, silenceMs: 40, reconnectFirstMs: 5, reconnectMaxMs: 5 });
    links.push(link);
    let opens = 0;
    link.on('port-open', () => (opens += 1));
    logPanelLink(link, log);
    link.start();
    await until('the silent port to be rebuilt three times', () => opens >= 4, 5_000);
    const said = () => lines.filter((l) => l.includes('panel port open; waiting for frames')).length;
    expect(said()).toBe(1);
    line.port!.emitData(Buffer.from('$HB,1,10*3A\r\n', 'latin1'));
    await until('the link to come up', () => link.link.up);
    const before = opens;
    await until('the port to be rebuilt twice after the next silence', () => opens >= before + 2, 5_000);
    expect(said()).toBe(2);
  });
});
