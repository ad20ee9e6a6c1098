import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // one temporary folder for the run, removed at its end (see the file)
    globalSetup: ['test/helpers/temp-root.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // end-to-end tests spawn the built binary; two cores, so keep the pool small
    maxWorkers: 2,
  },
});
