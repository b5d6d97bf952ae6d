import { describe, expect, it } from 'vitest';
import { yuanToFen } from '../../src/config/csv-lists.js';
import type { FeeItem } from '../../src/config/types.js';
import { ESCALATION_LADDER, nextEscalation } from '../../src/domain/escalation.js';
import { lineAmountFen, priceLines } from '../../src/domain/fees.js';
import { fenInCapitals, formatFen } from '../../src/domain/money.js';
import { dayOfOrderNo, orderNumber, refusals, stateOf, type OrderFacts } from '../../src/domain/order.js';
import { formatQuantity, parseQuantity } from '../../src/domain/quantity.js';
import { allowedMs, isLate } from '../../src/domain/work-standard.js';
import { makeSite } from '../helpers/site.js';

const fees = (): FeeItem[] => makeSite().config.fees;

describe('W5: charges follow the fee schedule, the total in integer fen', () => {
  it('W5: 0.10 + 0.20 yuan is exactly 0.30 (where floating point gives 0.30000000000000004)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const { lines, totalFen } = priceLines([{ code: 'M016', quantity: '1' }, { code: 'M015', quantity: '1' }], fees());
    expect(lines.map((l) => l.amountFen)).toEqual([10, 20]);
    expect(totalFen).toBe(30);
    expect(formatFen(totalFen)).toBe('0.30');
  });

  it('W5: 2.5 m of pipe at 8.50 a metre is 21.25, from the decimal text, not a float', () => {
    const { lines } = priceLines([{ code: 'M003', quantity: '2.5' }], fees());
    expect(lines[0]).toMatchObject({ code: 'M003', name: 'PPR水管', unit: '米', quantity: '2.5', unitPriceFen: 850, amountFen: 2125 });
    // Trailing zeros and spaces say the same quantity.
    expect(priceLines([{ code: 'M003', quantity: ' 2.500 ' }], fees()).lines[0]!.quantity).toBe('2.5');
  });

  it('W5: prices that floats get wrong come out exact: 1.15 x 3, 0.1 x 3, 19.99 x 7', () => {
    expect(1.15 * 100).not.toBe(115);
    const schedule: FeeItem[] = [
      { code: 'A', name: 'a', kind: 'material', unit: '个', priceFen: yuanToFen('1.15')! },
      { code: 'B', name: 'b', kind: 'material', unit: '个', priceFen: yuanToFen('0.1')! },
      { code: 'C', name: 'c', kind: 'material', unit: '个', priceFen: yuanToFen('19.99')! },
    ];
    const { lines, totalFen } = priceLines([{ code: 'A', quantity: '3' }, { code: 'B', quantity: '3' }, { code: 'C', quantity: '7' }], schedule);
    expect(lines.map((l) => l.amountFen)).toEqual([345, 30, 13993]);
    expect(totalFen).toBe(14368);
    expect(formatFen(totalFen)).toBe('143.68');
  });

  it('W5: a total of exactly 200.00 (the desk follows up from 200.00 on, F4) is 20000 fen, not 199.99...', () => {
    const { totalFen, lines } = priceLines(
      [
        { code: 'M003', quantity: '2.5' }, // 21.25
        { code: 'M005', quantity: '0.5' }, // 0.75
        { code: 'L001', quantity: '1' }, // 30.00
        { code: 'M001', quantity: '1' }, // 45.00
        { code: 'L003', quantity: '1' }, // 80.00
        { code: 'M012', quantity: '1' }, // 20.00
        { code: 'M014', quantity: '1' }, // 3.00
      ],
      fees(),
    );
    expect(lines.map((l) => formatFen(l.amountFen))).toEqual(['21.25', '0.75', '30.00', '45.00', '80.00', '20.00', '3.00']);
    expect(totalFen).toBe(20000);
    expect(totalFen >= 20000).toBe(true);
    expect(formatFen(totalFen)).toBe('200.00');
    expect(fenInCapitals(totalFen)).toBe('贰佰元整');
  });

  it('W5: a line is rounded to the fen half up, on its own; the total is the sum of the rounded lines', () => {
    expect(lineAmountFen(15, parseQuantity('0.5')!)).toBe(8); // 7.5 fen
    expect(lineAmountFen(15, parseQuantity('0.3')!)).toBe(5); // 4.5 fen
    expect(lineAmountFen(1, parseQuantity('0.4')!)).toBe(0); // 0.4 fen
    expect(lineAmountFen(1, parseQuantity('0.5')!)).toBe(1); // 0.5 fen
    expect(lineAmountFen(33, parseQuantity('0.333')!)).toBe(11); // 10.989 fen
    expect(lineAmountFen(850, parseQuantity('1.001')!)).toBe(851); // 850.85 fen
    // Past 2^53 in the intermediate product, still exact.
    expect(lineAmountFen(999_999_999, parseQuantity('99999.999')!)).toBe(99_999_998_900_000);
    const schedule: FeeItem[] = [{ code: 'S', name: 's', kind: 'material', unit: '个', priceFen: 15 }];
    const half = priceLines([{ code: 'S', quantity: '0.5' }], schedule);
    expect(half.totalFen).toBe(8);
  });

  it('W5: unknown codes, bad quantities and repeated codes are all named at once', () => {
    expect(() => priceLines([{ code: 'X999', quantity: '1' }, { code: 'M003', quantity: '2,5' }, { code: 'M001', quantity: '0' }, { code: 'M001', quantity: '1' }], fees())).toThrow(
      /line 1: "X999" is not in the fee schedule.*line 2: quantity "2,5" is not a positive number with at most 3 decimals.*line 3: quantity "0".*line 4: M001 is already on line 3/,
    );
    expect(() => priceLines([], fees())).toThrow(/at least one item/);
    expect(() => priceLines([{ code: 'M003', quantity: '1.0001' }], fees())).toThrow(/at most 3 decimals/);
    expect(() => priceLines([{ code: 'M003', quantity: '-1' }], fees())).toThrow(/not a positive number/);
  });

  it('W5: quantities are held in thousandths and written back in the shortest exact form', () => {
    expect(parseQuantity('2.5')).toBe(2500);
    expect(parseQuantity('0.001')).toBe(1);
    expect(parseQuantity('1e3')).toBeUndefined();
    expect(parseQuantity('.5')).toBeUndefined();
    expect(formatQuantity(2500)).toBe('2.5');
    expect(formatQuantity(1000)).toBe('1');
    expect(formatQuantity(250)).toBe('0.25');
    expect(formatQuantity(99_999_999)).toBe('99999.999');
  });

  it('W5: the total in capitals, as on the form (大写)', () => {
    expect(fenInCapitals(30)).toBe('叁角整');
    expect(fenInCapitals(5)).toBe('伍分');
    expect(fenInCapitals(0)).toBe('零元整');
    expect(fenInCapitals(12345)).toBe('壹佰贰拾叁元肆角伍分');
    expect(fenInCapitals(100507)).toBe('壹仟零伍元零柒分');
    expect(fenInCapitals(1050)).toBe('壹拾元伍角整');
    expect(fenInCapitals(10001000)).toBe('壹拾万零壹拾元整');
    expect(fenInCapitals(100000000)).toBe('壹佰万元整');
    expect(fenInCapitals(10000000000)).toBe('壹亿元整');
    expect(fenInCapitals(1000100)).toBe('壹万零壹元整');
  });
});

