/** A TF.js scope whose result may be any value, unlike tf.tidy's. */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Runs `build` in a TF.js scope: every tensor it creates is disposed when it returns (or
 * throws), except those it passes to `tf.keep`, which the caller then owns.
 */
export function scoped<T>(build: () => T): T {
  const engine = tf.engine();
  engine.startScope();
  try {
    return build();
  } finally {
    engine.endScope();
  }
}
