/**
 * `deepcut serve`'s engine process: the same entry as Electron's (engine-host/process-entry.ts),
 * forked as a Node child process with an IPC channel, so the web mode survives an engine crash
 * the way the desktop app does (engine-host/engine-supervisor.ts restarts it). The CLI runs from
 * the TypeScript sources through tsx, and so does its engine process.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SpawnEngine } from '../engine-host/engine-supervisor';
import { ENGINE_ARGS, type FromEngine } from '../engine-host/host-protocol';

/** What the engine process is started with. */
export type EngineChildOptions = Readonly<{
  dataDir: string;
  appVersion: string;
  ffmpegPath?: string | null;
}>;

const ENTRY = fileURLToPath(new URL('../engine-host/process-entry.ts', import.meta.url));

/** tsx's loader by absolute URL, so the child finds it whatever folder serve was started in. */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}

/** A {@link SpawnEngine} that forks the engine entry as a Node child process. */
export function nodeEngineSpawner(options: EngineChildOptions): SpawnEngine {
  const args = [
    `${ENGINE_ARGS.dataDir}${options.dataDir}`,
    `${ENGINE_ARGS.version}${options.appVersion}`,
  ];
  if (options.ffmpegPath) args.push(`${ENGINE_ARGS.ffmpegPath}${options.ffmpegPath}`);
  return (events) => {
    const child = fork(ENTRY, args, {
      execArgv: ['--import', tsxLoader()],
      // Structured clone, as Electron's postMessage: replies carry typed arrays (thumbnails).
      serialization: 'advanced',
      // The engine's own diagnostics (a native library's warnings) go where serve's go.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('spawn', events.spawned);
    child.on('message', (message) => events.message(message as FromEngine));
    child.on('exit', (code) => events.exited(code));
    // A process that never started may never report 'exit'; a failed send needs no action.
    child.on('error', () => {
      if (child.pid === undefined) events.exited(null);
    });
    return {
      postMessage: (message) => {
        if (child.connected) child.send(message, () => undefined);
      },
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
