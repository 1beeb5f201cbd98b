import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/main/engine/embed/init';
import type { NcfModel } from '../../src/main/engine/cf/model-io';
import { loadNcfModel, ncfModelVersion, saveNcfModel } from '../../src/main/engine/cf/model-io';
import type { NeumfParams } from '../../src/main/engine/cf/neumf';
import { initParams } from '../../src/main/engine/cf/neumf';
import type { NcfKind } from '../../src/main/engine/cf/neumf-config';
import { defaultConfig } from '../../src/main/engine/cf/neumf-config';

let dir: string;

/** Every array of the parameters, as raw bytes. */
function bytes(p: NeumfParams): Buffer[] {
  return [
    p.gmfUser,
    p.gmfItem,
    p.mlpUser,
    p.mlpItem,
    ...p.tower.flatMap((l) => [l.weight, l.bias]),
    p.out,
    p.outBias,
  ].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
}

function model(kind: NcfKind): NcfModel {
  const params = initParams(defaultConfig(kind, 4), 3, 5, 9);
  // Awkward values a lossy format would alter: subnormals, −0, extremes, long mantissas.
  const rand = mulberry32(4);
  params.gmfItem.forEach((_, i) => (params.gmfItem[i] = (rand() - 0.5) * 1e-3));
  params.mlpUser[0] = -0;
  params.mlpUser[1] = 1e-45;
  params.mlpUser[2] = 3.4028234663852886e38;
  params.outBias[0] = Math.PI;
  return {
    params,
    userIds: ['session:1', 'session:2', 'profile:me'],
    itemIds: ['t1', 't2', 't3', 't4', 'ünïcode ✓'],
    createdAt: '2026-11-27T10:00:00.000Z',
    notes: 'test',
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deepcut-ncf-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('NCF model files', () => {
  for (const kind of ['neumf', 'gmf', 'mlp'] as NcfKind[]) {
    it(`round-trip bit-exactly (${kind})`, async () => {
      const saved = model(kind);
      const version = await saveNcfModel(join(dir, kind), saved);
      expect(version).toMatch(/^ncf1-[0-9a-f]{12}$/);
      const loaded = await loadNcfModel(join(dir, kind));
      expect(loaded.version).toBe(version);
      expect(ncfModelVersion(loaded)).toBe(version);
      expect(bytes(loaded.params)).toEqual(bytes(saved.params));
      expect(Object.is(loaded.params.mlpUser[0], -0)).toBe(kind !== 'gmf');
      expect(loaded.params.config).toEqual(saved.params.config);
      expect([loaded.params.nUsers, loaded.params.nItems]).toEqual([3, 5]);
      expect(loaded.userIds).toEqual(saved.userIds);
      expect(loaded.itemIds).toEqual(saved.itemIds);
      expect(loaded.createdAt).toBe(saved.createdAt);
      expect(loaded.notes).toBe('test');
    });
  }

  it('change version with the weights or the ids', () => {
    const a = model('neumf');
    const b = model('neumf');
    expect(ncfModelVersion(a)).toBe(ncfModelVersion(b));
    b.params.out[0] = (b.params.out[0] ?? 0) + 1e-6;
    expect(ncfModelVersion(a)).not.toBe(ncfModelVersion(b));
    expect(ncfModelVersion({ ...a, itemIds: ['t1', 't2', 't3', 't4', 't5'] })).not.toBe(
      ncfModelVersion(a),
    );
  });

  it('refuse a corrupted or mismatched file', async () => {
    const target = join(dir, 'corrupt');
    await saveNcfModel(target, model('neumf'));
    const bin = await readFile(join(target, 'params.bin'));
    bin[10] = (bin[10] ?? 0) ^ 1;
    await writeFile(join(target, 'params.bin'), bin);
    await expect(loadNcfModel(target)).rejects.toThrow(/does not hash/);
    await writeFile(join(target, 'params.bin'), bin.subarray(0, bin.length - 4));
    await expect(loadNcfModel(target)).rejects.toThrow(/wrong size/);
    await writeFile(join(target, 'model.json'), '{"format":"other"}');
    await expect(loadNcfModel(target)).rejects.toThrow(/invalid model.json/);
    await expect(loadNcfModel(join(dir, 'missing'))).rejects.toThrow(/cannot read/);
    await expect(
      saveNcfModel(join(dir, 'bad'), { ...model('gmf'), userIds: ['only one'] }),
    ).rejects.toThrow(/ids/);
  });
});
