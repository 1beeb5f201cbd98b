import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/main/shell/csp';

const root = import.meta.dirname;

/**
 * Writes the CSP `<meta>` into index.html from the same function as the shell's header, with the
 * dev-server allowances only under `electron-vite dev`. It goes first in <head> because a meta
 * policy only governs what follows it.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'deepcut:csp-meta',
    transformIndexHtml(_html, context) {
      const devServerUrl = context.server?.resolvedUrls?.local[0];
      if (context.server !== undefined && devServerUrl === undefined) {
        throw new Error('the dev server has no local URL to put in the Content-Security-Policy');
      }
      const content = contentSecurityPolicy({ devServerUrl, delivery: 'meta' });
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // Dependencies stay external (the engine loads native modules: LanceDB, TF.js, ffmpeg);
      // optionalDependencies are not covered by default, so the native TF binding is listed.
      externalizeDeps: { include: ['@tensorflow/tfjs-node'] },
      rollupOptions: {
        // One key per entry, each built to out/main/<key>.js.
        input: {
          index: resolve(root, 'src/main/index.ts'),
          // Emitted beside index.js, where the analysis pool looks for it.
          'analysis-worker': resolve(root, 'src/main/engine/jobs/analysis-worker.ts'),
          // The engine process (a utilityProcess started by main), beside index.js.
          'engine-host': resolve(root, 'src/main/engine-host/process-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // The window is sandboxed: its preload can require only 'electron', so everything else is
      // bundled into one CommonJS file (.cjs, because package.json says "type": "module").
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), contentSecurityPolicyMeta()],
  },
});
