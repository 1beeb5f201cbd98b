/**
 * The one fake `electron` module for shell unit tests. Each fake records what the code under test
 * registered (listeners, handlers, windows) so a test can drive it. Install it per test file:
 *
 * ```ts
 * const electron = await vi.hoisted(async () =>
 *   (await import('../helpers/electron-mock')).createElectronMock(),
 * );
 * vi.mock('electron', () => electron);
 * beforeEach(() => electron.reset());
 * ```
 * Vitest evaluates a mock factory once per file, even across `vi.resetModules()`, so the mock is
 * one object that `reset()` empties in place rather than a new object per test.
 */
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

/** A stand-in for Node's EventEmitter, enough for `on`, `once` and a test's `emit`. */
export class FakeEmitter {
  private readonly listeners = new Map<string, Listener[]>();

  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...this.listenersOf(event), listener]);
    return this;
  }

  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      this.listenersOf(event).filter((registered) => registered !== listener),
    );
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped: Listener = (...args) => {
      this.listeners.set(
        event,
        this.listenersOf(event).filter((registered) => registered !== wrapped),
      );
      return listener(...args);
    };
    return this.on(event, wrapped);
  }

  /** Calls the listeners of `event` as Electron would. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listenersOf(event)) listener(...args);
  }

  listenerCount(event: string): number {
    return this.listenersOf(event).length;
  }

  private listenersOf(event: string): readonly Listener[] {
    return this.listeners.get(event) ?? [];
  }
}

/** What a window-open handler receives and returns, as far as the shell uses it. */
export type WindowOpenHandler = (details: Readonly<{ url: string }>) => Readonly<{
  action: string;
}>;

/** A fake WebContents: an emitter that keeps the window-open handler and what was sent. */
export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: WindowOpenHandler | undefined;
  readonly setWindowOpenHandler = vi.fn((handler: WindowOpenHandler) => {
    this.windowOpenHandler = handler;
  });
  readonly send = vi.fn((_channel: string, ..._args: unknown[]) => undefined);
}

/**
 * A fake utilityProcess child: records what main posts; a test plays the engine's side with
 * `emit('spawn')`, `emit('message', reply)` and `exit(code)`.
 */
export class FakeUtilityProcess extends FakeEmitter {
  readonly posted: unknown[] = [];
  killed = false;
  readonly postMessage = vi.fn((message: unknown) => {
    this.posted.push(message);
  });
  readonly kill = vi.fn(() => {
    this.killed = true;
    this.exit(-1);
    return true;
  });

  constructor(
    readonly modulePath: string,
    readonly args: readonly string[],
    readonly options: Readonly<Record<string, unknown>>,
  ) {
    super();
  }

  /** The process ends with `code`, as Electron reports it. */
  exit(code: number): void {
    this.emit('exit', code);
  }
}

/** The handler shape of `ipcMain.handle`. */
export type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;

/** A navigation-style event (`will-navigate`, `will-redirect`) a test can emit. */
export type FakeNavigationEvent = Readonly<{
  url: string;
  preventDefault: () => void;
  /** Whether a handler called preventDefault. */
  prevented: () => boolean;
}>;

/** Builds a {@link FakeNavigationEvent} for `url`. */
export function navigationEvent(url: string): FakeNavigationEvent {
  let prevented = false;
  return {
    url,
    preventDefault: () => {
      prevented = true;
    },
    prevented: () => prevented,
  };
}

/** Response headers as `webRequest.onHeadersReceived` passes and receives them. */
export type Headers = Record<string, string[]>;
/** The listener shape of `webRequest.onHeadersReceived`. */
export type HeadersListener = (
  details: Readonly<{ url: string; responseHeaders?: Headers }>,
  callback: (response: Readonly<{ responseHeaders?: Headers }>) => void,
) => void;
/** The handler shape of `session.setPermissionRequestHandler`. */
export type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
) => void;
/** The handler shape of `session.setPermissionCheckHandler`. */
export type PermissionCheckHandler = (contents: unknown, permission: string) => boolean;

