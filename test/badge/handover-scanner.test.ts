import { afterEach, describe, expect, it } from 'vitest';
import { SerialScanner } from '../../devices/badge/serial-scanner.js';
import { Refused } from '../../src/domain/refusal.js';
import { dutySite, IN, OUT, UNCLEAR_REPAIR, UNKNOWN } from '../helpers/duty.js';
import { waitFor } from '../helpers/panel-site.js';
import { createPtyPair, destroyPtyPairs } from '../helpers/pty.js';
import { runCli } from '../helpers/site.js';

afterEach(destroyPtyPairs);

describe('a handover signed with badges from a serial scanner on a socat pty', () => {
  it('H2/H4/H7: the scans reach the handover through the engine bus; refused (an unclear entry, a missing item), then accepted once resolved', async () => {
    const pair = await createPtyPair();
    const { engine, clock, events } = await dutySite('2026-11-30T07:55:00+08:00', { onDuty: null });
    const scanner = new SerialScanner({ path: pair.host, baudRate: 9600 });
    engine.attachBadgeReader(scanner);
    scanner.start();
    await waitFor('the scanner port open', () => scanner.link().up);
    const scan = async (code: string) => {
      const r = await runCli(['simulate', 'scanner', '--port', pair.panel, code]);
      expect(r.code).toBe(0);
    };

    // The console's routing on the handover screen (F5): the person on duty begins, any other badge signs.
    let onHandoverScreen = false;
    const heard: string[] = [];
    engine.bus.on('badge', (person) => {
      if (!onHandoverScreen) return;
      const session = engine.handover.current();
      const step = session ? session.scan(person.badge).then((r) => r.outcome) : Promise.resolve(engine.handover.begin(person.badge)).then(() => 'begun');
      void step.then(
        (what) => heard.push(`${person.badge} ${what}`),
        (err: Refused) => heard.push(`${person.badge} ${err.code}`),
      );
    });

    await scan(OUT);
    await waitFor('the first scan signing on', () => engine.onDuty()?.badge === OUT);
    clock.set('2026-11-30T15:00:00+08:00');
    const unclear = await engine.recordEntry(UNCLEAR_REPAIR, OUT);

    clock.set('2026-11-30T19:45:00+08:00');
    onHandoverScreen = true;
    await scan(OUT);
    await waitFor('the handover begun', () => heard.includes(`${OUT} begun`));
    const session = engine.handover.current()!;
    session.confirmRoomClean(true);
    for (const line of session.view().checklist) session.checkItem(line.item, line.item === '对讲机' ? 'missing' : 'present');

    await scan(UNKNOWN);
    await scan(OUT);
    await waitFor('the outgoing badge refused as the incoming side', () => heard.includes(`${OUT} same-badge`));
    clock.set('2026-11-30T19:55:00+08:00');
    await scan(IN);
    await waitFor('the refusal', () => heard.includes(`${IN} refused`));
    expect(engine.onDuty()!.badge).toBe(OUT);

    await engine.amendEntry(unclear.id, { resident: '刘芳', phone: '13900000301', appointmentAt: '2026-12-01 09:00' }, '回电补全', OUT);
    session.checkItem('对讲机', 'missing', '借给保安队, 明早归还');
    // H4 c: explained, the loss still refuses; the walkie-talkie is back.
    session.checkItem('对讲机', 'present');
    clock.set('2026-11-30T19:58:00+08:00');
    await scan(IN);
    await waitFor('the acceptance', () => heard.includes(`${IN} accepted`));
    await scanner.stop();

    expect(heard).toEqual([`${OUT} begun`, `${OUT} same-badge`, `${IN} refused`, `${IN} accepted`]);
    expect(engine.onDuty()).toMatchObject({ badge: IN, since: '2026-11-30T19:58:00.000+08:00' });
    const kinds = (await events()).filter((e) => e.kind !== 'device.link').map((e) => [e.kind, e.actor]);
    expect(kinds).toEqual([
      ['duty.signed-on', OUT],
      ['entry.created', OUT],
      ['badge.refused', 'system'],
      // H5: the incoming operator's first scan is their arrival.
      ['duty.arrived', IN],
      ['handover.refused', IN],
      ['entry.amended', OUT],
      ['handover.accepted', IN],
    ]);
    const [refused] = await events('handover.refused');
    expect((refused!.data.reasons as { code: string }[]).map((r) => r.code)).toEqual(['unclear-entries', 'items']);
  }, 60_000);
});
