import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fitBridge,
  loadBridge,
  MIN_HEARD,
  NEIGHBOURS,
  saveBridge,
} from '../../src/main/engine/cf/bridge';
import { mulberry32 } from '../../src/main/engine/embed/init';
import { initParams } from '../../src/main/engine/cf/neumf';
import { TUNED_CONFIG } from '../../src/main/engine/cf/neumf-config';
import { initBackend } from '../../src/main/engine/embed/backend';
import { tempDir } from '../helpers/synth';

const D = 16;
const HEARD = 60;
const COLD = 10;

/** A model whose item vectors are a fixed linear function of each track's audio (plus noise). */
function linearWorld(noise: number) {
  const rand = mulberry32(5);
  const params = initParams(TUNED_CONFIG, 30, HEARD, 2);
  const f = TUNED_CONFIG.factors;
  const e = TUNED_CONFIG.mlpEmbedding;
  const map = Float32Array.from({ length: D * (f + e) }, () => rand() - 0.5);
  for (const table of [params.gmfUser, params.mlpUser]) {
    for (let k = 0; k < table.length; k++) table[k] = rand() - 0.5;
  }
  const audio = new Map<string, Float32Array>();
  const ids = Array.from({ length: HEARD + COLD }, (_, n) => n.toString(16).padStart(16, '0'));
  const itemOf = (x: Float32Array) =>
    Float32Array.from({ length: f + e }, (_, c) => {
      let s = 0;
      for (let k = 0; k < D; k++) s += (x[k] ?? 0) * (map[k * (f + e) + c] ?? 0);
      return s + noise * (rand() - 0.5);
    });
  const truth = new Map<string, Float32Array>();
  ids.forEach((id, n) => {
    const x = Float32Array.from({ length: D }, () => rand() - 0.5);
    audio.set(id, x);
    const y = itemOf(x);
    truth.set(id, y);
    if (n < HEARD) {
      params.gmfItem.set(y.subarray(0, f), n * f);
      params.mlpItem.set(y.subarray(f), n * e);
    }
  });
  return { params, itemIds: ids.slice(0, HEARD), audio, truth, f, e };
}

let dir: string;
beforeAll(async () => {
  await initBackend('wasm');
  dir = await tempDir();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('the cold-start bridge', () => {
  it('predicts unheard tracks’ item vectors where audio explains them, with high confidence', () => {
    const world = linearWorld(0.01);
    const bridge = fitBridge({
      params: world.params,
      itemIds: world.itemIds,
      profileUser: 0,
      evidence: new Map(world.itemIds.map((id) => [id, 1])),
      audio: world.audio,
    });
    if (bridge === null) throw new Error('no bridge');
    expect(bridge.ids).toHaveLength(COLD);
    expect(bridge.heard).toBe(HEARD);
    expect(bridge.confidence).toBeGreaterThan(0.8);
    // The predicted GMF halves point where the true ones do.
    bridge.ids.forEach((id, c) => {
      const truth = world.truth.get(id)?.subarray(0, world.f) ?? new Float32Array();
      const predicted = bridge.gmf.subarray(c * world.f, (c + 1) * world.f);
      let dot = 0;
      let a = 0;
      let b = 0;
      for (let k = 0; k < world.f; k++) {
        dot += (truth[k] ?? 0) * (predicted[k] ?? 0);
        a += (truth[k] ?? 0) ** 2;
        b += (predicted[k] ?? 0) ** 2;
      }
      expect(dot / Math.sqrt(a * b)).toBeGreaterThan(0.8);
    });
    expect(bridge.neighbours.length).toBe(COLD * NEIGHBOURS);
  });

  it('has no confidence where the audio says nothing of the vectors', () => {
    const world = linearWorld(0);
    // Shuffle the audio among the heard tracks: no map can explain the vectors any more.
    const heard = world.itemIds.map((id) => world.audio.get(id) ?? new Float32Array());
    world.itemIds.forEach((id, n) =>
      world.audio.set(id, heard[(n * 7 + 3) % HEARD] ?? new Float32Array()),
    );
    const bridge = fitBridge({
      params: world.params,
      itemIds: world.itemIds,
      profileUser: 0,
      evidence: new Map(),
      audio: world.audio,
    });
    expect(bridge?.confidence ?? 1).toBeLessThan(0.5);
  });

  it('needs enough heard tracks, and saves and loads what it fitted', async () => {
    const world = linearWorld(0.01);
    const few = new Map(
      [...world.audio].filter(([id]) => !world.itemIds.slice(MIN_HEARD - 1).includes(id)),
    );
    expect(fitBridge({ ...world, profileUser: 0, evidence: new Map(), audio: few })).toBeNull();
    const bridge = fitBridge({ ...world, profileUser: 0, evidence: new Map() });
    if (bridge === null) throw new Error('no bridge');
    await saveBridge(dir, bridge);
    const loaded = await loadBridge(dir, world.params);
    expect(loaded?.ids).toEqual(bridge.ids);
    expect(loaded?.gmf).toEqual(bridge.gmf);
    expect(loaded?.neighbours).toEqual(bridge.neighbours);
    expect(loaded?.confidence).toBe(bridge.confidence);
    expect(await loadBridge(`${dir}/none`, world.params)).toBeNull();
  });
});
