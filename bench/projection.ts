/**
 * The discover map's projection (src/main/engine/projection/project.ts) over synthetic clustered
 * unit vectors: seconds to make the map, and how well it keeps neighbours (the share of each
 * point's 10 nearest points on the map that share its cluster). Prints figures; never fails on
 * time. Usage: node --import tsx bench/projection.ts [N …] (default 2000 10000).
 */
import { projectVectors } from '../src/main/engine/projection/project';
import { mulberry32 } from '../src/main/engine/embed/init';

const DIM = 128;
const CLUSTERS = 12;

function clustered(n: number): { vectors: Float32Array[]; cluster: number[] } {
  const random = mulberry32(42);
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const centres = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: DIM }, gauss));
  const vectors: Float32Array[] = [];
  const cluster: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % CLUSTERS;
    const v = Float32Array.from(centres[c] ?? [], (x) => x + 1.2 * gauss());
    const norm = Math.hypot(...v);
    vectors.push(v.map((x) => x / norm));
    cluster.push(c);
  }
  return { vectors, cluster };
}

function purity(xy: Float32Array, cluster: readonly number[], k: number, sample: number): number {
  let same = 0;
  const n = cluster.length;
  const step = Math.max(1, Math.floor(n / sample));
  let counted = 0;
  for (let i = 0; i < n; i += step) {
    const distances: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      if (j !== i)
        distances.push([
          ((xy[2 * j] ?? 0) - (xy[2 * i] ?? 0)) ** 2 +
            ((xy[2 * j + 1] ?? 0) - (xy[2 * i + 1] ?? 0)) ** 2,
          j,
        ]);
    }
    distances.sort((a, b) => a[0] - b[0]);
    same += distances.slice(0, k).filter(([, j]) => cluster[j] === cluster[i]).length;
    counted++;
  }
  return same / (counted * k);
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const n of sizes.length > 0 ? sizes : [2000, 10_000]) {
  const { vectors, cluster } = clustered(n);
  const start = performance.now();
  const xy = await projectVectors(vectors);
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${n} tracks: ${seconds.toFixed(1)} s, 10-NN cluster purity on the map ${purity(xy, cluster, 10, 300).toFixed(3)}`,
  );
}
