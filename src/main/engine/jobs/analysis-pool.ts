import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_BOUNDS,
  STAGE_WORDS,
  STARTUP_TIMEOUT_MS,
  STUCK_GRACE_MS,
  type StageBounds,
} from './analysis-bounds';
import type {
  AnalysisReply,
  AnalysisRequest,
  AnalysisStage,
  WorkerMessage,
  WorkerRequest,
} from './analysis-protocol';

/** One file to analyse; see {@link AnalysisRequest} for what each field asks. */
export type AnalysisJob = Readonly<{
  path: string;
  durationSec?: number | null;
  /** Data folder to make artwork thumbnails into; default none. */
  artworkDataDir?: string | null;
  /** Measure loudness; default false. */
  loudness?: boolean;
  melCache?: Readonly<{ dataDir: string; trackId: string }> | null;
}>;

export type AnalysisPoolOptions = Readonly<{
  /** Worker processes; default: one per core. */
  workers?: number;
  /** Jobs each worker holds at once, so one decodes in ffmpeg while another is in Meyda. */
  jobsPerWorker?: number;
  /** Per-file decode timeout (default 30 s). */
  timeoutMs?: number;
  /** Other stages' bounds, where not the defaults (analysis-bounds.ts); tests shorten them. */
  boundsMs?: Partial<StageBounds>;
  ffmpegPath?: string | null;
  /** Extra allowance past a stage's bound before a worker counts as stuck (tests shorten it). */
  stuckGraceMs?: number;
  /** Told when a file enters a stage (figures, tests). */
  onStage?: (path: string, stage: AnalysisStage) => void;
}>;

type Pending = {
  request: AnalysisRequest;
  resolve: (reply: AnalysisReply) => void;
  reject: (error: Error) => void;
  worker: ChildProcess;
  /** Workers lost under this job (a crash or a kill): it is retried once elsewhere. */
  losses: number;
  deadline: NodeJS.Timeout | null;
  /** The stage it announced last and when, or null while it waits in the worker. */
  stage: Readonly<{ name: AnalysisStage; at: number }> | null;
};

/**
 * Starts a worker process: the built JavaScript beside this module in the electron-vite build, or
 * the TypeScript source through tsx when running from the sources (CLI in a checkout, vitest).
 *
 * Processes rather than threads because each file needs an ffmpeg child, and spawning from the
 * engine process (hundreds of MB with TF.js and LanceDB) costs about 25 ms of page-table copying
 * per spawn here, against under 2 ms from a small worker process; and because a process stuck in
 * a reader's loop can be killed, which a thread in the engine could not.
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
 * A fixed set of worker processes that analyse files. `analyse` resolves with the worker's
 * reply; a failed file is a reply, not a rejection, so one bad file never stops a scan.
 *
 * Every stage a worker announces is held to its bound (analysis-bounds.ts): a worker still in a
 * stage past it is killed, the file it was on fails with a timeout naming the stage, and the
 * other files it held are analysed again by the worker that takes its place.
 */
export class AnalysisPool {
  readonly capacity: number;
  private readonly workers: ChildProcess[] = [];
  private readonly load = new Map<ChildProcess, number>();
  /** Workers that have said they are loaded (a start-up is not held to a file's bounds). */
  private readonly ready = new Set<ChildProcess>();
  private readonly pending = new Map<number, Pending>();
  /** Why a worker was killed: the job that was stuck, and the reason it fails with. */
  private readonly killed = new Map<ChildProcess, { seq: number; reason: string }>();
  private readonly bounds: StageBounds;
  private seq = 0;
  private closed = false;

  constructor(private readonly options: AnalysisPoolOptions = {}) {
    const { timeoutMs, boundsMs } = options;
    this.bounds = {
      ...DEFAULT_BOUNDS,
      ...boundsMs,
      ...(timeoutMs === undefined ? {} : { decode: timeoutMs }),
    };
    const count = Math.max(1, options.workers ?? availableParallelism());
    for (let i = 0; i < count; i++) this.spawn();
    this.capacity = count * Math.max(1, options.jobsPerWorker ?? 2);
  }

  /** Analyses one file on the least loaded worker; `signal` cancels it. */
  analyse(job: AnalysisJob, signal?: AbortSignal): Promise<AnalysisReply> {
    if (this.closed) return Promise.reject(new Error('analysis pool is closed'));
    const seq = ++this.seq;
    const request: AnalysisRequest = {
      type: 'analyse',
      seq,
      path: job.path,
      ...(job.durationSec !== undefined ? { durationSec: job.durationSec } : {}),
      artworkDataDir: job.artworkDataDir ?? null,
      loudness: job.loudness ?? false,
      melCache: job.melCache ?? null,
      boundsMs: this.bounds,
      ffmpegPath: this.options.ffmpegPath ?? null,
    };
    const cancel = (): void => {
      const p = this.pending.get(seq);
      if (p) send(p.worker, { type: 'cancel', seq });
    };
    signal?.addEventListener('abort', cancel, { once: true });
    const reply = new Promise<AnalysisReply>((resolve, reject) => {
      const worker = this.leastLoaded();
      const entry = { request, resolve, reject, worker, losses: 0, deadline: null, stage: null };
      this.pending.set(seq, entry);
      this.dispatch(seq, worker);
    });
    // One scan's signal sees every job: listeners of finished jobs must not pile up on it.
    return reply.finally(() => signal?.removeEventListener('abort', cancel));
  }

