import { describe, expect, it } from 'vitest';
import { importBatch } from '../../src/desk/import.js';
import { verifyStore } from '../../src/desk/verify-store.js';
import { engineAt } from '../helpers/engine.js';
import { batchOf, deskEvents, deskStore, journalEvents, SECRET } from '../helpers/desk.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';

const NOW = '2026-12-01T08:30:00.000+08:00';

describe('P1 at the service desk', () => {
  for (const kind of ['folder', 'postgres'] as const) {
    it(`P1 (${kind} store): personal data the control room purged at the end of its retention goes at the desk too; the chain still verifies and the registers still match`, async () => {
      const { engine, clock, config } = await engineAt('2026-11-01T09:00:00+08:00', { retentionDays: 2, panel: undefined });
      await engine.recordEntry(REPAIR, OPERATOR);
      clock.set('2026-11-02T09:00:00+08:00');
      await engine.recordEntry({ ...REPAIR, content: '阳台漏水' }, OPERATOR);
      const { store } = await deskStore(kind);
      const secret = () => SECRET;
      await importBatch(store, batchOf(config, await journalEvents(config)), secret, NOW);
      expect((await deskEvents(store, config.site.id)).filter((e) => e.pii?.phone === REPAIR.phone)).toHaveLength(2);

      clock.set('2026-11-05T09:00:00+08:00');
      expect((await engine.purgeExpiredPii()).events).toBeGreaterThan(0);
      const held = (await deskEvents(store, config.site.id)).length;
      const rest = (await journalEvents(config)).slice(held);
      expect(rest.some((e) => e.kind === 'pii.purged')).toBe(true);
      await importBatch(store, batchOf(config, rest), secret, NOW);

      const atDesk = await deskEvents(store, config.site.id);
      const atControlRoom = await journalEvents(config);
      // The desk's copies of the purged days carry no personal data, exactly like the control room's.
      expect(atDesk.map((e) => e.pii ?? null)).toEqual(atControlRoom.map((e) => e.pii ?? null));
      expect(atDesk.filter((e) => e.at < '2026-11-03').some((e) => e.pii !== undefined)).toBe(false);
      expect(atDesk.filter((e) => e.at < '2026-11-03' && e.kind === 'entry.created')).toHaveLength(2);
      expect(await verifyStore(store, config.site.id)).toMatchObject([{ ok: true }]);
    });
  }
});
