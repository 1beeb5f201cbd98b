import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

// initBackend remembers its first result, so each case loads a fresh copy of the module.
async function freshInitBackend() {
  vi.resetModules();
  return (await import('../../src/main/engine/embed/backend')).initBackend;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('initBackend', () => {
  it('falls back past a wasm folder without binaries, saying why', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'deepcut-wasm-'));
    const init = await freshInitBackend();
    const info = await init('wasm', { wasmDir: empty });
    expect(info.name).toBe('cpu');
    expect(info.fallbackReason).toContain(`no tfjs-backend-wasm binaries in ${empty}`);
    expect(tf.getBackend()).toBe('cpu');
    await rm(empty, { recursive: true, force: true });
  });

  it('picks the best backend that loads, and explains a missing tfjs-node', async () => {
    const init = await freshInitBackend();
    const info = await init();
    expect(tf.getBackend()).toBe(info.name);
    if (info.nativeInstalled) {
      expect(info.name === 'tensorflow' || info.fallbackReason?.includes('tfjs-node')).toBe(true);
    } else {
      expect(info.name).toBe('wasm');
      expect(info.fallbackReason).toBe('@tensorflow/tfjs-node is not installed');
      expect(info.wasm?.threads).toBe(1);
      expect(typeof info.wasm?.simd).toBe('boolean');
    }
  });

  it('returns the first result to later calls, whatever they ask for', async () => {
    const init = await freshInitBackend();
    const first = await init('wasm');
    expect(await init('cpu')).toBe(first);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('lets DEEPCUT_BACKEND force a backend', async () => {
    vi.stubEnv('DEEPCUT_BACKEND', 'cpu');
    const init = await freshInitBackend();
    const info = await init('wasm');
    expect(info.name).toBe('cpu');
    expect(info.fallbackReason).toBeUndefined();
  });

  it('rejects an unknown DEEPCUT_BACKEND', async () => {
    vi.stubEnv('DEEPCUT_BACKEND', 'gpu');
    const init = await freshInitBackend();
    await expect(init()).rejects.toThrow(
      /DEEPCUT_BACKEND must be one of tensorflow, wasm, cpu; got 'gpu'/,
    );
  });
});
