/**
 * Entry of Electron's engine process (a long-lived utilityProcess, built to out/main/engine-host.js):
 * TF.js, LanceDB and the analysis workers live here, away from the window and from main.
 */
import { Engine } from '../engine/engine';
import { createEngineHost } from './engine-host';
import { serveEnginePort, type EnginePort } from './engine-port';
import { ENGINE_ARGS, eventMessage, switchValue } from './host-protocol';

const port = (process as unknown as { parentPort?: EnginePort }).parentPort;
const dataDir = switchValue(process.argv, ENGINE_ARGS.dataDir);
if (port === undefined || dataDir === undefined) {
  console.error('the engine process must be started by the Deepcut app');
  process.exit(2);
}

let engine: Engine | null = null;
await serveEnginePort(
  port,
  async (emit) => {
    engine = await Engine.open({ dataDir });
    return createEngineHost(engine, {
      mode: 'electron',
      version: switchValue(process.argv, ENGINE_ARGS.version) ?? 'unknown',
      emit: (event, payload) => emit(eventMessage(event, payload)),
      watch: { catchUp: true },
    });
  },
  (code) => process.exit(code),
);
await (engine as Engine | null)?.close();
process.exit(0);
