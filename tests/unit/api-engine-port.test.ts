import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Engine } from '../../src/main/engine/engine';
import { createEngineHost } from '../../src/main/engine-host/engine-host';
import { serveEnginePort, type EnginePort } from '../../src/main/engine-host/engine-port';
import { eventMessage, type FromEngine } from '../../src/main/engine-host/host-protocol';

/** Plays main's side of a utilityProcess's parentPort. */
class FakePort implements EnginePort {
  readonly received: FromEngine[] = [];
  private readonly emitter = new EventEmitter();
  readonly on = (event: 'message', listener: (message: { data: unknown }) => void): void => {
    this.emitter.on(event, listener);
  };
  readonly postMessage = (message: FromEngine): void => {
    this.received.push(message);
  };
  send(data: unknown): void {
    this.emitter.emit('message', { data });
  }
}

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('engine port', () => {
  it('answers calls sent while the engine opens, by sequence number, and shuts down on request', async () => {
    dir = await mkdtemp(join(tmpdir(), 'deepcut-port-'));
    const port = new FakePort();
    let engine: Engine | undefined;
    const done = serveEnginePort(
      port,
      async (emit) => {
        engine = await Engine.open({ dataDir: join(dir ?? '', 'data') });
        return createEngineHost(engine, {
          mode: 'electron',
          version: '1.0.0',
          emit: (event, payload) => emit(eventMessage(event, payload)),
        });
      },
      () => undefined,
    );
    port.send({ type: 'call', seq: 7, channel: 'library:get-folders', arg: {} });
    port.send({ type: 'call', seq: 8, channel: 'library:get-track', arg: { id: 'bad' } });
    port.send({ type: 'media', seq: 9, request: { kind: 'track', trackId: '../../etc/passwd' } });
    port.send('garbage');
    await vi.waitFor(() => expect(port.received.filter((m) => m.type !== 'event')).toHaveLength(4));
    expect(port.received).toContainEqual({ type: 'ready' });
    expect(port.received).toContainEqual({
      type: 'reply',
      seq: 7,
      result: { ok: true, value: [] },
    });
    expect(port.received).toContainEqual({
      type: 'reply',
      seq: 8,
      result: { ok: false, error: expect.objectContaining({ code: 'bad-request' }) },
    });
    expect(port.received).toContainEqual({
      type: 'media',
      seq: 9,
      lookup: { ok: false, refusal: 'unknown-track' },
    });
    port.send({ type: 'shutdown' });
    await done;
    await engine?.close();
  });

  it('tells main why the engine could not open, and exits', async () => {
    dir = await mkdtemp(join(tmpdir(), 'deepcut-port-'));
    const notAFolder = join(dir, 'file');
    await writeFile(notAFolder, 'x');
    const port = new FakePort();
    const exit = vi.fn();
    void serveEnginePort(
      port,
      async () => {
        const engine = await Engine.open({ dataDir: notAFolder });
        return createEngineHost(engine, { mode: 'electron', version: '1', emit: () => undefined });
      },
      exit,
    );
    port.send({ type: 'call', seq: 1, channel: 'library:get-folders', arg: {} });
    await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(1));
    const fatal = port.received.find((m) => m.type === 'fatal');
    expect(fatal).toMatchObject({
      type: 'fatal',
      message: expect.stringContaining('not writable'),
    });
    await vi.waitFor(() =>
      expect(port.received).toContainEqual({
        type: 'reply',
        seq: 1,
        result: { ok: false, error: expect.objectContaining({ code: 'storage' }) },
      }),
    );
  });
});
