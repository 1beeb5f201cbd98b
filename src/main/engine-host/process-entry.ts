/**
 * Entry of the engine process: TF.js, LanceDB and the analysis workers live here, away from the
 * windows and from the process that serves them. Electron starts it as a long-lived
 * utilityProcess (built to out/main/engine-host.js) and talks through `process.parentPort`;
 * `deepcut serve` forks it as a Node child process and talks through Node's IPC channel. The
 * protocol is the same (host-protocol.ts).
 */
import { Engine } from '../engine/engine';
import { createEngineHost } from './engine-host';
import { serveEnginePort, type EnginePort } from './engine-port';
import { ENGINE_ARGS, eventMessage, switchValue, type FromEngine } from './host-protocol';

/** Node's IPC channel shaped like Electron's parentPort, or undefined without one. */
function nodeIpcPort(): EnginePort | undefined {
  const send = process.send?.bind(process);
  if (send === undefined) return undefined;
  // The parent is gone (killed, even with SIGKILL): nothing will ask this engine anything again.
  process.once('disconnect', () => process.exit(0));
  return {
    on: (_event, listener) => process.on('message', (data: unknown) => listener({ data })),
    // A send after the parent went away fails; the disconnect above ends the process anyway.
    postMessage: (message: FromEngine) => void send(message, () => undefined),
  };
}

const electronPort = (process as unknown as { parentPort?: EnginePort }).parentPort;
const port = electronPort ?? nodeIpcPort();
const dataDir = switchValue(process.argv, ENGINE_ARGS.dataDir);
if (port === undefined || dataDir === undefined) {
  console.error('the engine process must be started by the Deepcut app or `deepcut serve`');
  process.exit(2);
}

let engine: Engine | null = null;
await serveEnginePort(
  port,
  async (emit) => {
    engine = await Engine.open({
      dataDir,
      ffmpegPath: switchValue(process.argv, ENGINE_ARGS.ffmpegPath) ?? null,
    });
    return createEngineHost(engine, {
      mode: electronPort === undefined ? 'web' : 'electron',
      version: switchValue(process.argv, ENGINE_ARGS.version) ?? 'unknown',
      emit: (event, payload) => emit(eventMessage(event, payload)),
      watch: { catchUp: true },
    });
  },
  (code) => process.exit(code),
);
await (engine as Engine | null)?.close();
process.exit(0);
