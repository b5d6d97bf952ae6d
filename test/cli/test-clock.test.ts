import { describe, expect, it } from 'vitest';
import { TEST_CLOCK_VAR } from '../../src/time/clock.js';
import { standAt } from '../helpers/site-time.js';
import { makeSite, runCli } from '../helpers/site.js';

describe("the test suite's clock (issue 11)", () => {
  it('is refused outside the tests: a register must carry the real time', async () => {
    const { configFile } = makeSite();
    const r = await runCli(['status', '--config', configFile], { NODE_ENV: 'production', [TEST_CLOCK_VAR]: '3600000' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${TEST_CLOCK_VAR} is set (3600000): it shifts the clock for the test suite only`);
    expect(r.stdout).toBe('');
  });

  it('is refused when it is not a whole number of milliseconds', async () => {
    const { configFile } = makeSite();
    const r = await runCli(['status', '--config', configFile], { NODE_ENV: 'test', [TEST_CLOCK_VAR]: 'tomorrow' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${TEST_CLOCK_VAR}="tomorrow" is not a whole number of milliseconds`);
  });

  it('puts the processes a test starts at the instant it chose, whatever the hour the suite runs', async () => {
    standAt('2031-06-15T03:00:00.000+08:00');
    const { configFile } = makeSite();
    const r = await runCli(['status', '--config', configFile, '--json']);
    expect(r.code).toBe(0);
    // The first sync slot after 03:00 on the day the test chose.
    expect((JSON.parse(r.stdout) as { sync: { next: string } }).sync.next).toBe('2031-06-15T08:30:00.000+08:00');
  });
});