  /** Stops every worker; pending jobs reject. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [seq, p] of this.pending) {
      this.forget(seq, p);
      p.reject(new Error('analysis pool closed'));
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

  /** The worker processes' ids, for diagnostics and for tests that stop one. */
  get pids(): number[] {
    return this.workers.flatMap((w) => (w.pid === undefined ? [] : [w.pid]));
  }

  private dispatch(seq: number, worker: ChildProcess): void {
    const p = this.pending.get(seq);
    if (!p) return;
    p.worker = worker;
    p.stage = null;
    this.load.set(worker, (this.load.get(worker) ?? 0) + 1);
    send(worker, p.request);
    // Until it announces its first stage, a job waits in the worker: as long as reading tags may,
    // once the worker has started.
    if (this.ready.has(worker)) this.arm(seq, p, 'tags');
    else this.armStartup(seq, p);
  }

  /** A worker still loading may take its time, on a busy machine seconds; not for ever. */
  private armStartup(seq: number, p: Pending): void {
    if (p.deadline) clearTimeout(p.deadline);
    p.deadline = setTimeout(() => this.stuck(seq, p), STARTUP_TIMEOUT_MS);
  }

  private spawn(): void {
    const worker = startWorker();
    worker.on('message', (message: WorkerMessage) => this.receive(worker, message));
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

  private receive(worker: ChildProcess, message: WorkerMessage): void {
    if (message.type === 'ready') {
      this.ready.add(worker);
      for (const [seq, p] of this.pending) {
        if (p.worker === worker && p.stage === null) this.arm(seq, p, 'tags');
      }
      return;
    }
    const p = this.pending.get(message.seq);
    if (!p || p.worker !== worker) return;
    if (message.type === 'stage') return this.hold(message.seq, p, message.stage);
    this.forget(message.seq, p);
    p.resolve(message);
  }

  /** A job entered a stage: it is held to that stage's bound from now. */
  private hold(seq: number, p: Pending, stage: AnalysisStage): void {
    p.stage = { name: stage, at: performance.now() };
    this.options.onStage?.(p.request.path, stage);
    this.arm(seq, p, stage);
  }

  private arm(seq: number, p: Pending, stage: AnalysisStage): void {
    if (p.deadline) clearTimeout(p.deadline);
    const bound = this.bounds[stage];
    const allowed = bound + (this.options.stuckGraceMs ?? STUCK_GRACE_MS);
    p.deadline = setTimeout(() => this.stuck(seq, p), allowed);
  }

  /**
   * A job is past its stage's bound and its worker did not end it: the worker's event loop is
   * held (a reader in a synchronous loop) or the process hangs. It is killed. The file to blame
   * is the one whose stage ran out; one that never started is blamed only when no other job of
   * that worker had started, since then the other holds the loop.
   */
  private stuck(seq: number, p: Pending): void {
    // Already being killed for another of its jobs: that one is to blame, not this one, which
    // goes to the worker that takes its place.
    if (this.killed.has(p.worker)) return;
    let culprit: [number, Pending] = [seq, p];
    if (p.stage === null) {
      for (const entry of this.pending) {
        const stage = entry[1].stage;
        if (entry[1].worker !== p.worker || stage === null) continue;
        if (culprit[1].stage === null || stage.at > culprit[1].stage.at) culprit = entry;
      }
    }
    const [stuckSeq, stuckJob] = culprit;
    const stage = stuckJob.stage?.name;
    const reason =
      stage === undefined
        ? 'the analysis worker stopped answering'
        : `timed out ${STAGE_WORDS[stage]} after ${Math.round(this.bounds[stage] / 1000)} s`;
    this.killed.set(p.worker, { seq: stuckSeq, reason });
    p.worker.kill('SIGKILL');
  }

  private forget(seq: number, p: Pending): void {
    if (p.deadline) clearTimeout(p.deadline);
    this.pending.delete(seq);
    this.load.set(p.worker, Math.max(0, (this.load.get(p.worker) ?? 1) - 1));
  }

  /**
   * A worker that crashed or was killed is replaced. The job it was killed for fails with its
   * timeout; its other jobs go to the other workers, once: a job that loses a second worker
   * fails, since it may be what brings them down.
   */
  private replace(worker: ChildProcess, error: Error): void {
    const index = this.workers.indexOf(worker);
    if (index < 0) return;
    this.workers.splice(index, 1);
    this.load.delete(worker);
    this.ready.delete(worker);
    const stuck = this.killed.get(worker);
    this.killed.delete(worker);
    if (!this.closed) this.spawn();
    for (const [seq, p] of this.pending) {
      if (p.worker !== worker) continue;
      if (p.deadline) clearTimeout(p.deadline);
      p.deadline = null;
      if (stuck?.seq === seq) {
        this.pending.delete(seq);
        p.resolve(failedReply(seq, stuck.reason));
      } else if (++p.losses > 1 || this.closed) {
        this.pending.delete(seq);
        p.reject(error);
      } else {
        this.dispatch(seq, this.leastLoaded());
      }
    }
  }
}

/** The reply for a file whose worker had to be killed: what is known is that nothing is. */
function failedReply(seq: number, reason: string): AnalysisReply {
  const times = { tagsMs: 0, artworkMs: 0, decodeMs: 0, melMs: 0, loudnessMs: 0 };
  return {
    type: 'failed',
    seq,
    reason,
    tags: null,
    tagsError: null,
    artwork: null,
    artworkError: null,
    times,
  };
}

function send(worker: ChildProcess, message: WorkerRequest): void {
  // A worker that just died has no channel; its jobs are handled by replace().
  if (worker.connected) worker.send(message);
}
