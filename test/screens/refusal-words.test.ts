import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explain } from '../../screens/console/errors.js';
import { REFUSAL_ZH } from '../../screens/console/refusal-words.js';
import { Refused, type RefusalCode } from '../../src/domain/refusal.js';
import { engineAt } from '../helpers/engine.js';
import { OPERATOR, REPAIR } from '../helpers/journal.js';
import { ROOT } from '../helpers/site.js';
import { englishSentences } from '../helpers/tmux.js';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Details as the engine gives them: names, ids, times with the site's offset, codes of roles and fields. */
const DETAILS = {
  name: '王建国',
  badge: 'EMP-000999',
  id: '20261130-001',
  orderNo: 'JY01-20261130-001',
  at: '2026-11-30T20:19:00.000+08:00',
  since: '2026-11-30T08:00:00.000+08:00',
  agreedAt: '2026-11-30T19:00:00.000+08:00',
  startedAt: '2026-11-30T19:30:00.000+08:00',
  role: 'technician',
  department: 'control-room',
  needs: 'engineering-supervisor',
  field: 'appointmentAt',
  fields: 'address,phone',
  text: 'tomorrow',
  category: 'consultation',
  kind: 'cleaning',
  code: 'X001',
  line: 2,
  first: 1,
  quantity: 'two',
  totalFen: 9625,
  givenFen: 9000,
  length: 600,
  limit: 500,
  more: 1,
};

describe('engine refusals reach the Chinese console in Chinese (issue 15.4)', () => {
  it('nothing in src/engine or src/domain throws a bare English Error: every refusal carries a code', () => {
    const offenders = [...tsFiles(join(ROOT, 'src/engine')), ...tsFiles(join(ROOT, 'src/domain'))].flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) => (/\bnew Error\(/.test(line) ? [`${file.slice(ROOT.length + 1)}:${i + 1}`] : [])),
    );
    expect(offenders).toEqual([]);
  });

  it('every refusal code has Chinese words, with names and local times, and no English sentence', () => {
    for (const [code, say] of Object.entries(REFUSAL_ZH)) {
      const text = say(DETAILS);
      expect(text, code).toMatch(/[\u4e00-\u9fff]/);
      expect(englishSentences(text), code).toEqual([]);
      expect(text, code).not.toMatch(/\d{4}-\d\d-\d\dT|undefined|\[object/);
    }
    expect(REFUSAL_ZH['entry-closed']({ id: '20261130-001', at: '2026-11-30T20:19:00.000+08:00' })).toBe('登记 20261130-001 已于 11-30 20:19 办结');
  });

  it('refusals the engine really raises are said in Chinese, with their details', async () => {
    const { engine } = await engineAt('2026-11-30T10:00:00.000+08:00');
    await engine.signOn(OPERATOR);
    const entry = await engine.recordEntry(REPAIR, OPERATOR);
    const attempts: [RefusalCode, () => Promise<unknown>][] = [
      ['no-reason', () => engine.amendEntry(entry.id, { content: 'x' }, ' ', OPERATOR)],
      ['bad-phone', () => engine.recordEntry({ ...REPAIR, phone: 'call me' }, OPERATOR)],
      ['unknown-badge', () => engine.recordEntry(REPAIR, 'EMP-000999')],
      ['not-ringing', () => engine.answerCall('77')],
      ['not-dispatched', async () => engine.orders.start((await engine.orders.create(entry.id, {}, OPERATOR)).orderNo, OPERATOR)],
      ['fee-unknown', () => engine.orders.price(engine.orders.listOpen()[0]!.orderNo, [{ code: 'X999', quantity: '1' }], OPERATOR)],
      ['duty-taken', () => engine.signOn('EMP-000102')],
    ];
    for (const [code, attempt] of attempts) {
      const err = await attempt().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err, code).toBeInstanceOf(Refused);
      expect((err as Refused).code).toBe(code);
      const zh = explain(err!, 'zh');
      expect(englishSentences(zh), `${code}: ${zh}`).toEqual([]);
      expect(explain(err!, 'en')).toBe(err!.message);
    }
  });
});
