/**
 * Synthetic libraries for the map's benchmark: unit vectors with a genre → artist → track
 * hierarchy, like a real library's embeddings (tracks of one artist close, artists of one genre
 * nearer each other than other genres'), and the measures of a map's quality on them.
 */
import { mulberry32 } from '../src/main/engine/embed/init';

const DIM = 128;

/** A library's vectors and the genre and artist of each. */
export type SyntheticLibrary = Readonly<{
  vectors: Float32Array[];
  genre: Int32Array;
  artist: Int32Array;
}>;

/**
 * Options for {@link hierarchicalLibrary}: families of related genres (rock and metal, say), each
 * genre's artists, each artist's tracks, all varying within a space of `latentDim` directions
 * (real embeddings are like that: the shipped model's vectors of 500 tracks of the pretraining
 * corpus keep 95 % of their variance in 16 principal components, and a track's nearest track is
 * at cosine 0.86 where two tracks at random are at 0.04), plus a little noise in every direction.
 * Spreads are standard deviations per latent direction, the families' being 1.
 */
export type LibraryShape = Readonly<{
  latentDim: number;
  families: number;
  genresPerFamily: number;
  artistsPerGenre: number;
  genreSpread: number;
  artistSpread: number;
  trackSpread: number;
  /** Noise in all 128 directions, relative to a latent vector's length. */
  noise: number;
  seed: number;
}>;

/**
 * At 500 tracks a track's nearest is at cosine 0.85 (the pretraining corpus: 0.86) and two at
 * random at 0.09 (0.04); at 10,000 tracks 99 % of a track's 10 nearest are of its genre and 77 %
 * of its artist.
 */
export const DEFAULT_SHAPE: LibraryShape = {
  latentDim: 16,
  families: 8,
  genresPerFamily: 3,
  artistsPerGenre: 25,
  genreSpread: 0.8,
  artistSpread: 0.6,
  trackSpread: 0.45,
  noise: 0.2,
  seed: 42,
};

function normalised(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}

/** `n` tracks, each of a random artist of a random genre. */
export function hierarchicalLibrary(
  n: number,
  shape: LibraryShape = DEFAULT_SHAPE,
): SyntheticLibrary {
  const random = mulberry32(shape.seed);
  const gauss = (): number =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const { latentDim } = shape;
  // Orthonormal directions (Gram–Schmidt) that the latent space is laid along.
  const basis: Float32Array[] = [];
  while (basis.length < latentDim) {
    const v = Float32Array.from({ length: DIM }, gauss);
    for (const b of basis) {
      let along = 0;
      for (let d = 0; d < DIM; d++) along += (v[d] as number) * (b[d] as number);
      for (let d = 0; d < DIM; d++) v[d] = (v[d] as number) - along * (b[d] as number);
    }
    basis.push(normalised(v));
  }
  const around = (centre: Float32Array, spread: number): Float32Array =>
    centre.map((x) => x + spread * gauss());
  const families = Array.from({ length: shape.families }, () =>
    around(new Float32Array(latentDim), 1),
  );
  const genres = families.flatMap((f) =>
    Array.from({ length: shape.genresPerFamily }, () => around(f, shape.genreSpread)),
  );
  const artists = genres.flatMap((g) =>
    Array.from({ length: shape.artistsPerGenre }, () => around(g, shape.artistSpread)),
  );
  const vectors: Float32Array[] = [];
  const genre = new Int32Array(n);
  const artist = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = Math.floor(random() * artists.length);
    const latent = around(artists[a] as Float32Array, shape.trackSpread);
    const length = Math.hypot(...latent);
    const v = Float32Array.from(
      { length: DIM },
      () => (shape.noise * length * gauss()) / Math.sqrt(DIM),
    );
    basis.forEach((b, k) => {
      for (let d = 0; d < DIM; d++)
        v[d] = (v[d] as number) + (latent[k] as number) * (b[d] as number);
    });
    vectors.push(normalised(v));
    artist[i] = a;
    genre[i] = Math.floor(a / shape.artistsPerGenre);
  }
  return { vectors, genre, artist };
}

/** Indices of the `k` nearest of all points to point `i` by `distance`, itself left out. */
function nearest(n: number, i: number, k: number, distance: (j: number) => number): number[] {
  const best: [number, number][] = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const d = distance(j);
    if (best.length < k) {
      best.push([d, j]);
      best.sort((a, b) => a[0] - b[0]);
    } else if (d < (best[k - 1]?.[0] ?? Infinity)) {
      best[k - 1] = [d, j];
      best.sort((a, b) => a[0] - b[0]);
    }
  }
  return best.map(([, j]) => j);
}

/** How well a map keeps neighbourhoods, over `probes` evenly spread points. */
export type MapQuality = Readonly<{
  /** Share of a point's 10 nearest on the map of its own genre (and in the embedding space). */
  genrePurity: number;
  genrePurityEmbedding: number;
  artistPurity: number;
  artistPurityEmbedding: number;
  /** Share of a point's 10 nearest in the embedding space that are among its 10 on the map. */
  neighboursKept: number;
}>;

export function mapQuality(
  library: SyntheticLibrary,
  xy: Float32Array,
  probes = 300,
  k = 10,
): MapQuality {
  const { vectors, genre, artist } = library;
  const n = vectors.length;
  const step = Math.max(1, Math.floor(n / probes));
  let count = 0;
  const sums = { genre: 0, genreE: 0, artist: 0, artistE: 0, kept: 0 };
  for (let i = 0; i < n; i += step) {
    const onMap = nearest(n, i, k, (j) => {
      const dx = (xy[2 * j] as number) - (xy[2 * i] as number);
      const dy = (xy[2 * j + 1] as number) - (xy[2 * i + 1] as number);
      return dx * dx + dy * dy;
    });
    const v = vectors[i] as Float32Array;
    const inSpace = nearest(n, i, k, (j) => {
      const u = vectors[j] as Float32Array;
      let dot = 0;
      for (let d = 0; d < v.length; d++) dot += (v[d] as number) * (u[d] as number);
      return -dot;
    });
    const share = (list: number[], labels: Int32Array): number =>
      list.filter((j) => labels[j] === labels[i]).length / k;
    sums.genre += share(onMap, genre);
    sums.genreE += share(inSpace, genre);
    sums.artist += share(onMap, artist);
    sums.artistE += share(inSpace, artist);
    const mapSet = new Set(onMap);
    sums.kept += inSpace.filter((j) => mapSet.has(j)).length / k;
    count++;
  }
  return {
    genrePurity: sums.genre / count,
    genrePurityEmbedding: sums.genreE / count,
    artistPurity: sums.artist / count,
    artistPurityEmbedding: sums.artistE / count,
    neighboursKept: sums.kept / count,
  };
}