describe('W3: the work standard decides whether a job finished late', () => {
  const priced = priceLines(
    [
      { code: 'L006', quantity: '2' }, // 2 x 20 min
      { code: 'M008', quantity: '2' }, // materials take no time
      { code: 'L009', quantity: '2.5' }, // 2.5 h of cleaning at 60 min
    ],
    fees(),
  );

  it('W3: the standard is each labour line\'s standard minutes times its quantity', () => {
    expect(allowedMs(priced.lines)).toBe((40 + 150) * 60_000);
    expect(allowedMs(priceLines([{ code: 'M001', quantity: '1' }], fees()).lines)).toBeNull();
  });

  it('W3: a job started at 23:30 with an hour allowed is on time at 00:30 and late at 00:30:01, across midnight', () => {
    const hour = allowedMs(priceLines([{ code: 'L003', quantity: '1' }], fees()).lines);
    const start = Date.parse('2026-11-30T23:30:00+08:00');
    expect(isLate(start, Date.parse('2026-12-01T00:29:00+08:00'), hour)).toBe(false);
    expect(isLate(start, Date.parse('2026-12-01T00:30:00+08:00'), hour)).toBe(false);
    expect(isLate(start, Date.parse('2026-12-01T00:30:01+08:00'), hour)).toBe(true);
    expect(isLate(start, Date.parse('2026-12-01T01:15:00+08:00'), null)).toBe(false);
  });
});

