import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AnalysisReply, AnalysisRequest, WorkerRequest } from './analysis-protocol';

export type AnalysisJob = Readonly<{ path: string; durationSec: number | null }>;

export type AnalysisPoolOptions = Readonly<{
  /** Worker threads; default: one per core. */
  workers?: number;
  /** Jobs each worker holds at once, so one decodes in ffmpeg while another is in Meyda. */
  jobsPerWorker?: number;
  /** Per-file decode timeout. */
  timeoutMs?: number;
  ffmpegPath?: string | null;
}>;

type Pending = {
  resolve: (reply: AnalysisReply) => void;
  reject: (error: Error) => void;
  worker: Worker;
};

/** tsx's ESM register API, found through its package exports (its CommonJS twin cannot load it). */
function tsxEsmApi(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = require(manifest) as { exports: Record<string, { import: { default: string } }> };
  const api = pkg.exports['./esm/api'];
  if (!api) throw new Error('tsx has no ./esm/api export');
  return join(dirname(manifest), api.import.default);
}

/**
 * Starts the worker: the built JavaScript beside this module in the electron-vite build, or the
 * TypeScript source when running from the sources (tsx, vitest). A worker does not inherit the
 * parent's TypeScript loader, so it registers tsx itself before importing its code.
 */
function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), 'analysis-worker.js'));
  const tsx = pathToFileURL(tsxEsmApi()).href;
  const entry = pathToFileURL(join(dirname(here), 'analysis-worker.ts')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true });
}

/**
 * A fixed set of worker threads that decode and compute log-mels. `analyse` resolves with the
 * worker's reply; a failed file is a reply, not a rejection, so one bad file never stops a scan.
 */
export class AnalysisPool {
  readonly capacity: number;
  private readonly workers: Worker[] = [];
  private readonly load = new Map<Worker, number>();
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private closed = false;

  constructor(private readonly options: AnalysisPoolOptions = {}) {
    const count = Math.max(1, options.workers ?? availableParallelism());
    for (let i = 0; i < count; i++) this.spawn();
    this.capacity = count * Math.max(1, options.jobsPerWorker ?? 2);
  }

  /** Analyses one file on the least loaded worker; `signal` cancels it. */
  analyse(job: AnalysisJob, signal?: AbortSignal): Promise<AnalysisReply> {
    if (this.closed) return Promise.reject(new Error('analysis pool is closed'));
    const worker = this.leastLoaded();
    const seq = ++this.seq;
    const request: AnalysisRequest = {
      type: 'analyse',
      seq,
      path: job.path,
      durationSec: job.durationSec,
      timeoutMs: this.options.timeoutMs ?? 30_000,
      ffmpegPath: this.options.ffmpegPath ?? null,
    };
    return new Promise<AnalysisReply>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject, worker });
      this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
      signal?.addEventListener(
        'abort',
        () => worker.postMessage({ type: 'cancel', seq } satisfies WorkerRequest),
        { once: true },
      );
      worker.postMessage(request satisfies WorkerRequest);
    });
  }

  /** Stops every worker; pending jobs reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [seq, p] of this.pending) {
      p.reject(new Error('analysis pool closed'));
      this.pending.delete(seq);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(): void {
    const worker = startWorker();
    worker.on('message', (reply: AnalysisReply) => this.settle(reply));
    worker.on('error', (error) => this.replace(worker, error));
    worker.on('exit', (code) =>
      this.replace(worker, new Error(`analysis worker exited (${code})`)),
    );
    this.workers.push(worker);
    this.load.set(worker, 0);
  }

  private leastLoaded(): Worker {
    let best = this.workers[0];
    if (!best) throw new Error('analysis pool has no workers');
    for (const w of this.workers)
      if ((this.load.get(w) ?? 0) < (this.load.get(best) ?? 0)) best = w;
    return best;
  }

  private settle(reply: AnalysisReply): void {
    const p = this.pending.get(reply.seq);
    if (!p) return;
    this.pending.delete(reply.seq);
    this.load.set(p.worker, Math.max(0, (this.load.get(p.worker) ?? 1) - 1));
    p.resolve(reply);
  }

  /**
   * A crashed worker fails its own jobs and a new one takes its place, so the scan reports those
   * files and goes on with the others.
   */
  private replace(worker: Worker, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index < 0) return;
    this.workers.splice(index, 1);
    this.load.delete(worker);
    for (const [seq, p] of this.pending) {
      if (p.worker !== worker) continue;
      this.pending.delete(seq);
      p.reject(error);
    }
    if (!this.closed) this.spawn();
  }
}
