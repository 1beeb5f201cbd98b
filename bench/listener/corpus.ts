/**
 * A labelled corpus as the simulated listeners know it: each analysed track's soundtrack (from
 * the corpus's labels.tsv) and its duration. Shared by bench:listener and bench:bridge, which
 * must see the same corpus the same way for their figures to compare.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../src/main/engine/engine';
import type { Corpus } from './listeners';

export async function readCorpus(
  engine: Engine,
  corpusDir: string,
): Promise<Corpus & { durations: Map<string, number> }> {
  const byPath = new Map(
    readFileSync(join(corpusDir, 'labels.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .map(([path = '', label = '']) => [join(corpusDir, path), label]),
  );
  const tracks = await engine.store.analysedTracks();
  const labelOf = new Map<string, string>();
  const tracksOf = new Map<string, string[]>();
  for (const t of [...tracks].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const label = byPath.get(t.path);
    if (label === undefined) continue;
    labelOf.set(t.id, label);
    tracksOf.set(label, [...(tracksOf.get(label) ?? []), t.id]);
  }
  const durations = new Map(tracks.map((t) => [t.id, Math.round((t.durationSec ?? 180) * 1000)]));
  return { labelOf, tracksOf, durations };
}
