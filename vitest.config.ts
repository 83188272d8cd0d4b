import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'load/**/*.test.ts',
      'simulators/**/*.test.ts',
      'conformance/**/*.test.ts',
      'reports/**/*.test.ts',
      'runs/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
