import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Renderer component tests (tests/**/*.test.tsx) use React's automatic JSX runtime, as the app does.
  esbuild: { jsx: 'automatic' },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    environment: 'node',
    // Audio synthesis, ffmpeg and LanceDB make some tests slow on a 2-core machine;
    // a timeout here is a hang detector, not a speed check.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
