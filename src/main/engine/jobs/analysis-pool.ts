import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalysisReply, AnalysisRequest, WorkerRequest } from './analysis-protocol';

export type AnalysisJob = Readonly<{ path: string; durationSec: number | null }>;

export type AnalysisPoolOptions = Readonly<{
  /** Worker processes; default: one per core. */
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
  worker: ChildProcess;
};

/**
 * Starts a worker process: the built JavaScript beside this module in the electron-vite build, or
 * the TypeScript source through tsx when running from the sources (CLI in a checkout, vitest).
 *
 * Processes rather than threads because each file needs an ffmpeg child, and spawning from the
 * engine process (hundreds of MB with TF.js and LanceDB) costs about 25 ms of page-table copying
 * per spawn here, against under 2 ms from a small worker process.
 */
function startWorker(): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const fromSources = here.endsWith('.ts');
  const entry = join(dirname(here), fromSources ? 'analysis-worker.ts' : 'analysis-worker.js');
  return fork(entry, [], {
    execArgv: fromSources ? ['--import', 'tsx'] : [],
    // Typed arrays cross as binary with 'advanced' serialisation, not as JSON arrays of numbers.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

/**
 * A fixed set of worker processes that decode and compute log-mels. `analyse` resolves with the
 * worker's reply; a failed file is a reply, not a rejection, so one bad file never stops a scan.
 */
export class AnalysisPool {
  readonly capacity: number;
  private readonly workers: ChildProcess[] = [];
  private readonly load = new Map<ChildProcess, number>();
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
    const cancel = (): void => send(worker, { type: 'cancel', seq });
    signal?.addEventListener('abort', cancel, { once: true });
    const reply = new Promise<AnalysisReply>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject, worker });
      this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
      send(worker, request);
    });
    // One scan's signal sees every job: listeners of finished jobs must not pile up on it.
    return reply.finally(() => signal?.removeEventListener('abort', cancel));
  }

  /** Stops every worker; pending jobs reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [seq, p] of this.pending) {
      p.reject(new Error('analysis pool closed'));
      this.pending.delete(seq);
    }
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.exitCode !== null || w.signalCode !== null) return resolve();
            w.once('exit', () => resolve());
            w.kill();
          }),
      ),
    );
  }

  private spawn(): void {
    const worker = startWorker();
    worker.on('message', (reply: AnalysisReply) => this.settle(reply));
    worker.on('error', (error) => this.replace(worker, error));
    worker.on('exit', (code, signal) =>
      this.replace(worker, new Error(`analysis worker exited (${signal ?? code})`)),
    );
    this.workers.push(worker);
    this.load.set(worker, 0);
  }

  private leastLoaded(): ChildProcess {
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
  private replace(worker: ChildProcess, error: Error): void {
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

function send(worker: ChildProcess, message: WorkerRequest): void {
  // A worker that just died has no channel; its jobs are failed by replace().
  if (worker.connected) worker.send(message);
}
