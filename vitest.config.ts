import { defineConfig } from 'vitest/config';

// One run for every workspace. Tests start real brokers, SQLite files, processes and Chromium,
// so they get generous timeouts; the machine has two cores, so files run in two workers.
export default defineConfig({
  test: {
    include: [
      'bridge/test/**/*.test.ts',
      'appliance/test/**/*.test.ts',
      'dashboard/test/**/*.test.ts',
      'firmware-config/test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
