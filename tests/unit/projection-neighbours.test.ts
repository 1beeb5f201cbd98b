/**
 * The map's neighbour search (exact and inverted-file, in TF.js matrix products) against brute
 * force in JavaScript, on vectors shaped like the shipped model's, and its tensors freed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/main/engine/embed/backend';
import {
  packRows,
  rowDot,
  type PackedRows,
} from '../../src/main/engine/projection/neighbour-graph';
import {
  nearestAmong,
  nearestNeighbours,
  type Neighbours,
} from '../../src/main/engine/projection/neighbour-search';
import { hierarchicalLibrary } from '../../bench/projection-data';

beforeAll(async () => {
  await initBackend();
});

/** The true `k` nearest base rows of query row `q`, by brute force. */
function truth(
  base: PackedRows,
  queries: PackedRows,
  q: number,
  k: number,
  self: boolean,
): number[] {
  const scored: [number, number][] = [];
  for (let j = 0; j < base.rows; j++) {
    if (self && j === q) continue;
    scored.push([rowDot(queries, q, base, j), j]);
  }
  return scored
    .sort((a, b) => b[0] - a[0])
    .slice(0, k)
    .map(([, j]) => j);
}

function recall(found: Neighbours, base: PackedRows, queries: PackedRows, self: boolean): number {
  const { k } = found;
  let hits = 0;
  let probes = 0;
  for (let q = 0; q < queries.rows; q += 25) {
    const expected = new Set(truth(base, queries, q, k, self));
    for (let m = 0; m < k; m++) if (expected.has(found.indices[q * k + m] ?? -1)) hits++;
    probes += k;
  }
  return hits / probes;
}

describe('the map neighbour search', () => {
  it('is exact on a small library, best first, never naming a track itself', async () => {
    const rows = packRows(hierarchicalLibrary(600).vectors);
    const before = tf.memory().numTensors;
    const found = await nearestNeighbours(rows, 10);
    expect(tf.memory().numTensors).toBe(before);
    expect(recall(found, rows, rows, true)).toBe(1);
    for (let q = 0; q < rows.rows; q++) {
      for (let m = 0; m < 10; m++) {
        expect(found.indices[q * 10 + m]).not.toBe(q);
        if (m > 0) {
          expect(found.similarities[q * 10 + m]).toBeLessThanOrEqual(
            (found.similarities[q * 10 + m - 1] ?? 0) + 1e-6,
          );
        }
      }
    }
  });

  it('finds most true neighbours in a large library through its groups, and among another set', async () => {
    const library = hierarchicalLibrary(6000);
    const rows = packRows(library.vectors.slice(0, 5000));
    const before = tf.memory().numTensors;
    const found = await nearestNeighbours(rows, 14);
    expect(recall(found, rows, rows, true)).toBeGreaterThan(0.8);
    const others = packRows(library.vectors.slice(5000));
    const among = await nearestAmong(rows, others, 6);
    expect(recall(among, rows, others, false)).toBeGreaterThan(0.8);
    expect(tf.memory().numTensors).toBe(before);
  });
});
