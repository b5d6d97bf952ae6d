import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeFrame } from '../../devices/intercom/checksum.js';
import { allEvents, panelSite, runDaemon, waitFor } from '../helpers/panel-site.js';
import { destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';

afterEach(destroyPtyPairs);

/** A body with UTF-8 text in it, as the bytes go on the wire (framing reads bytes as latin1). */
const wire = (body: string) => Buffer.from(body, 'utf8').toString('latin1');

describe('R1, R5: every well-framed panel message with a valid checksum is recorded, flagged when odd (issue 17 item 12)', () => {
  it('CALLs from stations named otherwise are acknowledged and recorded as sent; TALK, CANCEL, END for unseen calls and a 31-year END are recorded flagged, owing no callback', async () => {
    const { configFile, config, pair } = await panelSite();
    const daemon = await runDaemon(configFile);
    const port = new SerialPort({ path: pair.panel, baudRate: 9600 });
    await new Promise<void>((ok, fail) => port.once('open', ok).once('error', fail));
    let heard = '';
    port.on('data', (b: Buffer) => (heard += b.toString('latin1')));
    const longStation = 'B03-U1-1202-EAST-WING';
    const bodies = [
      'BOOT,0,FW2.1',
      'CALL,1,C1,B03_U1_1202',
      'CALL,2,C2,B03.U1.1202',
      `CALL,3,C3,${longStation}`,
      wire('CALL,4,C4,3栋1单元1202'),
      'TALK,5,ZZ9',
      'CANCEL,6,ZZ8',
      'END,7,ZZ7,999999999',
      'CALL,8,C5,B03-U1-1202',
      'END,9,C5,999999999',
    ];
    for (const body of bodies) port.write(encodeFrame(body));
    await waitFor('an ACK for every message', () => bodies.every((_, seq) => heard.includes(`$ACK,${seq}*`)));
    port.close();
    expect(await daemon.stop()).toBe(0);

    const events = (await allEvents(config.dataDir)).filter((e) => e.actor === 'panel');
    const received = events.filter((e) => e.kind === 'call.received').map((e) => e.data);
    expect(received.map((d) => d.station)).toEqual(['B03_U1_1202', 'B03.U1.1202', longStation, '3栋1单元1202', 'B03-U1-1202']);
    expect(received.map((d) => d.unknownStation ?? false)).toEqual([true, true, true, true, false]);
    expect(events.find((e) => e.kind === 'call.answered')!.data).toMatchObject({ callId: 'ZZ9', unknownCall: true });
    expect(events.find((e) => e.kind === 'call.missed')!.data).toMatchObject({ callId: 'ZZ8', unknownCall: true });
    const ended = events.filter((e) => e.kind === 'call.ended').map((e) => e.data);
    expect(ended).toHaveLength(2);
    for (const d of ended) {
      expect(d).toMatchObject({ reportedDuration: '999999999', implausibleDuration: true });
      expect(d.durationSeconds).toBeUndefined();
    }
    expect(ended[0]).toMatchObject({ callId: 'ZZ7', unknownCall: true });
    expect(ended[1]!.unknownCall).toBeUndefined();

    const status = JSON.parse((await runCli(['status', '--config', configFile, '--json'])).stdout) as { callbacksOwed: { count: number } };
    expect(status.callbacksOwed.count).toBe(0);
  });
});
