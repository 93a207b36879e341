import { defineConfig } from 'vitest/config';

/**
 * One runner for the whole workspace. Unit tests sit next to the code (`*.test.ts`);
 * integration tests (`*.int.test.ts`) talk to real PostgreSQL / PGlite / Kafka and get the
 * services from `scripts/test-services.ts`, which starts what is absent.
 */
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 180_000,
    // Integration files share one PostgreSQL server and one broker; two workers fit 2 cores.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['processor/src/**/*.test.ts', 'api/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['processor/**/*.int.test.ts', 'api/**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          globalSetup: ['./scripts/test-services.ts'],
        },
      },
    ],
  },
});
