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
          globalSetup: ['scripts/testing/database-template-setup.ts'],
          // The first request of a gateway test file loads its database (a second or two on a busy machine).
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          globalSetup: ['scripts/testing/database-template-setup.ts', 'scripts/testing/postgres-global-setup.ts', 'scripts/testing/archive-global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // Files share one archive; run them one after another to keep the 2-core machine sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
