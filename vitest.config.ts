import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The suite decides its own date and time (test/helpers/site-time.ts).
    setupFiles: ['test/setup/site-time.ts'],
    // Crash and process tests spawn the compiled CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
