/**
 * The engine process as its parent sees it, whatever started it: Electron's main process (a
 * utilityProcess, shell/engine-process.ts) or `deepcut serve` (a Node child process,
 * server/engine-child.ts). Calls go out with a sequence number and come back as the reply with
 * that number; events are forwarded. If the process dies it is started again (a few times a
 * minute at most), calls in flight fail with `engine-unavailable`, calls made meanwhile wait for
 * the new process, and the owner is told once it is ready.
 */
import type { ApiResult } from '../../shared/api-contract';
import type { FromEngine, ToEngine } from './host-protocol';
import type { MediaLookup } from './media/media-file';
import type { MediaRequest } from './media/media-request';

/** What the supervisor hears from one engine process; the spawner wires these up. */
export type EngineChildEvents = Readonly<{
  /** The process runs and may be sent messages. */
  spawned: () => void;
  message: (message: FromEngine) => void;
  /** The process ended; `code` as the platform reports it (null: killed by a signal). */
  exited: (code: number | null) => void;
}>;

/** One engine process, as the spawner hands it over. */
export type EngineChild = Readonly<{
  /** Sent only after `spawned`. */
  postMessage: (message: ToEngine) => void;
  kill: () => void;
}>;

/** Starts one engine process that reports to `events`. */
export type SpawnEngine = (events: EngineChildEvents) => EngineChild;

/** Options for {@link EngineSupervisor}. */
export type EngineSupervisorOptions = Readonly<{
  spawn: SpawnEngine;
  /** An event from the engine, to forward to the pages. */
  onEvent: (message: Extract<FromEngine, { type: 'event' }>) => void;
  /** The engine died and its replacement is ready; `reason` says how it died. */
  onRestarted: (reason: string) => void;
  /** Delay before a restart, in ms (default 1,000). */
  restartDelayMs?: number;
}>;

type Pending = (message: Extract<FromEngine, { type: 'reply' | 'media' }> | null) => void;

/** Restarts allowed within {@link RESTART_WINDOW_MS}; past that the engine stays down. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
/** How long stopping waits for calls in flight (a playback's last event) and for the exit. */
const DRAIN_MS = 2_000;
const EXIT_MS = 5_000;

function unavailable(message: string): ApiResult<never> {
  return { ok: false, error: { code: 'engine-unavailable', message } };
}

/** Runs and supervises the engine process. */
export class EngineSupervisor {
  private child: EngineChild | null = null;
  private spawned = false;
  private readonly outbox: ToEngine[] = [];
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private restarts: number[] = [];
  private stopping = false;
  /** Why the engine is down for good, once restarts are exhausted. */
  private downReason: string | null = null;
  private lastFatal: string | null = null;
  private restartReason: string | null = null;
  private readyWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private exitWaiters: (() => void)[] = [];

  constructor(private readonly options: EngineSupervisorOptions) {}

  /** Starts the process; calls made before it is up wait for it. */
  start(): void {
    let child: EngineChild | null = null;
    child = this.options.spawn({
      spawned: () => {
        if (child === null || child !== this.child) return;
        this.spawned = true;
        for (const message of this.outbox.splice(0)) child.postMessage(message);
      },
      message: (message) => {
        if (child === this.child) this.receive(message);
      },
      exited: (code) => {
        if (child !== null) this.exited(child, code);
      },
    });
    this.child = child;
    this.spawned = false;
  }

  /**
   * Resolves once the running process says its engine is open; rejects with the reason when it
   * ends before that (a store it cannot open, say). For an owner that must not go on without
   * an engine, such as `deepcut serve` starting up.
   */
  whenReady(): Promise<void> {
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** Sends one call; resolves to its reply envelope, or `engine-unavailable`. */
  call(channel: unknown, arg: unknown): Promise<ApiResult<unknown>> {
    if (this.downReason !== null) return Promise.resolve(unavailable(this.downReason));
    if (typeof channel !== 'string') {
      return Promise.resolve({
        ok: false,
        error: { code: 'unknown-channel', message: 'the channel must be a name' },
      });
    }
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, (message) =>
        resolve(
          message?.type === 'reply'
            ? message.result
            : unavailable(
                this.downReason ??
                  `${this.restartReason ?? 'the engine stopped'}; it is restarting`,
              ),
        ),
      );
      this.send({ type: 'call', seq, channel, arg });
    });
  }

  /** The file a media request may read, or why not (`engine-unavailable` while it restarts). */
  media(request: MediaRequest): Promise<MediaLookup> {
    const down: MediaLookup = { ok: false, refusal: 'engine-unavailable' };
    if (this.downReason !== null) return Promise.resolve(down);
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, (message) =>
        resolve(message?.type === 'media' ? message.lookup : down),
      );
      this.send({ type: 'media', seq, request });
    });
  }

  /** Lets calls in flight finish (briefly), asks the engine to close, and kills it if it hangs. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (child === null) return;
    const drainUntil = Date.now() + DRAIN_MS;
    while (this.pending.size > 0 && Date.now() < drainUntil) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (this.child !== child) return;
    const exited = new Promise<void>((resolve) => this.exitWaiters.push(resolve));
    this.send({ type: 'shutdown' });
    const timer = setTimeout(() => child.kill(), EXIT_MS);
    await exited;
    clearTimeout(timer);
  }

  private send(message: ToEngine): void {
    if (this.child !== null && this.spawned) this.child.postMessage(message);
    else this.outbox.push(message);
  }

  private receive(message: FromEngine): void {
    switch (message.type) {
      case 'ready':
        if (this.restartReason !== null) this.options.onRestarted(this.restartReason);
        this.restartReason = null;
        for (const waiter of this.readyWaiters.splice(0)) waiter.resolve();
        return;
      case 'reply':
      case 'media': {
        const settle = this.pending.get(message.seq);
        this.pending.delete(message.seq);
        settle?.(message);
        return;
      }
      case 'event':
        this.options.onEvent(message);
        return;
      case 'fatal':
        this.lastFatal = message.message;
        return;
    }
  }

  private exited(child: EngineChild, code: number | null): void {
    if (child !== this.child) return;
    this.child = null;
    this.spawned = false;
    const reason =
      this.lastFatal ??
      (code === null
        ? 'the engine process was killed'
        : `the engine process exited with code ${code}`);
    this.lastFatal = null;
    const now = Date.now();
    this.restarts = this.restarts.filter((at) => now - at < RESTART_WINDOW_MS);
    const restart = !this.stopping && this.restarts.length < MAX_RESTARTS;
    if (restart) {
      this.restarts.push(now);
      this.restartReason = reason;
    } else if (!this.stopping) {
      this.downReason = `the engine keeps stopping (${reason}); restart Deepcut`;
    }
    // Everything sent or waiting to be sent fails now; nothing is replayed to the next process.
    for (const settle of this.pending.values()) settle(null);
    this.pending.clear();
    this.outbox.length = 0;
    for (const waiter of this.readyWaiters.splice(0)) waiter.reject(new Error(reason));
    for (const waiter of this.exitWaiters.splice(0)) waiter();
    if (!restart) return;
    setTimeout(() => {
      if (!this.stopping) this.start();
    }, this.options.restartDelayMs ?? 1_000);
  }
}