/** A fresh fake `electron` module; see the file comment for how to install it. */
export function createElectronMock() {
  const windows: FakeBrowserWindow[] = [];
  const utilityProcesses: FakeUtilityProcess[] = [];
  const ipcHandlers = new Map<string, InvokeHandler>();

  class FakeBrowserWindow extends FakeEmitter {
    static readonly getAllWindows = vi.fn(() => windows.filter((window) => !window.destroyed));
    static readonly fromWebContents = vi.fn(
      (contents: unknown) => windows.find((window) => window.webContents === contents) ?? null,
    );
    readonly webContents = new FakeWebContents();
    minimized = false;
    destroyed = false;
    readonly show = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn(() => {
      this.minimized = false;
    });
    readonly isMinimized = vi.fn(() => this.minimized);
    readonly isDestroyed = vi.fn(() => this.destroyed);
    readonly loadURL = vi.fn((_url: string) => Promise.resolve());
    readonly loadFile = vi.fn((_path: string) => Promise.resolve());

    constructor(readonly options: Readonly<Record<string, unknown>>) {
      super();
      windows.push(this);
    }
  }

  const app = Object.assign(new FakeEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn((_code?: number) => undefined),
    enableSandbox: vi.fn(),
    getVersion: vi.fn(() => '9.9.9-test'),
    getPath: vi.fn((name: string) => `/tmp/deepcut-test-${name}`),
    whenReady: vi.fn(() => Promise.resolve()),
  });

  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn((_handler: PermissionRequestHandler) => undefined),
      setPermissionCheckHandler: vi.fn((_handler: PermissionCheckHandler) => undefined),
      webRequest: { onHeadersReceived: vi.fn((_listener: HeadersListener) => undefined) },
    },
  };

  const ipcRenderer = Object.assign(new FakeEmitter(), {
    invoke: vi.fn((_channel: string, ..._args: unknown[]) => Promise.resolve<unknown>(undefined)),
  });

  return {
    /**
     * Forgets windows, processes, IPC handlers and app listeners and resets every `vi.fn` (in the whole test file) to
     * its original implementation (not part of Electron's API).
     */
    reset(): void {
      windows.length = 0;
      utilityProcesses.length = 0;
      ipcHandlers.clear();
      ipcRenderer.removeAllListeners();
      app.removeAllListeners();
      app.isPackaged = false;
      vi.resetAllMocks();
    },
    app,
    BrowserWindow: FakeBrowserWindow,
    session,
    shell: { openExternal: vi.fn((_url: string) => Promise.resolve()) },
    contextBridge: { exposeInMainWorld: vi.fn((_key: string, _api: unknown) => undefined) },
    ipcMain: {
      handle: vi.fn((channel: string, handler: InvokeHandler) => {
        ipcHandlers.set(channel, handler);
      }),
    },
    ipcRenderer,
    dialog: {
      showOpenDialog: vi.fn((..._args: unknown[]) =>
        Promise.resolve({ canceled: true, filePaths: [] as string[] }),
      ),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn((_schemes: unknown[]) => undefined),
      handle: vi.fn(
        (_scheme: string, _handler: (request: Request) => Promise<Response>) => undefined,
      ),
    },
    utilityProcess: {
      fork: vi.fn(
        (modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) => {
          const child = new FakeUtilityProcess(modulePath, args, options);
          utilityProcesses.push(child);
          return child;
        },
      ),
    },
    /** Every window constructed, in order (not part of Electron's API). */
    windows,
    /** Every utility process forked, in order (not part of Electron's API). */
    utilityProcesses,
    /** The `ipcMain.handle` handlers by channel (not part of Electron's API). */
    ipcHandlers,
  };
}

/** The fake module {@link createElectronMock} returns. */
export type ElectronMock = ReturnType<typeof createElectronMock>;
