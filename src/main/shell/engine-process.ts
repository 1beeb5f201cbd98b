/**
 * The engine process as Electron's main sees it: one long-lived utilityProcess (TF.js, LanceDB and
 * the analysis workers load there, never in main or a window), supervised by the
 * transport-independent EngineSupervisor (sequence numbers, restarts, `engine-unavailable`).
 */
import { utilityProcess } from 'electron';
import { EngineSupervisor, type EngineSupervisorOptions } from '../engine-host/engine-supervisor';
import { ENGINE_ARGS, type FromEngine } from '../engine-host/host-protocol';

/** Options for {@link EngineProcess}. */
export type EngineProcessOptions = Omit<EngineSupervisorOptions, 'spawn'> &
  Readonly<{
    /** The built engine entry (out/main/engine-host.js). */
    modulePath: string;
    dataDir: string;
    appVersion: string;
  }>;

/** Runs and supervises the engine as an Electron utilityProcess. */
export class EngineProcess extends EngineSupervisor {
  constructor(options: EngineProcessOptions) {
    const { modulePath, dataDir, appVersion, ...rest } = options;
    super({
      ...rest,
      spawn: (events) => {
        const child = utilityProcess.fork(
          modulePath,
          [`${ENGINE_ARGS.dataDir}${dataDir}`, `${ENGINE_ARGS.version}${appVersion}`],
          { serviceName: 'Deepcut engine', stdio: 'inherit' },
        );
        child.on('spawn', events.spawned);
        child.on('message', (message: FromEngine) => events.message(message));
        child.on('exit', (code) => events.exited(code));
        return {
          postMessage: (message) => child.postMessage(message),
          kill: () => void child.kill(),
        };
      },
    });
  }
}
