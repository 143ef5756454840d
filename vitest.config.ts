import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}', 'server/**/*.test.ts', 'scripts/**/*.test.ts', 'workers/**/*.test.ts'],
          exclude: ['**/*.integration.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          globalSetup: ['scripts/testing/archive-global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Files share one archive; run them one after another to keep the 2-core machine sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
