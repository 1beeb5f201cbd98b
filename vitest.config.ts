import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Audio synthesis, ffmpeg and LanceDB make some tests slow on a 2-core machine;
    // a timeout here is a hang detector, not a speed check.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
