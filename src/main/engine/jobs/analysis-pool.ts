import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * Where the worker's code is: beside this module, as TypeScript when running from the sources
 * (tsx, vitest) and as JavaScript in the electron-vite build, which emits both side by side.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const fromSources = here.endsWith('.ts');
  return {
    file: join(dirname(here), fromSources ? 'analysis-worker.ts' : 'analysis-worker.js'),
    execArgv: fromSources ? ['--import', 'tsx'] : [],
  };
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
    const { file, execArgv } = workerEntry();
    const worker = new Worker(file, { execArgv });
    worker.on('message', (reply: AnalysisReply) => this.settle(reply));
    worker.on('error', (error) => this.replace(worker, error));
    worker.on('exit', (code) => this.replace(worker, new Error(`analysis worker exited (${code})`)));
    this.workers.push(worker);
    this.load.set(worker, 0);
  }

  private leastLoaded(): Worker {
    let best = this.workers[0];
    if (!best) throw new Error('analysis pool has no workers');
    for (const w of this.workers) if ((this.load.get(w) ?? 0) < (this.load.get(best) ?? 0)) best = w;
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
