/**
 * EASE^R (Steck, WWW 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item ×
 * item weights B minimising ‖X − XB‖² + λ‖B‖² with a zero diagonal, in closed form:
 * P = (XᵀX + λI)⁻¹, B_ij = −P_ij / P_jj. A user's scores are x_u·B.
 *
 * The item × item inverse of lastfm-2k (17,632 artists) would be a 2.5 GB matrix and hours of
 * work; its users are fewer than its items, so the inverse goes through the user × user matrix
 * instead (Woodbury): P = (I − Xᵀ·M·X) / λ with M = (XXᵀ + λI)⁻¹. Then
 * diag(P)_j = (1 − Σ_{u,v ∈ U_j} M_uv) / λ, and x_u·P = (x_u − (X·x_uᵀ)ᵀ·M·X) / λ, so scoring a
 * user costs one users × users product and a pass over the data, and nothing items × items is
 * ever held. With more users than items the item × item inverse is the smaller one and is taken
 * directly.
 */
import type { Interactions } from '../../cf/interactions';
import { transpose } from '../../cf/interactions';
import { invertSpd } from '../../cf/dense-inverse';

/** EASE^R over binary feedback. */
export class EaseR {
  private readonly byItem: Interactions;
  /** User side: M = (XXᵀ + λI)⁻¹, nUsers²; item side: B, nItems². */
  private readonly dense: Float64Array;
  private readonly userSide: boolean;
  /** diag(P) · λ per item (user side only). */
  private readonly diagP: Float64Array;

  /** `side` forces one way of inverting (tests compare them); by default the smaller. */
  constructor(
    private readonly train: Interactions,
    private readonly lambda: number,
    side?: 'users' | 'items',
  ) {
    this.byItem = transpose(train);
    this.userSide = side === undefined ? train.nUsers < train.nItems : side === 'users';
    if (this.userSide) {
      this.dense = this.gram(train, this.byItem, train.nUsers);
      invertSpd(this.dense, train.nUsers);
      this.diagP = this.itemDiagonal();
    } else {
      this.dense = this.gram(this.byItem, train, train.nItems);
      invertSpd(this.dense, train.nItems);
      const n = train.nItems;
      const diag = Float64Array.from({ length: n }, (_, j) => this.dense[j * n + j] ?? 1);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          this.dense[i * n + j] = i === j ? 0 : -(this.dense[i * n + j] ?? 0) / (diag[j] ?? 1);
        }
      }
      this.diagP = new Float64Array(0);
    }
  }

  /** Every item's score for each of `users`: `users.length × nItems`, row-major. */
  scoreAllItems(users: Int32Array): Float32Array {
    const n = this.train.nItems;
    const out = new Float32Array(users.length * n);
    const row = new Float64Array(n);
    users.forEach((u, r) => {
      this.scoreUser(u, row);
      out.set(row, r * n);
    });
    return out;
  }

  /** The score of each pair (`users[k]`, `items[k]`); pairs of one user should be adjacent. */
  scorePairs(users: Int32Array, items: Int32Array): Float32Array {
    const out = new Float32Array(users.length);
    const row = new Float64Array(this.train.nItems);
    let current = -1;
    users.forEach((u, k) => {
      if (u !== current) {
        this.scoreUser(u, row);
        current = u;
      }
      out[k] = row[items[k] ?? 0] ?? 0;
    });
    return out;
  }

  /**
   * XᵀX + λI of the rows of `rows` (whose columns are listed by `columns`), n × n: entry (a, b)
   * counts the columns both rows have.
   */
  private gram(rows: Interactions, columns: Interactions, n: number): Float64Array {
    const g = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let k = rows.offsets[a] ?? 0; k < (rows.offsets[a + 1] ?? 0); k++) {
        const c = rows.items[k] ?? 0;
        for (let m = columns.offsets[c] ?? 0; m < (columns.offsets[c + 1] ?? 0); m++) {
          const b = columns.items[m] ?? 0;
          g[a * n + b] = (g[a * n + b] ?? 0) + 1;
        }
      }
      g[a * n + a] = (g[a * n + a] ?? 0) + this.lambda;
    }
    return g;
  }

  /** λ·diag(P)_j = 1 − Σ_{u,v ∈ U_j} M_uv, per item. */
  private itemDiagonal(): Float64Array {
    const { nItems, nUsers } = this.train;
    const out = new Float64Array(nItems);
    for (let j = 0; j < nItems; j++) {
      const from = this.byItem.offsets[j] ?? 0;
      const to = this.byItem.offsets[j + 1] ?? 0;
      let s = 0;
      for (let a = from; a < to; a++) {
        const row = (this.byItem.items[a] ?? 0) * nUsers;
        for (let b = from; b < to; b++) s += this.dense[row + (this.byItem.items[b] ?? 0)] ?? 0;
      }
      out[j] = 1 - s;
    }
    return out;
  }

  /** User `u`'s score of every item, into `out`. */
  private scoreUser(u: number, out: Float64Array): void {
    out.fill(0);
    const { offsets, items } = this.train;
    const from = offsets[u] ?? 0;
    const to = offsets[u + 1] ?? 0;
    if (!this.userSide) {
      const n = this.train.nItems;
      for (let k = from; k < to; k++) {
        const row = (items[k] ?? 0) * n;
        for (let j = 0; j < n; j++) out[j] = (out[j] ?? 0) + (this.dense[row + j] ?? 0);
      }
      return;
    }
    const nUsers = this.train.nUsers;
    // c = X·x_uᵀ: how many items each user shares with u; then r = c·M.
    const c = new Float64Array(nUsers);
    for (let k = from; k < to; k++) {
      const i = items[k] ?? 0;
      for (let m = this.byItem.offsets[i] ?? 0; m < (this.byItem.offsets[i + 1] ?? 0); m++) {
        const v = this.byItem.items[m] ?? 0;
        c[v] = (c[v] ?? 0) + 1;
      }
    }
    const r = new Float64Array(nUsers);
    for (let v = 0; v < nUsers; v++) {
      const cv = c[v] ?? 0;
      if (cv === 0) continue;
      const row = v * nUsers;
      for (let w = 0; w < nUsers; w++) r[w] = (r[w] ?? 0) + cv * (this.dense[row + w] ?? 0);
    }
    // (r·X)_j, then x_u·P·λ = x_u − r·X, then s_j = x_uj − (x_u·P)_j / P_jj.
    for (let w = 0; w < nUsers; w++) {
      const rw = r[w] ?? 0;
      for (let k = offsets[w] ?? 0; k < (offsets[w + 1] ?? 0); k++) {
        const j = items[k] ?? 0;
        out[j] = (out[j] ?? 0) - rw;
      }
    }
    for (let k = from; k < to; k++) {
      const j = items[k] ?? 0;
      out[j] = (out[j] ?? 0) + 1;
    }
    const own = new Set(items.subarray(from, to));
    for (let j = 0; j < out.length; j++) {
      const xp = out[j] ?? 0;
      out[j] = (own.has(j) ? 1 : 0) - xp / (this.diagP[j] ?? 1);
    }
  }
}
