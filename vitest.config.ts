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
    // Tests run the sources: bin/fleetcert.js (and every fleetcert it starts) takes src/ through
    // tsx rather than a dist/ that may be older than the sources under test.
    env: { FLEETCERT_FROM_SOURCES: '1' },
  },
});
