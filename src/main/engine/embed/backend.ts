/**
 * Picks the TF.js backend: native TensorFlow (@tensorflow/tfjs-node) when it is installed and
 * loads, else WebAssembly, else plain JavaScript.
 *
 * tfjs-node brings its own @tensorflow/tfjs → @tensorflow/tfjs-core (both pinned to 4.22.0, so
 * npm dedupes them with ours). Even an undeduped copy shares our engine: tfjs-core keeps the
 * engine and the kernel registry on the global object (`_tfengine`, `_tfGlobals`), and Tensor
 * has a duck-typed `instanceof`. So importing tfjs-node registers 'tensorflow' where our
 * `setBackend` finds it; the guarded adoption below covers only a build that breaks that.
 *
 * In Node, tfjs-backend-wasm 4.22 always picks its single-threaded SIMD build: its
 * WASM_HAS_MULTITHREAD_SUPPORT flag is hard-wired to false under Node, and forcing it makes
 * the backend fail to initialise. `setThreadsCount` therefore has no effect here.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { assertNever } from '../../../shared/assert-never';
import type { BackendName } from '../../../shared/library';

/** The backend in use and why a better one was not. */
export type BackendInfo = Readonly<{
  name: BackendName;
  /** Whether @tensorflow/tfjs-node is installed (it may still have failed to load). */
  nativeInstalled: boolean;
  /** Why each backend before `name` in the preference order was skipped. */
  fallbackReason?: string;
  /** For wasm: whether the SIMD build runs, and the XNNPACK thread count. */
  wasm?: Readonly<{ simd: boolean; threads: number }>;
}>;

/** Options for {@link initBackend}. */
export type BackendOptions = Readonly<{
  /** Folder holding the tfjs-backend-wasm `.wasm` files; a packaged app passes its own. */
  wasmDir?: string;
}>;

const ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const NATIVE_PACKAGE = '@tensorflow/tfjs-node';
// The binaries the Node build can pick: SIMD where supported, else the plain one.
const WASM_BINARIES = ['tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm.wasm'];
const require = createRequire(import.meta.url);

let current: Promise<BackendInfo> | undefined;

function isBackendName(value: string): value is BackendName {
  return (ORDER as readonly string[]).includes(value);
}

function message(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error);
}

function resolves(specifier: string): boolean {
  try {
    require.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** Loads tfjs-node and selects it; returns why not on failure. */
async function tryNative(installed: boolean): Promise<string | null> {
  if (!installed) return `${NATIVE_PACKAGE} is not installed`;
  try {
    // A variable specifier keeps bundlers and tsc from requiring the optional package.
    const specifier: string = NATIVE_PACKAGE;
    const native: unknown = await import(/* @vite-ignore */ specifier);
    if (tf.findBackendFactory('tensorflow') == null) adoptNativeFactory(native);
    return (await tf.setBackend('tensorflow')) ? null : `${NATIVE_PACKAGE} failed to initialise`;
  } catch (error) {
    return `${NATIVE_PACKAGE} failed to load: ${message(error)}`;
  }
}

/** Registers tfjs-node's backend factory here if it landed in another engine. */
function adoptNativeFactory(native: unknown): void {
  // The CommonJS exports arrive as named exports and again under `default`.
  for (const exports of [native, (native as { default?: unknown } | null)?.default]) {
    const find = (exports as { findBackendFactory?: unknown } | null | undefined)
      ?.findBackendFactory;
    const factory: unknown = typeof find === 'function' ? find.call(exports, 'tensorflow') : null;
    if (typeof factory === 'function') {
      tf.registerBackend('tensorflow', factory as () => tf.KernelBackend, 3);
      return;
    }
  }
}

async function tryWasm(wasmDir: string | undefined): Promise<string | null> {
  try {
    const dir = wasmDir ?? dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    // Checked up front: a failed load leaves tfjs-backend-wasm unable to retry in this process.
    if (!WASM_BINARIES.some((file) => existsSync(join(dir, file)))) {
      return `no tfjs-backend-wasm binaries in ${dir}`;
    }
    // A prefix, not a folder: the backend appends the file name to it as is.
    setWasmPaths(dir.endsWith('/') || dir.endsWith('\\') ? dir : `${dir}/`);
    return (await tf.setBackend('wasm')) ? null : `wasm backend failed to initialise from ${dir}`;
  } catch (error) {
    return `wasm backend failed: ${message(error)}`;
  }
}

/** Selects `name`; returns why not on failure. */
async function tryBackend(
  name: BackendName,
  nativeInstalled: boolean,
  options: BackendOptions,
): Promise<string | null> {
  switch (name) {
    case 'tensorflow':
      return tryNative(nativeInstalled);
    case 'wasm':
      return tryWasm(options.wasmDir);
    case 'cpu':
      return (await tf.setBackend('cpu')) ? null : 'cpu backend failed to initialise';
    default:
      return assertNever(name);
  }
}

async function select(
  preferred: BackendName | 'auto',
  options: BackendOptions,
): Promise<BackendInfo> {
  const nativeInstalled = resolves(NATIVE_PACKAGE);
  const reasons: string[] = [];
  for (const name of ORDER.slice(preferred === 'auto' ? 0 : ORDER.indexOf(preferred))) {
    const failure = await tryBackend(name, nativeInstalled, options);
    if (failure === null) {
      await tf.ready();
      return {
        name,
        nativeInstalled,
        ...(reasons.length > 0 ? { fallbackReason: reasons.join('; ') } : {}),
        ...(name === 'wasm'
          ? {
              wasm: {
                simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
                threads: getThreadsCount(),
              },
            }
          : {}),
      };
    }
    reasons.push(failure);
  }
  throw new Error(`no TF.js backend could be initialised: ${reasons.join('; ')}`);
}

/**
 * Initialises TF.js once per process and reports the backend. `preferred` (or the
 * `DEEPCUT_BACKEND` environment variable, which wins) names the first backend to try; the
 * ones after it in the order tensorflow → wasm → cpu are fallbacks. Later calls return the
 * first call's result whatever they ask for: the process shares one TF.js engine, and models
 * already loaded live on its backend.
 */
export function initBackend(
  preferred: BackendName | 'auto' = 'auto',
  options: BackendOptions = {},
): Promise<BackendInfo> {
  if (current === undefined) {
    const forced = process.env.DEEPCUT_BACKEND?.trim() ?? '';
    if (forced !== '' && !isBackendName(forced)) {
      return Promise.reject(
        new Error(`DEEPCUT_BACKEND must be one of ${ORDER.join(', ')}; got '${forced}'`),
      );
    }
    const attempt = select(isBackendName(forced) ? forced : preferred, options);
    current = attempt;
    // A failed start may be retried, e.g. with another wasmDir.
    attempt.catch(() => {
      if (current === attempt) current = undefined;
    });
  }
  return current;
}
