import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { adamSlot, adamStep, adamUpdate } from '../../src/main/engine/cf/adam';
import { SparseEmbedding } from '../../src/main/engine/cf/sparse-embedding';

const ROWS = 12;
const DIM = 3;
const settings = { learningRate: 0.01 };

function initial(): Float32Array {
  const rand = mulberry32(8);
  return Float32Array.from({ length: ROWS * DIM }, () => rand() - 0.5);
}

/** Per step: the batch's rows (with repeats) and one gradient row per entry. */
function batches(steps: number): { rows: Int32Array; grads: Float32Array }[] {
  const rand = mulberry32(9);
  return Array.from({ length: steps }, () => {
    // Rows 0–3 are common, the rest rare: they sit out many steps at a time.
    const rows = Int32Array.from({ length: 4 }, () =>
      rand() < 0.8 ? Math.floor(rand() * 4) : 4 + Math.floor(rand() * (ROWS - 4)),
    );
    return { rows, grads: Float32Array.from({ length: rows.length * DIM }, () => rand() - 0.5) };
  });
}

describe('sparse embedding updates', () => {
  it('gather rows into a strided batch array', () => {
    const table = new SparseEmbedding(initial(), DIM, settings);
    const out = new Float32Array(2 * 5).fill(-1);
    table.gather(Int32Array.of(4, 1), out, 5, 2);
    expect([...out.subarray(2, 5)]).toEqual([...table.values.subarray(12, 15)]);
    expect([...out.subarray(7, 10)]).toEqual([...table.values.subarray(3, 6)]);
    expect(out[0]).toBe(-1);
  });

  it("match torch's dense Adam, rows that sit out steps included", () => {
    // Dense Adam over the whole table: every row steps every time, with a zero gradient when
    // the batch did not use it. Started late, where the catch-up's approximations vanish.
    const start = 2000;
    const dense = adamSlot(initial());
    const sparse = new SparseEmbedding(initial(), DIM, settings);
    const lazy = new SparseEmbedding(initial(), DIM, settings);
    const steps = batches(300);
    steps.forEach(({ rows, grads }, s) => {
      const now = start + s + 1;
      const full = new Float32Array(ROWS * DIM);
      rows.forEach((row, b) => {
        for (let k = 0; k < DIM; k++)
          full[row * DIM + k] = (full[row * DIM + k] ?? 0) + (grads[b * DIM + k] ?? 0);
      });
      const step = adamStep(settings, now);
      adamUpdate(dense, 0, full, 0, ROWS * DIM, step);
      sparse.catchUp(rows, now - 1, adamStep(settings, now - 1));
      sparse.accumulate(rows, grads, DIM, 0);
      sparse.step(now, step, 0);
      lazy.accumulate(rows, grads, DIM, 0);
      lazy.step(now, step, 0);
    });
    const end = start + steps.length;
    sparse.catchUpAll(end, adamStep(settings, end));
    const gap = (a: Float32Array) =>
      Math.max(...a.map((v, i) => Math.abs(v - (dense.values[i] ?? NaN))));
    const moved = Math.max(...dense.values.map((v, i) => Math.abs(v - (initial()[i] ?? NaN))));
    expect(moved).toBeGreaterThan(0.5);
    expect(gap(sparse.values)).toBeLessThan(3e-3 * moved);
    // Without the catch-up, rarely used rows fall well behind.
    expect(gap(lazy.values)).toBeGreaterThan(0.05 * moved);
  });

  it('sum the gradients of a row used twice in a batch, and apply L2', () => {
    const values = initial();
    const a = new SparseEmbedding(values.slice(), DIM, settings);
    const b = new SparseEmbedding(values.slice(), DIM, settings);
    const step = adamStep(settings, 1);
    a.accumulate(Int32Array.of(5, 5), Float32Array.of(1, 2, 3, 10, 20, 30), DIM, 0);
    a.step(1, step, 0);
    b.accumulate(Int32Array.of(5), Float32Array.of(11, 22, 33), DIM, 0);
    b.step(1, step, 0);
    expect(a.values).toEqual(b.values);
    expect(a.values.subarray(0, 15)).toEqual(values.subarray(0, 15));
    const c = new SparseEmbedding(values.slice(), DIM, settings);
    const d = new SparseEmbedding(values.slice(), DIM, settings);
    c.accumulate(Int32Array.of(5), new Float32Array(DIM), DIM, 0);
    c.step(1, step, 0.5);
    d.accumulate(
      Int32Array.of(5),
      values.subarray(15, 18).map((v) => 0.5 * v),
      DIM,
      0,
    );
    d.step(1, step, 0);
    expect(c.values).toEqual(d.values);
  });
});
