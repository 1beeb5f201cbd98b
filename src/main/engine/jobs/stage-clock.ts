/** The stages a scan reports time for. */
export type Stage =
  | 'reembed'
  | 'walk'
  | 'tags'
  | 'artwork'
  | 'decode'
  | 'mel'
  | 'loudness'
  | 'cache'
  | 'embed'
  | 'store';

export type StageMs = Readonly<Record<Stage, number>>;

/** Sums milliseconds per stage; concurrent items add up, so a stage may exceed wall time. */
export class StageClock {
  private readonly ms: Record<Stage, number> = {
    reembed: 0,
    walk: 0,
    tags: 0,
    artwork: 0,
    decode: 0,
    mel: 0,
    loudness: 0,
    cache: 0,
    embed: 0,
    store: 0,
  };

  add(stage: Stage, ms: number): void {
    this.ms[stage] += ms;
  }

  async time<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await work();
    } finally {
      this.add(stage, performance.now() - t);
    }
  }

  timeSync<T>(stage: Stage, work: () => T): T {
    const t = performance.now();
    try {
      return work();
    } finally {
      this.add(stage, performance.now() - t);
    }
  }

  totals(): StageMs {
    return { ...this.ms };
  }
}