describe('W4: escalation goes technician -> engineering supervisor (resident told) -> estate manager', () => {
  it('W4: the ladder has two rungs above the technician, and nothing past the estate manager', () => {
    expect(nextEscalation(0)).toMatchObject({ level: 1, step: 'engineering-supervisor', roles: ['supervisor'], residentTold: true });
    expect(nextEscalation(1)).toMatchObject({ level: 2, step: 'estate-manager', roles: ['manager', 'director'] });
    expect(nextEscalation(2)).toBeUndefined();
    expect(ESCALATION_LADDER).toHaveLength(2);
  });
});

describe('W1, W5, W7: what an order may do next', () => {
  const base: OrderFacts = {
    orderNo: 'JY01-20261130-001',
    kind: 'repair',
    assignee: { technician: 'EMP-000401', name: '吴德明' },
    lines: [],
    totalFen: 20000,
    agreedTotalFen: null,
    startedAt: null,
    completedAt: null,
    signedAt: null,
    cancelledAt: null,
    escalationLevel: 0,
  };

  it('W1: order numbers carry the site, the day and a counter, and give the day back', () => {
    expect(orderNumber('JY01', '2026-11-30', 1)).toBe('JY01-20261130-001');
    expect(orderNumber('JY-01', '2026-11-30', 1234)).toBe('JY-01-20261130-1234');
    expect(dayOfOrderNo('JY-01-20261130-1234')).toBe('2026-11-30');
    expect(dayOfOrderNo('20261130-001')).toBeUndefined();
  });

  it('W5: work cannot start before the resident agreed to the current total', () => {
    expect(refusals.start(base)?.message).toMatch(/has not agreed to the total of 20000 fen; work cannot start before the resident is told the amount and agrees \(W5\)/);
    expect(refusals.start({ ...base, totalFen: null })?.message).toMatch(/has no price/);
    expect(refusals.start({ ...base, assignee: null, agreedTotalFen: 20000 })).toMatchObject({ code: 'not-dispatched', details: { orderNo: base.orderNo } });
    expect(refusals.start({ ...base, agreedTotalFen: 20000 })).toBeNull();
    expect(refusals.agree(base, 19999)?.message).toMatch(/priced at 20000 fen, not 19999/);
    expect(refusals.price({ ...base, agreedTotalFen: 20000, startedAt: '2026-11-30T10:00:00.000+08:00' })?.message).toMatch(/cannot change after work starts/);
  });

  it('W7: only a completed order is signed, once', () => {
    expect(refusals.sign(base)?.message).toMatch(/not completed/);
    const done = { ...base, agreedTotalFen: 20000, startedAt: 'x', completedAt: '2026-11-30T11:00:00.000+08:00' };
    expect(refusals.sign(done)).toBeNull();
    expect(refusals.sign({ ...done, signedAt: 'then' })?.message).toMatch(/already signed/);
    expect(stateOf(done)).toBe('completed');
  });

  it('W9: only a cleaning order goes to a contractor', () => {
    expect(refusals.dispatch(base, 'contractor')?.message).toMatch(/a repair goes to a technician .* \(W9\)/);
    expect(refusals.dispatch({ ...base, kind: 'cleaning' }, 'contractor')).toBeNull();
  });

  it('W6: cash is recorded even after completion, never on a cancelled order', () => {
    expect(refusals.cash({ ...base, completedAt: 'done' })).toBeNull();
    expect(refusals.cash({ ...base, cancelledAt: 'then' })?.message).toMatch(/cancelled/);
  });
});
