/** A real engine in a temp data folder behind the engine host, recording the events it pushes. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiEventName, ApiEvents } from '../../src/shared/api-contract';
import { Engine } from '../../src/main/engine/engine';
import { createEngineHost, type EngineHost } from '../../src/main/engine-host/engine-host';

/** One pushed event. */
export type Pushed = {
  [E in ApiEventName]: Readonly<{ event: E; payload: ApiEvents[E] }>;
}[ApiEventName];

export type HostFixture = Readonly<{
  dir: string;
  engine: Engine;
  host: EngineHost;
  pushed: Pushed[];
  close: () => Promise<void>;
}>;

/** Opens an engine on a fresh data folder (`<dir>/data`) and the host over it. */
export async function openHost(prefix: string): Promise<HostFixture> {
  const dir = await mkdtemp(join(tmpdir(), `deepcut-${prefix}-`));
  const engine = await Engine.open({ dataDir: join(dir, 'data'), workers: 1 });
  const pushed: Pushed[] = [];
  const host = createEngineHost(engine, {
    mode: 'web',
    version: '0.0.0-test',
    emit: (event, payload) => pushed.push({ event, payload } as Pushed),
  });
  return {
    dir,
    engine,
    host,
    pushed,
    close: async () => {
      await host.close();
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
