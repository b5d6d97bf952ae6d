import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { layoutStatusLine, type StatusFacts } from '../../screens/console/status-line.js';
import { consoleWords } from '../../screens/console/words.js';

/** The line as a monochrome terminal shows it: blessed's tags gone, braces unescaped. */
const plain = (tagged: string) => tagged.replace(/\{\/?[a-z-]+\}/g, '').replace(/\{open\}/g, '{').replace(/\{close\}/g, '}');

const link = (device: string, up: boolean) => ({ device, up, since: 0, reason: up ? 'ok' : 'cable' });

/** The busiest evening: the sync overdue with a backlog, calls ringing, callbacks owed, entries overdue, a reader down. */
const busiest: StatusFacts = {
  site: '嘉园管理处',
  duty: { badge: 'EMP-000101', name: '王建国', since: '2026-11-30T08:00:00.000+08:00' },
  panel: [link('panel', true)],
  badges: [link('serial /dev/ttyACM0', false)],
  sync: { running: false, overdue: true, backlog: 69, nextDueAt: '2026-12-01T08:30:00.000+08:00' },
  ringing: 3,
  owed: 12,
  overdue: 5,
  time: '2026-11-30T20:09:14.000+08:00',
};

const quiet: StatusFacts = { ...busiest, badges: [link('serial /dev/ttyACM0', true)], sync: { ...busiest.sync, overdue: false, backlog: 0 }, ringing: 0, owed: 0, overdue: 0 };

describe('the status line keeps its meaning when it is busy (issue 11)', () => {
  for (const width of [80, 100, 200]) {
    it(`in Chinese at ${width} columns: who is on duty, each link in words, what is overdue, calls ringing, and the time after a space`, () => {
      const line = plain(layoutStatusLine(busiest, consoleWords('zh'), width));
      expect(stringWidth(line)).toBe(width);
      expect(line).toContain('王建国');
      expect(line).toContain('对讲 正常');
      expect(line).toContain('读卡 断开');
      expect(line).toContain('同步逾期');
      expect(line).toMatch(/响铃 3/);
      expect(line).toMatch(/逾期 5/);
      expect(line).toMatch(/ (11-30 )?20:09(:14)?$/);
      if (width >= 100) {
        expect(line).toContain('值班 王建国');
        expect(line).toMatch(/回拨 12/);
      }
      if (width >= 200) expect(line).toMatch(/^嘉园管理处 \| 值班 王建国 \| 对讲 正常 \| 读卡 断开 \| 同步逾期 待69条 \| 响铃 3 \| 未接回拨 12 \| 逾期 5 +11-30 20:09:14$/);
    });

    it(`in English at ${width} columns: the same parts`, () => {
      const line = plain(layoutStatusLine(busiest, consoleWords('en'), width));
      expect(stringWidth(line)).toBe(width);
      expect(line).toContain('王建国');
      expect(line).toContain('panel up');
      expect(line).toContain('badges DOWN');
      expect(line).toContain('SYNC OVERDUE');
      expect(line).toMatch(/RING(ING)? 3/);
      expect(line).toMatch(/overdue 5/);
      expect(line).toMatch(/ (11-30 )?20:09(:14)?$/);
      if (width >= 200) expect(line).toMatch(/^嘉园管理处 \| on duty 王建国 \| panel up \| badges DOWN \| SYNC OVERDUE \(69 to send\) \| RINGING 3 \| call back 12 \| overdue 5 +11-30 20:09:14$/);
    });
  }

  it('gives way in order: the site name first, then the separators, then the long labels; the clock keeps its date while there is room', () => {
    const zh = consoleWords('zh');
    const at = (width: number) => plain(layoutStatusLine(quiet, zh, width));
    expect(at(120)).toMatch(/^嘉园管理处 \| 值班 王建国 \| 对讲 正常 \| 读卡 正常 \| 下次同步 08:30 +11-30 20:09:14$/);
    expect(at(72)).toMatch(/^值班 王建国 \| 对讲 正常 \| 读卡 正常 \| 下次同步 08:30 +11-30 20:09:14$/);
    expect(at(60)).toMatch(/^值班 王建国 {2}对讲 正常 {2}读卡 正常 {2}同步 08:30 +11-30 20:09:14$/);
    expect(at(52)).toMatch(/^值班 王建国 {2}对讲 正常 {2}读卡 正常 {2}同步 08:30 +20:09$/);
    expect(at(48)).toMatch(/^王建国 {2}对讲 正常 {2}读卡 正常 {2}同步 08:30 +20:09$/);
  });

  it('never drops a link down, calls ringing or an overdue count, even at 50 columns', () => {
    const line = plain(layoutStatusLine(busiest, consoleWords('zh'), 50));
    expect(stringWidth(line)).toBeLessThanOrEqual(50);
    for (const part of ['王建国', '读卡 断开', '同步逾期', '响铃 3', '逾期 5']) expect(line).toContain(part);
  });

  it('H3: a relief covering is shown with whom they cover; nobody on duty is said in words', () => {
    const relief = { ...busiest, duty: { ...busiest.duty!, relief: { badge: 'EMP-000102', name: '李秀英', since: '2026-11-30T20:00:00.000+08:00' } } };
    expect(plain(layoutStatusLine(relief, consoleWords('zh'), 80))).toContain('李秀英（接替）');
    expect(plain(layoutStatusLine({ ...busiest, duty: null }, consoleWords('zh'), 80))).toContain('无人值班');
  });
});

describe('H8: a holiday without a supervisor stays on the status line', () => {
  for (const width of [80, 100]) {
    it(`H8: the breach is shown at ${width} columns, with everything that never goes`, () => {
      const line = plain(layoutStatusLine({ ...busiest, holidayBreach: true }, consoleWords('zh'), width));
      expect(stringWidth(line)).toBe(width);
      expect(line).toMatch(/H8/);
      expect(line).toContain('王建国');
      expect(line).toMatch(/逾期 5/);
    });
  }
});
