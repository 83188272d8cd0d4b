import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'cli/**/*.test.ts',
      'load/**/*.test.ts',
      'simulators/**/*.test.ts',
      'conformance/**/*.test.ts',
      'reports/**/*.test.ts',
      'runs/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // Installs or names what the suite needs (Mosquitto, Chromium, openssl) before any test runs.
    globalSetup: ['test/support/global-setup.ts'],
    // Generous: CI shares two cores, and no test may fail because the machine is busy.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two test files at a time: most of the suite's time is certifications waiting out deadlines
    // and windows, not computing (one file at a time, a fresh-clone run took 57 of CI's 60 minutes
    // on two cores). Every test is written to pass on a busy machine, and this makes it one.
    maxWorkers: 2,
    // Tests run the sources: bin/fleetcert.js (and every fleetcert it starts) takes src/ through
    // tsx rather than a dist/ that may be older than the sources under test.
    env: { FLEETCERT_FROM_SOURCES: '1' },
  },
});
