/**
 * The engine process as main sees it: one long-lived Electron utilityProcess (TF.js, LanceDB and
 * the analysis workers load there, never in main or a window). Calls go out with a sequence
 * number and come back as the reply with that number; events are forwarded. If the process dies
 * it is started again (a few times a minute at most), calls in flight fail with
 * `engine-unavailable`, and the UI is told once the new one is ready.
 */
import { utilityProcess, type UtilityProcess } from 'electron';
import type { ApiResult } from '../../shared/api-contract';
import { ENGINE_ARGS, type FromEngine, type ToEngine } from '../engine-host/host-protocol';
import type { MediaLookup } from '../engine-host/media/media-file';
import type { MediaRequest } from '../engine-host/media/media-request';

/** Options for {@link EngineProcess}. */
export type EngineProcessOptions = Readonly<{
  /** The built engine entry (out/main/engine-host.js). */
  modulePath: string;
  dataDir: string;
  appVersion: string;
  /** An event from the engine, to forward to the windows. */
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
/** How long quitting waits for calls in flight (a playback's last event) and for the exit. */
const DRAIN_MS = 2_000;
const EXIT_MS = 5_000;

function unavailable(message: string): ApiResult<never> {
  return { ok: false, error: { code: 'engine-unavailable', message } };
}

/** Runs and supervises the engine process. */
export class EngineProcess {
  private child: UtilityProcess | null = null;
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

  constructor(private readonly options: EngineProcessOptions) {}

  /** Starts the process; calls made before it is up wait for it. */
  start(): void {
    const child = utilityProcess.fork(
      this.options.modulePath,
      [
        `${ENGINE_ARGS.dataDir}${this.options.dataDir}`,
        `${ENGINE_ARGS.version}${this.options.appVersion}`,
      ],
      { serviceName: 'Deepcut engine', stdio: 'inherit' },
    );
    this.child = child;
    this.spawned = false;
    child.on('spawn', () => {
      this.spawned = true;
      for (const message of this.outbox.splice(0)) child.postMessage(message);
    });
    child.on('message', (message: FromEngine) => this.receive(message));
    child.on('exit', (code) => this.exited(child, code));
  }

  /** Sends one call; resolves to its reply envelope, or `engine-unavailable`. */
  call(channel: string, arg: unknown): Promise<ApiResult<unknown>> {
    if (this.downReason !== null) return Promise.resolve(unavailable(this.downReason));
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, (message) =>
        resolve(
          message?.type === 'reply'
            ? message.result
            : unavailable(this.restartReason ?? 'the engine stopped; it is restarting'),
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
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
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

  private exited(child: UtilityProcess, code: number): void {
    if (child !== this.child) return;
    this.child = null;
    this.spawned = false;
    const reason = this.lastFatal ?? `the engine process exited with code ${code}`;
    this.lastFatal = null;
    // Everything sent or waiting to be sent fails now; nothing is replayed to the next process.
    for (const settle of this.pending.values()) settle(null);
    this.pending.clear();
    this.outbox.length = 0;
    if (this.stopping) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((at) => now - at < RESTART_WINDOW_MS);
    if (this.restarts.length >= MAX_RESTARTS) {
      this.downReason = `the engine keeps stopping (${reason}); restart Deepcut`;
      return;
    }
    this.restarts.push(now);
    this.restartReason = reason;
    setTimeout(() => {
      if (!this.stopping) this.start();
    }, this.options.restartDelayMs ?? 1_000);
  }
}
